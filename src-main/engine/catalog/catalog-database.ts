import { accessSync, constants, existsSync, mkdirSync, statfsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { EngineError, storageError } from '../errors.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations/index.js';

export type SqliteDatabase = Database.Database;

/**
 * Opens (or creates) the catalog: WAL so readers never wait for the writer, foreign keys on, and
 * every pending migration applied in its own transaction. A catalog written by a newer version of
 * the app is refused rather than misread. Each way the home can fail gets its own typed error, with
 * the real cause: a user told "corrupt" may delete a catalog that was only on a read-only disk.
 */
export function openCatalogDatabase(file: string): SqliteDatabase {
  if (file !== ':memory:') createHome(path.dirname(file));
  let database: SqliteDatabase | null = null;
  try {
    database = new Database(file);
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    migrate(database);
    return database;
  } catch (error) {
    if (database?.open) database.close();
    throw error instanceof EngineError ? error : openFailure(file, error);
  }
}

export function schemaVersion(database: SqliteDatabase): number {
  return database.pragma('user_version', { simple: true }) as number;
}

function migrate(database: SqliteDatabase): void {
  const current = schemaVersion(database);
  if (current > LATEST_SCHEMA_VERSION) {
    throw new EngineError(
      'catalog_too_new',
      `the catalog has schema version ${current}, newer than this app understands (${LATEST_SCHEMA_VERSION}); update the app`,
    );
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    database.transaction(() => {
      database.exec(migration.sql);
      database.pragma(`user_version = ${migration.version}`);
    })();
  }
}

function createHome(home: string): void {
  try {
    mkdirSync(home, { recursive: true });
  } catch (error) {
    // A recursive mkdir under a read-only mount says ENOENT; the nearest existing folder says why.
    let existing = path.dirname(home);
    while (!existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
    throw new EngineError('home_unwritable', `cannot create the app's data folder ${home}: ${whyNotWritable(existing) ?? reason(error)}`, { cause: error });
  }
}

/** The typed error for a catalog SQLite could not open or read. */
function openFailure(file: string, error: unknown): EngineError {
  const code = sqliteCode(error);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new EngineError('catalog_corrupt', `the catalog ${file} is damaged or is not a Culler catalog (${(error as Error).message}); it was left as it is`, {
      cause: error,
    });
  }
  const home = path.dirname(file);
  // SQLite says "disk I/O error" when it cannot even make its shared-memory file on a full disk.
  if (freeBytes(home) < MIN_FREE_BYTES) {
    return new EngineError('disk_full', `the disk holding the catalog ${file} is full; free some space and try again (the catalog was left as it is)`, {
      cause: error,
    });
  }
  const folderProblem = whyNotWritable(home);
  const fileProblem = existsSync(file) ? whyNotWritable(file) : null;
  if (existsSync(file) && (folderProblem || fileProblem)) {
    return new EngineError(
      'catalog_read_only',
      `the catalog ${file} cannot be written (${fileProblem ?? folderProblem}); Culler needs to write it, so nothing was opened and nothing was changed`,
      { cause: error },
    );
  }
  if (folderProblem) return new EngineError('home_unwritable', `the app's data folder ${home} cannot be written (${folderProblem})`, { cause: error });
  const storage = storageError(error, `the catalog ${file}`);
  if (storage) return storage;
  return new EngineError('catalog_corrupt', `cannot open the catalog ${file}: ${(error as Error).message}; it was left as it is`, { cause: error });
}

/** Below this much free space SQLite cannot open a catalog in WAL mode (its -shm file is 32 KiB). */
const MIN_FREE_BYTES = 256 * 1024;

function freeBytes(folder: string): number {
  try {
    const stats = statfsSync(folder);
    return stats.bavail * stats.bsize;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Why this path cannot be written, in words, or null when it can. */
function whyNotWritable(target: string): string | null {
  try {
    accessSync(target, constants.W_OK);
    return null;
  } catch (error) {
    return reason(error);
  }
}

function reason(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EROFS':
      return 'it is on a read-only file system';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a file is in the way of the folder';
    case 'ENOSPC':
      return 'the disk is full';
    case 'ENOENT':
      return 'a folder on the way is missing';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

function sqliteCode(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  return code.split('_').slice(0, 2).join('_');
}
