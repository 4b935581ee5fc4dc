import * as tf from '@tensorflow/tfjs';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../../../../../test-support/corpus.js';
import { loadNsfwjsBundledModel, type NsfwjsBundledModelName } from './nsfwjs-bundle.js';
import { NSFWJS_CLASS_NAMES, NSFWJS_INPUT_SIZE, NSFWJS_MODEL_FORMATS, NSFWJS_PIXEL_DIVISOR } from './nsfwjs-model-facts.js';
import { convertTfjsGraphToOnnx, type ConvertedModel } from './tfjs-graph-to-onnx.js';

// Parity of the converted nsfwjs models with TF.js itself, run the way nsfwjs runs them (layers
// model for MobileNetV2, graph model for MobileNetV2 Mid), on real photos.
const PHOTOS = ['obama.jpg', 'two_people.jpg', 'kit_with_rose.jpg', '32bit.png', 'img1.jpg'];
const SIZE = NSFWJS_INPUT_SIZE;

/** The NHWC input nsfwjs would build from an image already 224×224: RGB, float32(value / 255). */
async function nsfwjsInput(file: string): Promise<Float32Array> {
  const { data, info } = await sharp(file)
    .removeAlpha()
    .toColourspace('srgb')
    .resize(SIZE, SIZE, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  expect([info.width, info.height, info.channels]).toEqual([SIZE, SIZE, 3]);
  return Float32Array.from(data, (value) => value / NSFWJS_PIXEL_DIVISOR);
}

async function loadInTfjs(name: NsfwjsBundledModelName, bundle: ReturnType<typeof loadNsfwjsBundledModel>): Promise<tf.GraphModel | tf.LayersModel> {
  const handler = tf.io.fromMemory({
    modelTopology: bundle.modelJson.modelTopology,
    weightSpecs: bundle.modelJson.weightsManifest.flatMap((group) => group.weights) as tf.io.WeightsManifestEntry[],
    weightData: bundle.weightData,
    ...(bundle.modelJson.format ? { format: bundle.modelJson.format } : {}),
  });
  return NSFWJS_MODEL_FORMATS[name] === 'graph-model' ? tf.loadGraphModel(handler) : tf.loadLayersModel(handler);
}

function softmaxSum(values: Float32Array): number {
  return values.reduce((total, value) => total + value, 0);
}

const inputs = new Map<string, Float32Array>();

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  for (const photo of PHOTOS) inputs.set(photo, await nsfwjsInput(corpusFile('faces', photo)));
});

