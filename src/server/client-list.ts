/** CLIENT LIST / CLIENT INFO lines, with Redis 7.2's fields in its order. */
import type { Client } from './client';

function socketFd(c: Client): number {
  const handle = (c.socket as unknown as { _handle?: { fd?: number } } | null)?._handle;
  return handle?.fd ?? -1;
}

/** Redis's one-letter client flags, in the order it prints them. */
export function clientFlags(c: Client): string {
  let f = '';
  if (c.monitor) f += 'O';
  else if (c.kind === 'replica') f += 'S';
  if (c.kind === 'pubsub') f += 'P';
  if (c.unblock !== null) f += 'b';
  if (c.closeAfterReply) f += 'c';
  if (c.noEvict) f += 'e';
  if (c.noTouch) f += 'T';
  return f === '' ? 'N' : f;
}

export function clientInfoLine(c: Client, now: number): string {
  const qbuf = c.parser.pending;
  const omem = c.socket?.writableLength ?? 0;
  const cmd = c.lastCommand === null ? 'NULL' : c.lastCommand.fullName;
  return (
    `id=${c.id} addr=${c.addr} laddr=${c.laddr} fd=${socketFd(c)} name=${c.name}` +
    ` age=${Math.floor((now - c.createdAt) / 1000)} idle=${Math.floor((now - c.lastInteraction) / 1000)}` +
    ` flags=${clientFlags(c)} db=${c.db.id} sub=0 psub=0 ssub=0 multi=-1` +
    ` qbuf=${qbuf} qbuf-free=${qbuf === 0 ? 0 : Math.max(0, 16384 - qbuf)} argv-mem=0 multi-mem=0` +
    ` rbs=16384 rbp=0 obl=0 oll=${omem === 0 ? 0 : 1} omem=${omem} tot-mem=${16384 + qbuf + omem}` +
    ` events=${omem === 0 ? 'r' : 'rw'} cmd=${cmd} user=${c.user.name} redir=-1 resp=${c.proto}` +
    ` lib-name=${c.libName} lib-ver=${c.libVer}`
  );
}
