import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';

/**
 * Folders the export must refuse, made for real. A read-only folder: permission bits for a normal
 * user; as root (who ignores them) a read-only tmpfs mount. A tiny disk: a size-limited tmpfs,
 * which needs root. Each returns null where this machine cannot make one, and the test says so.
 */
export function readOnlyFolder(dir: string): { dir: string; release: () => void } | null {
  mkdirSync(dir, { recursive: true });
  if (process.getuid?.() !== 0) {
    chmodSync(dir, 0o555);
    return { dir, release: () => chmodSync(dir, 0o755) };
  }
  return mountTmpfs(dir, 'ro,size=1m');
}

export function tinyDisk(dir: string, bytes: number): { dir: string; release: () => void } | null {
  mkdirSync(dir, { recursive: true });
  if (process.getuid?.() !== 0) return null;
  return mountTmpfs(dir, `size=${Math.max(4096, bytes)}`);
}

function mountTmpfs(dir: string, options: string): { dir: string; release: () => void } | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
    return { dir, release: () => execFileSync('umount', [dir], { stdio: 'ignore' }) };
  } catch {
    return null;
  }
}
