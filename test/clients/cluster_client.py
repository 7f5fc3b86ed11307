"""redis-py RedisCluster driven by the cluster client tests.

usage: cluster_client.py HOST PORT USER PASSWORD basic PREFIX N
                                             churn TAG
                                             recover PREFIX N
Prints "ready" when the test should act (churn, recover), reads "stop"/"go"
on stdin, and ends with one JSON line of results.
"""
import json
import select
import sys
import time

from redis.cluster import RedisCluster
from redis.exceptions import RedisError, RedisClusterException

FAILURES = (RedisError, RedisClusterException, OSError)


def connect(host, port, user, password):
    return RedisCluster(host=host, port=int(port), username=user, password=password, decode_responses=True)


def basic(rc, prefix, n):
    written = sum(1 for i in range(n) if rc.set(f"{prefix}{i}", str(i)) is True)
    read = sum(1 for i in range(n) if rc.get(f"{prefix}{i}") == str(i))
    rc.mset({"{t}a": "1", "{t}b": "2", "{t}c": "3"})
    tagged = rc.mget("{t}a", "{t}b", "{t}c")
    # The client refuses cross-slot MSET itself; send it to a node to see the server's answer.
    try:
        rc.mset({"x1": "1", "x2": "2"})
        return {"error": "client accepted a cross-slot MSET"}
    except RedisClusterException:
        pass
    try:
        rc.execute_command("MSET", "x1", "1", "x2", "2", target_nodes=rc.get_node_from_key("x1"))
        crossslot = "accepted"
    except RedisError as e:
        # redis-py maps the CROSSSLOT error to its own class and drops the prefix.
        crossslot = f"{type(e).__name__}: {e}"
    return {"written": written, "read": read, "tagged": tagged, "crossslot": crossslot}


def stdin_line_ready():
    return bool(select.select([sys.stdin], [], [], 0)[0]) and sys.stdin.readline() != ""


def churn(rc, tag):
    print("ready", flush=True)
    i, stop_at, errors = 0, None, []
    while stop_at is None or i < stop_at:
        if stop_at is None and stdin_line_ready():
            stop_at = i + 50
        try:
            rc.set(f"{{{tag}}}:w:{i}", str(i))
            i += 1
        except FAILURES as e:
            errors.append(f"write {i}: {e!r}")
            if len(errors) > 20:
                break
    mismatches = sum(1 for k in range(i) if rc.get(f"{{{tag}}}:w:{k}") != str(k))
    return {"acked": i, "errors": errors, "mismatches": mismatches}


def retrying(fn, errors, seconds=20):
    deadline = time.time() + seconds
    while True:
        try:
            return fn()
        except FAILURES as e:
            errors.append(repr(e))
            if time.time() > deadline:
                raise
            time.sleep(0.1)


def recover(rc, prefix, n):
    for i in range(n):
        rc.set(f"{prefix}{i}", "before")
    print("ready", flush=True)
    sys.stdin.readline()
    errors, verified = [], 0
    for i in range(n):
        retrying(lambda: rc.set(f"{prefix}{i}", str(i)), errors)
        if retrying(lambda: rc.get(f"{prefix}{i}"), errors) == str(i):
            verified += 1
    return {"verified": verified, "errors": errors}


def main():
    host, port, user, password, mode, *rest = sys.argv[1:]
    rc = connect(host, port, user, password)
    if mode == "basic":
        out = basic(rc, rest[0], int(rest[1]))
    elif mode == "churn":
        out = churn(rc, rest[0])
    else:
        out = recover(rc, rest[0], int(rest[1]))
    print(json.dumps(out), flush=True)


main()
