/**
 * Differential testing: the same commands to Shoal and to redis-server, and
 * the replies compared as typed values.
 */
import assert from 'node:assert/strict';
import { RespConn, type Reply } from './resp';
import { startRedis, startShoal, type Proc } from './procs';

export interface Pair {
  shoal: RespConn;
  redis: RespConn;
  shoalProc: Proc;
  redisProc: Proc;
  /** Sends one command to both; asserts identical replies; returns Shoal's. */
  same: (...args: (string | number | Buffer)[]) => Promise<Reply>;
  /** same() for each command in turn. */
  sameAll: (cmds: (string | number | Buffer)[][]) => Promise<void>;
  /** Like same() for a HELP reply: 7.2 reworded its last line ("Prints" became "Print"). */
  sameHelp: (...args: (string | number | Buffer)[]) => Promise<Reply>;
  /** Sends to both and returns both replies, for callers that compare loosely. */
  both: (...args: (string | number | Buffer)[]) => Promise<[Reply, Reply]>;
  close: () => Promise<void>;
}

export async function startPair(shoalArgs: string[] = [], redisArgs: string[] = []): Promise<Pair> {
  const [shoalProc, redisProc] = await Promise.all([startShoal(shoalArgs), startRedis(redisArgs)]);
  const [shoal, redis] = await Promise.all([RespConn.connect(shoalProc.port), RespConn.connect(redisProc.port)]);
  const both = async (...args: (string | number | Buffer)[]): Promise<[Reply, Reply]> =>
    Promise.all([shoal.call(...args), redis.call(...args)]);
  const same = async (...args: (string | number | Buffer)[]): Promise<Reply> => {
    const [a, b] = await both(...args);
    assert.deepEqual(a, b, `reply to ${JSON.stringify(args.map(String))} differs: shoal=${JSON.stringify(a)} redis=${JSON.stringify(b)}`);
    return a;
  };
  return {
    shoal,
    redis,
    shoalProc,
    redisProc,
    both,
    same,
    async sameAll(cmds) {
      for (const cmd of cmds) await same(...cmd);
    },
    async sameHelp(...args) {
      const [a, b] = await both(...args);
      assert.deepEqual(a, helpAs72(b), `reply to ${JSON.stringify(args.map(String))} differs`);
      return a;
    },
    async close() {
      shoal.close();
      redis.close();
      await Promise.all([shoalProc.stop(), redisProc.stop()]);
    },
  };
}

/** The 7.0 oracle's HELP reply as 7.2 words it: "Prints" became "Print", and the `dropped` lines are gone. */
export function helpAs72(r: Reply, dropped: readonly string[] = []): Reply {
  if (r.t !== 'array' || r.v === null) return r;
  const kept = r.v.filter((x) => !(x.t === 'status' && dropped.includes(x.v)));
  return { t: 'array', v: kept.map((x) => (x.t === 'status' && x.v === '    Prints this help.' ? { t: 'status', v: '    Print this help.' } : x)) };
}
