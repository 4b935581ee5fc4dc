import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Real storage conditions for the tests of a read-only home and a full disk: a read-only bind mount
 * and a small tmpfs. Both need root with mount rights (CI and this workspace run as root); as another
 * user a read-only folder is a chmod (which root would ignore). Where neither is possible the tests
 * that need it are skipped with the reason, never faked.
 */
const isRoot = process.getuid?.() === 0;

function mountWorks(): boolean {
  if (!isRoot || process.platform !== 'linux') return false;
  const probe = path.join(os.tmpdir(), `culler-mount-probe-${process.pid}`);
  mkdirSync(probe, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

const canMount = mountWorks();

/** Why the read-only tests cannot run here, or null when they can. */
export const READ_ONLY_UNAVAILABLE: string | null = canMount || (!isRoot && process.platform !== 'win32') ? null : 'needs root with mount rights';
/** Why the full-disk tests cannot run here, or null when they can. */
export const TMPFS_UNAVAILABLE: string | null = canMount ? null : 'needs root with mount rights (mount -t tmpfs)';

/** Makes `dir` read-only (contents kept) until the returned function is called. */
export function makeReadOnly(dir: string): () => void {
  if (canMount) {
    execFileSync('mount', ['--bind', dir, dir]);
    execFileSync('mount', ['-o', 'remount,bind,ro', dir]);
    return () => execFileSync('umount', ['-l', dir]);
  }
  chmodSync(dir, 0o555);
  return () => chmodSync(dir, 0o755);
}

/** Mounts a tmpfs of `bytes` on `dir` (made if missing) until the returned function is called. */
export function mountSmallDisk(dir: string, bytes: number): () => void {
  mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir]);
  return () => execFileSync('umount', ['-l', dir]);
}
