import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Unprivileged account the private services run as when the harness runs as root. */
export const SERVICE_USER = process.env.PREEMPT_TEST_SERVICE_USER ?? 'preempt-test';

export interface ServiceIds {
  uid: number;
  gid: number;
}

/**
 * Running as root, returns the ids of SERVICE_USER, creating the system account if needed
 * (PostgreSQL refuses to run as root, and Mosquitto as root would switch to its own user).
 * Not root: undefined, and the services simply run as the current user.
 */
export function serviceIds(): ServiceIds | undefined {
  if (process.getuid?.() !== 0) return undefined;
  if (lookup('-u') === undefined) createServiceUser();
  const uid = lookup('-u');
  const gid = lookup('-g');
  if (uid === undefined || gid === undefined) throw new Error(`cannot resolve user ${SERVICE_USER}`);
  return { uid, gid };
}

/** Hands `path` to the service user (no-op when not root). */
export function giveToServiceUser(path: string, ids: ServiceIds | undefined): void {
  if (ids) chownSync(path, ids.uid, ids.gid);
}

/** Fails clearly when the service user could not reach `dir` (e.g. TMPDIR under /root). */
export function assertReachable(dir: string, ids: ServiceIds | undefined): void {
  if (!ids) return;
  for (let path = dirname(dir); ; path = dirname(path)) {
    if ((statSync(path).mode & 0o001) === 0) {
      throw new Error(`${SERVICE_USER} cannot traverse ${path}; run with TMPDIR=/tmp (or chmod o+x ${path})`);
    }
    if (path === dirname(path)) return;
  }
}

function createServiceUser(): void {
  // A root shell's PATH may lack /usr/sbin.
  const useradd = existsSync('/usr/sbin/useradd') ? '/usr/sbin/useradd' : 'useradd';
  const args = ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent'];
  try {
    execFileSync(useradd, [...args, '--shell', '/usr/sbin/nologin', SERVICE_USER], { stdio: 'pipe' });
  } catch (error) {
    // Another test run may have created it a moment ago.
    if (lookup('-u') === undefined) throw error;
  }
}

function lookup(flag: '-u' | '-g'): number | undefined {
  try {
    return Number(execFileSync('id', [flag, SERVICE_USER], { encoding: 'utf8', stdio: 'pipe' }).trim());
  } catch {
    return undefined;
  }
}
