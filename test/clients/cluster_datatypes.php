<?php
// Sends the commands of datatypes.json through PhpRedis's RedisCluster and
// prints the replies as one JSON list (errors as {"error": first word}).
// usage: php cluster_datatypes.php HOST PORT USER PASSWORD
[$_, $host, $port, $user, $password] = $argv;
$rc = new RedisCluster(null, ["$host:$port"], 2.0, 2.0, false, [$user, $password]);
$commands = json_decode(file_get_contents(__DIR__ . '/datatypes.json'), true)['commands'];
$out = [];
foreach ($commands as $cmd) {
    $args = $cmd['args'];
    // rawCommand routes by its first argument: the command's first key.
    $key = $args[1];
    try {
        $reply = $rc->rawCommand($key, ...$args);
        if ($reply === false && $rc->getLastError() !== null) {
            $reply = ['error' => explode(' ', $rc->getLastError())[0]];
            $rc->clearLastError();
        }
    } catch (RedisClusterException $e) {
        $reply = ['error' => explode(' ', $e->getMessage())[0]];
    }
    if (!empty($cmd['sort']) && is_array($reply)) {
        usort($reply, fn ($a, $b) => strcmp(json_encode($a), json_encode($b)));
    }
    $out[] = $reply;
}
echo json_encode($out), "\n";
