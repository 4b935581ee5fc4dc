import type { Migration } from './migration.js';

/** The embedding rows of analysis rows: `from` names them (NEW in a trigger, or `analyses a`), `row` is their alias. */
function EMBEDDING_SELECT(row: string, from: string): string {
  return `SELECT ${row}.image_hash, ${row}.analysis_key, json_extract(e.value, '$.model'), json_extract(e.value, '$.vector')
    FROM ${from}json_each(${row}.result, '$.similarity.embeddings') e
    WHERE json_type(e.value, '$.model') = 'text' AND json_type(e.value, '$.vector') = 'text'`;
}

/**
 * Content embeddings for grouping bursts (the content classifier's pooled features; CLIP's with
 * the AI pack), copied out of each result by a trigger as migration 8 copies the other grouping
 * signatures: a regrouping reads them here instead of parsing every result, and never recomputes
 * them. Depends only on `analyses` (migration 1).
 */
export const migration0013: Migration = {
  version: 13,
  name: 'content embeddings for grouping',
  sql: `
    CREATE TABLE grouping_embeddings (
      image_hash   TEXT NOT NULL,
      analysis_key TEXT NOT NULL,
      model        TEXT NOT NULL,                 -- e.g. nsfwjs-mobilenet-v2/flatten_1, clip-vit-b16-image
      vector       TEXT NOT NULL,                 -- one signed byte per dimension, base64
      PRIMARY KEY (image_hash, analysis_key, model)
    ) STRICT, WITHOUT ROWID;

    CREATE TRIGGER analyses_grouping_embeddings AFTER INSERT ON analyses BEGIN
      DELETE FROM grouping_embeddings WHERE image_hash = NEW.image_hash AND analysis_key = NEW.analysis_key;
      INSERT OR REPLACE INTO grouping_embeddings (image_hash, analysis_key, model, vector) ${EMBEDDING_SELECT('NEW', '')};
    END;
    CREATE TRIGGER analyses_drop_grouping_embeddings AFTER DELETE ON analyses BEGIN
      DELETE FROM grouping_embeddings WHERE image_hash = OLD.image_hash AND analysis_key = OLD.analysis_key;
    END;
    INSERT OR REPLACE INTO grouping_embeddings (image_hash, analysis_key, model, vector) ${EMBEDDING_SELECT('a', 'analyses a, ')};
  `,
};
