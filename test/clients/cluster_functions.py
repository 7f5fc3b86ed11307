"""redis-py RedisCluster with Redis Functions, driven by test/cluster/functions-clients.test.ts.

usage: cluster_functions.py HOST PORT
Loads a library on every primary, calls its functions on keys of every
node, and prints one JSON line of results.
"""
import json
import sys

from redis.cluster import RedisCluster
from redis.exceptions import RedisError

LIBRARY = """#!lua name=pylib
redis.register_function('py_set', function(keys, args) return redis.call('set', keys[1], args[1]) end)
redis.register_function{function_name='py_get', callback=function(keys) return redis.call('get', keys[1]) end, flags={'no-writes'}}
"""


def main(host, port):
    rc = RedisCluster(host=host, port=int(port), decode_responses=True)
    # Nodes do not pass libraries on: FUNCTION LOAD goes to every primary.
    loaded = rc.execute_command("FUNCTION", "LOAD", "REPLACE", LIBRARY, target_nodes=RedisCluster.PRIMARIES)
    keys = [f"pykey{i}" for i in range(20)]
    set_ok = sum(1 for k in keys if rc.fcall("py_set", 1, k, f"v-{k}") == "OK")
    read_ok = sum(1 for k in keys if rc.fcall_ro("py_get", 1, k) == f"v-{k}")
    try:
        rc.fcall_ro("py_set", 1, "pykey0", "x")
        ro_error = None
    except RedisError as e:
        ro_error = str(e)
    listed = rc.execute_command("FUNCTION", "LIST", target_nodes=RedisCluster.PRIMARIES)
    names = sorted({lib["library_name"] if isinstance(lib, dict) else lib[1] for libs in listed.values() for lib in libs})
    deleted = rc.execute_command("FUNCTION", "DELETE", "pylib", target_nodes=RedisCluster.PRIMARIES)
    print(json.dumps({
        "loaded": sorted(set(loaded.values())),
        "primaries": len(loaded),
        "set": set_ok,
        "read": read_ok,
        "ro_error": ro_error,
        "libraries": names,
        "deleted": sorted(set(str(v) for v in deleted.values())),
    }))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
