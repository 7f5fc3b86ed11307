"""Sends the commands of datatypes.json through redis-py's RedisCluster and
prints the replies as one JSON list (errors as {"error": first word}).

usage: cluster_datatypes.py HOST PORT USER PASSWORD
"""
import json
import os
import sys

from redis.cluster import RedisCluster
from redis.exceptions import RedisError

host, port, user, password = sys.argv[1:5]
rc = RedisCluster(host=host, port=int(port), username=user, password=password, decode_responses=True)
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "datatypes.json")) as f:
    commands = json.load(f)["commands"]

# Raw replies, as the other clients report them: redis-py's parsing callbacks expect its own keyword arguments.
raw = lambda r, **kw: r  # noqa: E731
for name in {c["args"][0] for c in commands}:
    rc.set_response_callback(name, raw)
    for node in rc.get_nodes():
        node.redis_connection.response_callbacks[name] = raw

out = []
for cmd in commands:
    try:
        reply = rc.execute_command(*cmd["args"])
    except RedisError as e:
        reply = {"error": str(e).split(" ")[0]}
    if cmd.get("sort") and isinstance(reply, (list, set)):
        reply = sorted(reply, key=json.dumps)
    out.append(reply)
rc.close()
print(json.dumps(out, default=list))
