/**
 * A Driver for a client library living in this process: the scenarios are
 * written once against a handful of operations each library provides.
 */
import type { Cluster } from '../helpers/cluster';
import { sleep } from '../helpers/cluster';
import type { Driver } from './scenarios';

export interface Ops {
  set(key: string, value: string): Promise<unknown>;
  get(key: string): Promise<string | null>;
  mset(pairs: [string, string][]): Promise<unknown>;
  mget(keys: string[]): Promise<(string | null)[]>;
  close(): Promise<void>;
}

const BATCH = 100;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Runs fn for i in [0, n) with BATCH calls in flight; returns how many resolved true. */
async function countBatched(n: number, fn: (i: number) => Promise<boolean>): Promise<number> {
  let count = 0;
  for (let i = 0; i < n; i += BATCH) {
    const done = await Promise.all(Array.from({ length: Math.min(BATCH, n - i) }, (_, j) => fn(i + j)));
    count += done.filter(Boolean).length;
  }
  return count;
}

async function retrying<T>(fn: () => Promise<T>, errors: string[], ms = 20000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      errors.push(message(e));
      if (Date.now() > deadline) throw e;
      await sleep(100);
    }
  }
}

export function opsDriver(name: string, connect: (c: Cluster) => Promise<Ops>): Driver {
  return {
    name,
    async basic(c, prefix, n) {
      const o = await connect(c);
      try {
        const written = await countBatched(n, async (i) => (await o.set(`${prefix}${i}`, String(i))) === 'OK');
        const read = await countBatched(n, async (i) => (await o.get(`${prefix}${i}`)) === String(i));
        await o.mset([['{t}a', '1'], ['{t}b', '2'], ['{t}c', '3']]);
        const tagged = await o.mget(['{t}a', '{t}b', '{t}c']);
        let crossslot = 'accepted';
        await o.mset([['x1', '1'], ['x2', '2']]).catch((e: unknown) => (crossslot = message(e)));
        return { written, read, tagged, crossslot };
      } finally {
        await o.close();
      }
    },
    async churn(c, tag, moving) {
      const o = await connect(c);
      try {
        let stopAt = Infinity;
        void moving.finally(() => (stopAt = i + 50));
        const errors: string[] = [];
        let i = 0;
        while (i < stopAt && errors.length <= 20) {
          try {
            await o.set(`{${tag}}:w:${i}`, String(i));
            i++;
          } catch (e) {
            errors.push(`write ${i}: ${message(e)}`);
          }
        }
        const mismatches = i - (await countBatched(i, async (k) => (await o.get(`{${tag}}:w:${k}`)) === String(k)));
        return { acked: i, errors, mismatches };
      } finally {
        await o.close();
      }
    },
    async recover(c, prefix, n, crash) {
      const o = await connect(c);
      try {
        await countBatched(n, async (i) => (await o.set(`${prefix}${i}`, 'before')) === 'OK');
        await crash();
        const errors: string[] = [];
        let verified = 0;
        for (let i = 0; i < n; i++) {
          await retrying(() => o.set(`${prefix}${i}`, String(i)), errors);
          if ((await retrying(() => o.get(`${prefix}${i}`), errors)) === String(i)) verified++;
        }
        return { verified, errors };
      } finally {
        await o.close();
      }
    },
  };
}
