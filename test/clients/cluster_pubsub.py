"""redis-py RedisCluster pub/sub: subscribes through one client, publishes
COUNT messages through another, prints the messages received as JSON.

usage: cluster_pubsub.py HOST PORT USER PASSWORD COUNT
"""
import json
import sys
import time

from redis.cluster import RedisCluster

host, port, user, password, count = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
sub = RedisCluster(host=host, port=port, username=user, password=password, decode_responses=True)
pub = RedisCluster(host=host, port=port, username=user, password=password, decode_responses=True)
ps = sub.pubsub()
ps.subscribe("py-news")
# Wait for the subscription confirmation before publishing.
deadline = time.time() + 10
while time.time() < deadline:
    m = ps.get_message(timeout=0.5)
    if m and m["type"] == "subscribe":
        break
for i in range(count):
    pub.publish("py-news", f"m{i}")
got = []
deadline = time.time() + 15
while len(got) < count and time.time() < deadline:
    m = ps.get_message(timeout=0.5)
    if m and m["type"] == "message":
        got.append(m["data"])
ps.close()
print(json.dumps(got))
