/** The accounts of a node and the checks dispatch runs against them. */
import { User } from './user';

export class Acl {
  readonly users = new Map<string, User>();
  readonly defaultUser: User;

  constructor() {
    this.defaultUser = new User('default');
    this.defaultUser.nopass = true;
    this.users.set('default', this.defaultUser);
  }

  /** Whether a new connection must authenticate before running commands. */
  authRequiredForDefault(): boolean {
    return !this.defaultUser.nopass || !this.defaultUser.enabled;
  }

  setRequirePass(pass: string): void {
    const u = this.defaultUser;
    u.passwords.clear();
    if (pass === '') u.nopass = true;
    else {
      u.nopass = false;
      u.passwords.add(pass);
    }
  }

  /** The user for these credentials, or null. */
  authenticate(name: string, pass: string): User | null {
    const u = this.users.get(name);
    if (!u || !u.enabled) return null;
    if (u.nopass || u.passwords.has(pass)) return u;
    return null;
  }
}
