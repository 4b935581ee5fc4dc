/**
 * The whole-photo features of every photo in ../shared/corpus/iqa (read by path, never copied):
 * decode, the quality analyzer, the content model and the object detector (for their appearance
 * features), as the engine runs them. Writes one JSON line per photo (file, mos, subset, quality,
 * appearance: the content model's then the detector's, scoring/image-quality.ts appearanceInputs) to the file
 * named on the command line, for bench/iqa/fit-score.ts.
 *
 *   node --import tsx bench/iqa/iqa-features.ts /tmp/iqa-features.jsonl [--reverse]
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LIMITS, DEFAULT_QUALITY_THRESHOLDS } from '../../src-main/engine/config.js';
import { measureAppearance } from '../../src-main/engine/content/content.analyzer.js';
import { decodeImage } from '../../src-main/engine/image/decode.js';
import { HeicDecoder } from '../../src-main/engine/image/heic-decoder.js';
import { ModelStore } from '../../src-main/engine/models/model-store.js';
import { OrtSessionFactory } from '../../src-main/engine/models/ort-session-factory.js';
import { analyzeObjects } from '../../src-main/engine/objects/objects.analyzer.js';
import { analyzeQuality } from '../../src-main/engine/quality/quality.analyzer.js';
import { appearanceInputs } from '../../src-main/engine/scoring/image-quality.js';
import { IQA_DIR, readMos } from './iqa-split.js';

const [out, order] = process.argv.slice(2);
if (!out) throw new Error('usage: iqa-features.ts <out.jsonl> [--reverse]');
writeFileSync(out, '');
const heic = new HeicDecoder();
const runner = new OrtSessionFactory(new ModelStore(path.join(os.tmpdir(), 'culler-test-model-cache')));
// --reverse walks the list from its end, so that two processes can share the work.
const rows = order === '--reverse' ? readMos().reverse() : readMos();
for (const row of rows) {
  const decoded = await decodeImage(readFileSync(path.join(IQA_DIR, 'images', row.file)), { limits: DEFAULT_LIMITS, workingLongSidePx: 1024, heic });
  const quality = await analyzeQuality(decoded, DEFAULT_QUALITY_THRESHOLDS);
  const appearance = appearanceInputs(await measureAppearance(runner, decoded.working), (await analyzeObjects(runner, decoded.working)).appearance);
  appendFileSync(out, `${JSON.stringify({ ...row, quality, appearance: appearance?.map((value) => Math.round(value * 1e5) / 1e5) ?? null })}\n`);
}
heic.close();
