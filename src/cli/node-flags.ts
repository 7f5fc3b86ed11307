/**
 * V8 flags a data node runs with. GC on the main thread only: on small
 * machines V8's parallel GC helpers otherwise take the cores that clients
 * and other shards need, which costs more than it saves. A 4 MiB young
 * generation keeps the idle footprint small; short-lived request garbage
 * dies young either way. The `shoal` shebang and `npm start` repeat this list.
 */
export const NODE_FLAGS: readonly string[] = ['--single-threaded-gc', '--max-semi-space-size=4'];
