import type { Migration } from './migration.js';

/**
 * Shoot profiles (issue 14): which profile judged each stored analysis. The measures do not depend
 * on the profile, only the judgement (score, review) does; when the library's profile changes, the
 * rows judged under another one are re-judged from their stored result, without decoding.
 * NULL: judged before profiles, by the built-in judgement (= 'portfolio').
 *
 * Touches only the analyses table of migration 1, so it applies whatever other migrations exist.
 */
export const migration0011: Migration = {
  version: 11,
  name: 'judging profile of each analysis',
  sql: `
    ALTER TABLE analyses ADD COLUMN profile TEXT;
  `,
};
