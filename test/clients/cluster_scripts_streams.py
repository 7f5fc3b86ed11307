"""redis-py RedisCluster scripts and streams: a registered script run on
keys of every shard (EVALSHA, EVAL after NOSCRIPT), a one-slot EVAL, and a
consumer group read, acknowledged and inspected; prints the results as JSON.

usage: cluster_scripts_streams.py HOST PORT USER PASSWORD
"""
import json
import sys

from redis.cluster import RedisCluster

host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
rc = RedisCluster(host=host, port=port, username=user, password=password, decode_responses=True)
out = {}

incr = rc.register_script("return redis.call('INCRBY', KEYS[1], ARGV[1])")
out["first"] = [incr(keys=[f"py:script:{i}"], args=[i]) for i in range(30)]
out["again"] = [incr(keys=[f"py:script:{i}"], args=[1]) for i in range(30)]
out["pair"] = rc.eval("redis.call('SET', KEYS[1], ARGV[1]); return {redis.call('GET', KEYS[1]), redis.call('EXISTS', KEYS[2])}", 2, "{py}a", "{py}b", "x")

stream = "{py}stream"
ids = [rc.xadd(stream, {"n": str(i)}) for i in range(5)]
rc.xgroup_create(stream, "g", id="0")
first = rc.xreadgroup("g", "c1", {stream: ">"}, count=3)
out["read"] = [fields["n"] for _, fields in first[0][1]]
out["acked"] = rc.xack(stream, "g", *[entry_id for entry_id, _ in first[0][1]])
rest = rc.xreadgroup("g", "c2", {stream: ">"}, count=10)
out["rest"] = [fields["n"] for _, fields in rest[0][1]]
summary = rc.xpending(stream, "g")
out["pending"] = summary["pending"]
out["pending_ids_match"] = summary["min"] == ids[3] and summary["max"] == ids[4]
out["len"] = rc.xlen(stream)
out["range"] = [fields["n"] for _, fields in rc.xrange(stream, min=ids[1], max=ids[3])]
print(json.dumps(out))
