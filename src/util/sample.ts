/**
 * Random index picks for HRANDFIELD, SRANDMEMBER, SPOP (and ZRANDMEMBER),
 * mirroring how Redis samples: small encodings give distinct picks in their
 * stored order, big ones in random order.
 */

export function randomIndex(n: number): number {
  return Math.floor(Math.random() * n);
}

/** k distinct indices below n, ascending (selection sampling, one pass). */
export function sampleInOrder(n: number, k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n && out.length < k; i++) {
    if (Math.random() * (n - i) < k - out.length) out.push(i);
  }
  return out;
}

/** k distinct indices below n, in random order. */
export function sampleDistinct(n: number, k: number): number[] {
  if (k * 3 > n) {
    // Many of them: a partial shuffle of every index.
    const all = new Array<number>(n);
    for (let i = 0; i < n; i++) all[i] = i;
    for (let i = 0; i < k; i++) {
      const j = i + randomIndex(n - i);
      const t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    all.length = k;
    return all;
  }
  const seen = new Set<number>();
  while (seen.size < k) seen.add(randomIndex(n));
  return [...seen];
}