describe.each(['mobilenet_v2', 'mobilenet_v2_mid'] as const)('nsfwjs %s converted to ONNX', (name) => {
  let converted: ConvertedModel;
  let session: InferenceSession;
  let tfjsModel: tf.GraphModel | tf.LayersModel;
  const report: string[] = [];
  const timings = { convertMs: 0, onnxMs: [] as number[], tfjsMs: [] as number[] };

  beforeAll(async () => {
    const bundle = loadNsfwjsBundledModel(name);
    const started = performance.now();
    converted = convertTfjsGraphToOnnx(bundle.modelJson, bundle.weightData);
    timings.convertMs = performance.now() - started;
    session = await InferenceSession.create(converted.onnx, { executionProviders: ['cpu'] });
    tfjsModel = await loadInTfjs(name, bundle);
    // One warm-up each, so the timings below are steady-state inference.
    const zeros = new Float32Array(SIZE * SIZE * 3);
    await session.run({ [converted.inputs[0]!.name]: new Tensor('float32', zeros, [1, SIZE, SIZE, 3]) });
    tf.tidy(() => tfjsModel.predict(tf.zeros([1, SIZE, SIZE, 3])));
  });

  afterAll(async () => {
    await session?.release();
    tfjsModel?.dispose();
    const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
    console.info(
      [
        `nsfwjs ${name}: conversion ${timings.convertMs.toFixed(0)} ms; median inference on CPU: onnxruntime ${median(timings.onnxMs).toFixed(1)} ms, TF.js ${median(timings.tfjsMs).toFixed(0)} ms`,
        ...report,
      ].join('\n'),
    );
  });

  it('takes the NHWC input TF.js takes and gives 5 class probabilities', () => {
    expect(converted.inputs).toEqual([{ name: converted.inputs[0]!.name, shape: [1, SIZE, SIZE, 3], type: 'float32' }]);
    expect(converted.outputs).toHaveLength(1);
    expect(converted.outputs[0]!.shape).toEqual([1, NSFWJS_CLASS_NAMES.length]);
  });

  it.each(PHOTOS)('agrees with TF.js within 1e-3 on %s', async (photo) => {
    const input = inputs.get(photo)!;

    let started = performance.now();
    const results = await session.run({ [converted.inputs[0]!.name]: new Tensor('float32', input, [1, SIZE, SIZE, 3]) });
    timings.onnxMs.push(performance.now() - started);
    const onnxOutput = results[converted.outputs[0]!.name]!;

    started = performance.now();
    const tfjsOutput = tf.tidy(() => tfjsModel.predict(tf.tensor4d(input, [1, SIZE, SIZE, 3])) as tf.Tensor);
    const expected = (await tfjsOutput.data()) as Float32Array;
    timings.tfjsMs.push(performance.now() - started);
    expect(tfjsOutput.shape).toEqual([1, 5]);
    tfjsOutput.dispose();

    // Both graphs end in a softmax (Dense 'softmax' / Softmax): outputs are probabilities already.
    const actual = onnxOutput.data as Float32Array;
    expect(onnxOutput.dims).toEqual([1, 5]);
    expect(Math.abs(softmaxSum(actual) - 1)).toBeLessThan(1e-4);
    expect(Math.abs(softmaxSum(expected) - 1)).toBeLessThan(1e-4);
    const differences = Array.from(actual, (value, index) => Math.abs(value - expected[index]!));
    const maxDifference = Math.max(...differences);
    report.push(
      `  ${photo}: max |Δ| ${maxDifference.toExponential(2)}; ` +
        NSFWJS_CLASS_NAMES.map((className, index) => `${className} ${actual[index]!.toFixed(4)}`).join(', '),
    );
    expect(maxDifference).toBeLessThan(1e-3);
  });
});

describe('a dynamic batch', () => {
  it('gives each image of a batch the result it gets alone', async () => {
    const bundle = loadNsfwjsBundledModel('mobilenet_v2');
    const single = convertTfjsGraphToOnnx(bundle.modelJson, bundle.weightData);
    const batched = convertTfjsGraphToOnnx(bundle.modelJson, bundle.weightData, { batchSize: 'dynamic' });
    expect(batched.inputs[0]!.shape).toEqual([-1, SIZE, SIZE, 3]);
    const [singleSession, batchSession] = await Promise.all([InferenceSession.create(single.onnx), InferenceSession.create(batched.onnx)]);
    const photos = ['obama.jpg', '32bit.png'].map((photo) => inputs.get(photo)!);
    const batch = new Float32Array(photos.length * SIZE * SIZE * 3);
    photos.forEach((photo, index) => batch.set(photo, index * photo.length));
    const together = (await batchSession.run({ [batched.inputs[0]!.name]: new Tensor('float32', batch, [photos.length, SIZE, SIZE, 3]) }))[batched.outputs[0]!.name]!;
    expect(together.dims).toEqual([2, 5]);
    for (const [index, photo] of photos.entries()) {
      const alone = (await singleSession.run({ [single.inputs[0]!.name]: new Tensor('float32', photo, [1, SIZE, SIZE, 3]) }))[single.outputs[0]!.name]!;
      const row = (together.data as Float32Array).subarray(index * 5, index * 5 + 5);
      for (const [classIndex, value] of (alone.data as Float32Array).entries()) expect(row[classIndex]).toBeCloseTo(value, 5);
    }
    await Promise.all([singleSession.release(), batchSession.release()]);
  });
});
