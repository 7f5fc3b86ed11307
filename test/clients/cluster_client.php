<?php
// PhpRedis RedisCluster driven by the cluster client tests.
//
// usage: php cluster_client.php HOST PORT USER PASSWORD basic PREFIX N
//                                                  churn TAG
//                                                  recover PREFIX N
// Prints "ready" when the test should act (churn, recover), reads "stop"/"go"
// on stdin, and ends with one JSON line of results.

[, $host, $port, $user, $password, $mode] = $argv;
$rest = array_slice($argv, 6);

$rc = new RedisCluster(null, ["$host:$port"], 2.0, 2.0, false, [$user, $password]);

/** Runs $fn; a RedisClusterException or false result is an error message. */
function attempt(RedisCluster $rc, callable $fn, &$error)
{
    try {
        $r = $fn();
        if ($r === false) {
            $error = $rc->getLastError() ?? 'false';
            $rc->clearLastError();
        }
        return $r;
    } catch (RedisClusterException $e) {
        $error = $e->getMessage();
        return false;
    }
}

function basic(RedisCluster $rc, string $prefix, int $n): array
{
    $written = 0;
    $read = 0;
    for ($i = 0; $i < $n; $i++) if ($rc->set("$prefix$i", (string)$i) === true) $written++;
    for ($i = 0; $i < $n; $i++) if ($rc->get("$prefix$i") === (string)$i) $read++;
    $rc->mset(['{t}a' => '1', '{t}b' => '2', '{t}c' => '3']);
    $tagged = array_map(fn ($v) => $v === false ? null : $v, $rc->mget(['{t}a', '{t}b', '{t}c']));
    // PhpRedis splits MSET per slot itself; the raw command shows the server's answer.
    $crossslot = 'accepted';
    attempt($rc, fn () => $rc->rawCommand('x1', 'MSET', 'x1', '1', 'x2', '2'), $crossslot);
    return ['written' => $written, 'read' => $read, 'tagged' => $tagged, 'crossslot' => $crossslot];
}

function churn(RedisCluster $rc, string $tag): array
{
    echo "ready\n";
    stream_set_blocking(STDIN, false);
    $i = 0;
    $stopAt = null;
    $errors = [];
    while ($stopAt === null || $i < $stopAt) {
        if ($stopAt === null && fgets(STDIN) !== false) $stopAt = $i + 50;
        $error = null;
        if (attempt($rc, fn () => $rc->set("{{$tag}}:w:$i", (string)$i), $error) === true) {
            $i++;
        } else {
            $errors[] = "write $i: $error";
            if (count($errors) > 20) break;
        }
    }
    $mismatches = 0;
    for ($k = 0; $k < $i; $k++) if ($rc->get("{{$tag}}:w:$k") !== (string)$k) $mismatches++;
    return ['acked' => $i, 'errors' => $errors, 'mismatches' => $mismatches];
}

/** Retries $fn for up to 20 s while it fails, collecting the errors. */
function retrying(RedisCluster $rc, callable $fn, array &$errors)
{
    $deadline = microtime(true) + 20;
    for (;;) {
        $error = null;
        $r = attempt($rc, $fn, $error);
        if ($error === null || microtime(true) > $deadline) return $r;
        $errors[] = $error;
        usleep(100000);
    }
}

function recover(RedisCluster $rc, string $prefix, int $n): array
{
    for ($i = 0; $i < $n; $i++) $rc->set("$prefix$i", 'before');
    echo "ready\n";
    fgets(STDIN);
    $errors = [];
    $verified = 0;
    for ($i = 0; $i < $n; $i++) {
        retrying($rc, fn () => $rc->set("$prefix$i", (string)$i), $errors);
        if (retrying($rc, fn () => $rc->get("$prefix$i"), $errors) === (string)$i) $verified++;
    }
    return ['verified' => $verified, 'errors' => $errors];
}

$out = match ($mode) {
    'basic' => basic($rc, $rest[0], (int)$rest[1]),
    'churn' => churn($rc, $rest[0]),
    default => recover($rc, $rest[0], (int)$rest[1]),
};
echo json_encode($out), "\n";
