/** CLIENT LIST / CLIENT INFO lines, with Redis 7.2's fields in its order. */
import type { Client } from './client';

/** Redis's one-letter client flags, in the order it prints them. */
export function clientFlags(c: Client): string {
  let f = '';
  if (c.monitor) f += 'O';
  else if (c.kind === 'replica') f += 'S';
  if (c.kind === 'pubsub') f += 'P';
  if (c.multi !== null) f += 'x';
  if (c.unblock !== null) f += 'b';
  if (c.watchDirty) f += 'd';
  if (c.closeAfterReply) f += 'c';
  if (c.noEvict) f += 'e';
  if (c.noTouch) f += 'T';
  return f === '' ? 'N' : f;
}

export function clientInfoLine(c: Client, now: number): string {
  const qbuf = c.parser.pending;
  const subs = c.subscriptions;
  const omem = c.conn?.pendingBytes ?? 0;
  const cmd = c.lastCommand === null ? 'NULL' : c.lastCommand.fullName;
  return (
    `id=${c.id} addr=${c.addr} laddr=${c.laddr} fd=${c.conn?.fd ?? -1} name=${c.name}` +
    ` age=${Math.floor((now - c.createdAt) / 1000)} idle=${Math.floor((now - c.lastInteraction) / 1000)}` +
    ` flags=${clientFlags(c)} db=${c.db.id} sub=${subs?.channels.size ?? 0} psub=${subs?.patterns.size ?? 0} ssub=${subs?.shard.size ?? 0} multi=${c.multi === null ? -1 : c.multi.length}` +
    ` qbuf=${qbuf} qbuf-free=${qbuf === 0 ? 0 : Math.max(0, 16384 - qbuf)} argv-mem=0 multi-mem=0` +
    ` rbs=16384 rbp=0 obl=0 oll=${omem === 0 ? 0 : 1} omem=${omem} tot-mem=${16384 + qbuf + omem}` +
    ` events=${omem === 0 ? 'r' : 'rw'} cmd=${cmd} user=${c.user.name} redir=-1 resp=${c.proto}` +
    ` lib-name=${c.libName} lib-ver=${c.libVer}`
  );
}
