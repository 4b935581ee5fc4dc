import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { EngineError } from '../errors.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations/index.js';

export type SqliteDatabase = Database.Database;

/**
 * Opens (or creates) the catalog: WAL so readers never wait for the writer, foreign keys on, and
 * every pending migration applied in its own transaction. A catalog written by a newer version of
 * the app is refused rather than misread.
 */
export function openCatalogDatabase(file: string): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  let database: SqliteDatabase;
  try {
    database = new Database(file);
    database.pragma('journal_mode = WAL');
  } catch (error) {
    throw new EngineError('catalog_corrupt', `cannot open catalog ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    migrate(database);
    return database;
  } catch (error) {
    database.close();
    throw error;
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
