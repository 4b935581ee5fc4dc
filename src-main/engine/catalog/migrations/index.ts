import { migration0001 } from './0001-initial.js';
import { migration0002 } from './0002-library.js';
import { migration0003 } from './0003-api-clients.js';
import { migration0004 } from './0004-quota-reservations.js';
import { migration0005 } from './0005-raw.js';
import { migration0006 } from './0006-labels-sidecars-exports.js';
import { migration0007 } from './0007-mark-history.js';
import { migration0008 } from './0008-photo-groups.js';
import { migration0009 } from './0009-learning.js';
import { migration0011 } from './0011-judging-profile.js';
import { migration0012 } from './0012-personal-scores.js';
import { migration0013 } from './0013-grouping-embeddings.js';
import type { Migration } from './migration.js';

/** In version order; the last one's version is the schema this build of the app writes. */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008, migration0009, migration0011, migration0012, migration0013];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
