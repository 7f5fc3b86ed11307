"""redis-py (plain Redis client) on one node: a MULTI/EXEC pipeline, WATCH
failing a transaction after another client's write, a function library
loaded and called with FCALL / FCALL_RO, a registered script, and a stream
consumer group; prints the results as JSON.

usage: standalone_families.py PORT
"""
import json
import sys

import redis

port = int(sys.argv[1])
r = redis.Redis(host="127.0.0.1", port=port, decode_responses=True)
other = redis.Redis(host="127.0.0.1", port=port, decode_responses=True)
r.flushall()
r.function_flush()
out = {}

pipe = r.pipeline(transaction=True)
pipe.set("py:tx", "1").incr("py:tx").rpush("py:list", "a", "b").lrange("py:list", 0, -1)
out["exec"] = pipe.execute()

with r.pipeline(transaction=True) as p:
    p.watch("py:watched")
    other.set("py:watched", "theirs")
    p.multi()
    p.set("py:watched", "mine")
    try:
        p.execute()
        out["watch"] = "executed"
    except redis.WatchError:
        out["watch"] = "aborted"
out["watched"] = r.get("py:watched")

lib = """#!lua name=pylib
redis.register_function('pyincr', function(keys, args) return redis.call('INCRBY', keys[1], args[1]) end)
redis.register_function{function_name='pyget', callback=function(keys) return redis.call('GET', keys[1]) end, flags={'no-writes'}}
"""
out["loaded"] = r.function_load(lib)
out["fcall"] = [r.fcall("pyincr", 1, "py:f", 5), r.fcall("pyincr", 1, "py:f", 2)]
out["fcall_ro"] = r.fcall_ro("pyget", 1, "py:f")
try:
    r.fcall_ro("pyincr", 1, "py:f", 1)
    out["ro_write"] = "ran"
except redis.ResponseError as e:
    out["ro_write"] = str(e)
def pairs(flat):
    """FUNCTION LIST items come back as RESP2's flat name/value lists."""
    return dict(zip(flat[::2], flat[1::2]))


out["libraries"] = [(pairs(l)["library_name"], sorted(pairs(f)["name"] for f in pairs(l)["functions"])) for l in r.function_list()]

script = r.register_script("return redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])")
out["script"] = [script(keys=["py:h"], args=["f", "v"]), script(keys=["py:h"], args=["f", "w"]), r.hget("py:h", "f")]

ids = [r.xadd("py:stream", {"n": str(i)}) for i in range(4)]
r.xgroup_create("py:stream", "g", id="0")
got = r.xreadgroup("g", "c", {"py:stream": ">"}, count=2)
out["read"] = [f["n"] for _, f in got[0][1]]
out["acked"] = r.xack("py:stream", "g", ids[0])
out["pending"] = r.xpending("py:stream", "g")["pending"]
info = r.xinfo_groups("py:stream")[0]
out["group"] = [info["name"], info["consumers"], info["pending"], info["last-delivered-id"] == ids[1]]
print(json.dumps(out))
