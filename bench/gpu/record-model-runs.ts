/**
 * Rates a few corpus photos through the engine's own analyzeImage (every embedded model, on CPU)
 * and records each model run it makes, input included, for replay-model-runs.ts to time on other
 * execution providers: the same photos, the same runs, the same inputs.
 *
 *   node --import tsx bench/gpu/record-model-runs.ts [--out bench/.data/gpu-runs] [--photos a.jpg,b.jpg]
 *
 * Default photos: two camera JPEGs, two portraits and a bird from ../shared/corpus (the kinds of
 * photo whose model work differs: faces and eyes only where people are).
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultEngineConfig } from '../../src-main/engine/config.js';
import { HeicDecoder } from '../../src-main/engine/image/heic-decoder.js';
import { manifestEntry } from '../../src-main/engine/models/model-manifest.js';
import { ModelStore, modelSourceStatus } from '../../src-main/engine/models/model-store.js';
import { OrtSessionFactory, type ModelRunner } from '../../src-main/engine/models/ort-session-factory.js';
import { analyzeImage } from '../../src-main/engine/rating/analyze-image.js';
import { installedAnalyzers, missingAnalyzerReasons } from '../../src-main/engine/rating/analyzers.js';
import { BENCH_MODEL_CACHE, REPO_ROOT } from '../bench-common.js';
import { asBytes, type RecordedModel, type RecordedRun, type RecordedRuns } from './recorded-runs.js';

const corpus = path.join(REPO_ROOT, '..', 'shared', 'corpus');
const DEFAULT_PHOTOS = [
  path.join(corpus, 'camera', 'canon-eos-450d.jpg'),
  path.join(corpus, 'camera', 'nikon-d90.jpg'),
  path.join(corpus, 'faces', 'obama.jpg'),
  path.join(corpus, 'faces', 'two_people.jpg'),
  path.join(corpus, 'bursts', 'cockatoo-b-1.jpg'),
];

const { values: args } = parseArgs({ options: { out: { type: 'string', default: path.join(REPO_ROOT, 'bench', '.data', 'gpu-runs') }, photos: { type: 'string' } } });
const out = path.resolve(args.out!);
const photos = args.photos ? args.photos.split(',') : DEFAULT_PHOTOS;

const store = new ModelStore(BENCH_MODEL_CACHE);
const factory = new OrtSessionFactory(store, () => {}, { CULLER_EXECUTION_PROVIDERS: 'cpu' });
const models: Record<string, RecordedModel> = {};
const runs: RecordedRun[] = [];
const chunks: Uint8Array[] = [];
let offset = 0;
let photo = 0;

async function describeModel(id: string): Promise<RecordedModel> {
  const prepared = await store.prepare(id);
  const file = `${id}.onnx`;
  await writeFile(path.join(out, file), prepared.onnx);
  const { input } = manifestEntry(id);
  const three = (value: number | number[]): [number, number, number] => (typeof value === 'number' ? [value, value, value] : [value[0]!, value[1]!, value[2]!]);
  return { file, shape: [...input.shape], layout: input.layout, mean: three(input.mean), std: three(input.std) };
}

/** The engine's runner, with every call's input kept. */
const recorder: ModelRunner = {
  run: async (id, input) => {
    const model = (models[id] ??= await describeModel(id));
    const bytes = asBytes(model, input);
    const stored = bytes ?? new Uint8Array(input.buffer.slice(input.byteOffset, input.byteOffset + input.byteLength));
    runs.push({ photo, model: id, encoding: bytes ? 'u8' : 'f32', offset, bytes: stored.length });
    chunks.push(stored);
    offset += stored.length;
    return factory.run(id, input);
  },
  providerOf: (id) => factory.providerOf(id),
};

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const status = modelSourceStatus();
const heic = new HeicDecoder();
const deps = { config: defaultEngineConfig(), heic, analyzers: installedAnalyzers(status), runner: recorder, missingReasons: missingAnalyzerReasons(status), aiPack: null };
for (; photo < photos.length; photo++) {
  const { result } = await analyzeImage(await readFile(photos[photo]!), deps);
  const mine = runs.filter((run) => run.photo === photo);
  const perModel = new Map<string, number>();
  for (const run of mine) perModel.set(run.model, (perModel.get(run.model) ?? 0) + 1);
  console.log(`${path.basename(photos[photo]!)}: score ${result.score}, ${mine.length} model runs (${[...perModel].map(([id, count]) => `${id} ×${count}`).join(', ')})`);
}
heic.close();
await factory.close();
const index: RecordedRuns = { photos: photos.map((file) => path.relative(path.join(REPO_ROOT, '..'), file)), models, runs };
await writeFile(path.join(out, 'runs.json'), `${JSON.stringify(index, null, 1)}\n`);
await writeFile(path.join(out, 'runs.bin'), Buffer.concat(chunks));
const floats = runs.filter((run) => run.encoding === 'f32').length;
console.log(`${runs.length} runs of ${Object.keys(models).length} models recorded in ${out} (${(offset / 1e6).toFixed(1)} MB of inputs; ${floats} stored as float32)`);
