/** One schema version. Each runs once, inside a transaction, and sets `PRAGMA user_version`. */
export type Migration = {
  version: number;
  name: string;
  sql: string;
};
