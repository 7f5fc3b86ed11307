/** An account: its passwords and what it may run and touch. */
export class User {
  enabled = true;
  nopass = false;
  readonly passwords = new Set<string>();
  /** True when the user may run every command on every key and channel, so dispatch skips ACL checks. */
  unrestricted = true;

  constructor(readonly name: string) {}
}
