import { migration0001 } from './0001-initial.js';
import type { Migration } from './migration.js';

/** In version order; the last one's version is the schema this build of the app writes. */
export const MIGRATIONS: readonly Migration[] = [migration0001];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
