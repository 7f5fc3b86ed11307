/**
 * The server's two Lua engines (EVAL scripts, FCALL functions), each made on
 * first use. The Lua VM is ~10 MB of code and heap, so its modules load only
 * when a server first runs a script or function, not at start-up.
 */
import type { Server } from '../server/server';
import type { ScriptEngine } from './engine';
import type { FunctionEngine } from './functions';

export interface PerServer<T> {
  (server: Server): T;
  /** The server's one if made, without making it (INFO). */
  peek(server: Server): T | undefined;
}

function perServer<T extends object>(make: (server: Server) => T): PerServer<T> {
  const made = new WeakMap<Server, T>();
  const get = (server: Server): T => {
    let v = made.get(server);
    if (v === undefined) {
      v = make(server);
      made.set(server, v);
    }
    return v;
  };
  return Object.assign(get, { peek: (server: Server) => made.get(server) });
}

export const engineOf = perServer((server): ScriptEngine => {
  const m = require('./engine') as typeof import('./engine');
  return new m.ScriptEngine(server);
});

export const functionsOf = perServer((server): FunctionEngine => {
  const m = require('./functions') as typeof import('./functions');
  return new m.FunctionEngine(server);
});
