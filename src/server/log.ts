/** Log lines in redis-server's shape: pid:role date level message. */
export function log(msg: string, level: '.' | '-' | '*' | '#' = '*'): void {
  const d = new Date();
  const ts = d.toUTCString().slice(5, 25).replace(/ (\d{4}) /, ' $1 ');
  process.stdout.write(`${process.pid}:M ${ts}.${String(d.getMilliseconds()).padStart(3, '0')} ${level} ${msg}\n`);
}
