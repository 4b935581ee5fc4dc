import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fail, onDisk } from './ai-pack-errors.js';
import { aiPackDirectory } from './ai-pack-layout.js';

/**
 * One writer per home: the desktop app, the CLI and the HTTP API may all share a home, and two
 * downloads into the same .part files would corrupt each other. The lock is a file created
 * exclusively, holding the owner's pid; a lock whose process is gone is stale and taken over.
 */

function lockPath(home: string): string {
  return path.join(aiPackDirectory(home), '.lock');
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function tryCreate(file: string): Promise<boolean> {
  try {
    await writeFile(file, String(process.pid), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Runs `work` holding the home's AI-pack lock; fails as `busy` when a live process holds it. */
export async function withAiPackLock<T>(home: string, work: () => Promise<T>): Promise<T> {
  const file = lockPath(home);
  await onDisk(`creating ${aiPackDirectory(home)}`, () => mkdir(aiPackDirectory(home), { recursive: true }));
  let acquired = await onDisk('taking the AI-pack lock', () => tryCreate(file));
  if (!acquired) {
    const owner = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(owner) && owner !== process.pid && processAlive(owner)) {
      fail('busy', `another process (pid ${owner}) is downloading or importing the AI pack into ${home}`);
    }
    if (owner === process.pid) fail('busy', `a download or import of the AI pack into ${home} is already running`);
    // No pid yet: its owner may be between creating the file and writing it. Only an old one is stale.
    const age = Date.now() - ((await stat(file).catch(() => null))?.mtimeMs ?? 0);
    if (!Number.isInteger(owner) && age < 10_000) fail('busy', `another process is starting a download or import of the AI pack into ${home}`);
    await rm(file, { force: true });
    acquired = await onDisk('taking the AI-pack lock', () => tryCreate(file));
    if (!acquired) fail('busy', `another process took the AI-pack lock of ${home} first`);
  }
  try {
    return await work();
  } finally {
    await rm(file, { force: true });
  }
}
