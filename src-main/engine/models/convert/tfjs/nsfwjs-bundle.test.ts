import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../../../../../test-support/corpus.js';
import { parseJsLiteral } from './js-literal.js';
import { loadNsfwjsBundledModel, nsfwjsPackageDirectory, readBrowserifyDataModule } from './nsfwjs-bundle.js';

/** A browserify standalone bundle as nsfwjs ships them, exporting `literal`. */
function bundle(literal: string, prelude = ''): string {
  return (
    `${prelude}!function(e){if("object"==typeof exports&&"undefined"!=typeof module)module.exports=e();else{this.model=e()}}` +
    `(function(){return function e(a,n,i){return a}({1:[function(e,a,n){a.exports=${literal}},{}]},{},[1])(1)});`
  );
}

describe('parseJsLiteral', () => {
  it('reads what minifiers write for JSON data', () => {
    const { value } = parseJsLiteral('{a:1,"b c":[.5,-2e-3,!0,!1,null],d:{e:"x\\"y\\u0041\\n"},0:\'q\',f:1/0}');
    expect(value).toEqual({ a: 1, 'b c': [0.5, -0.002, true, false, null], d: { e: 'x"yA\n' }, 0: 'q', f: Number.POSITIVE_INFINITY });
  });

  it('keeps a __proto__ key as data', () => {
    const { value } = parseJsLiteral('{__proto__:{polluted:1}}');
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value as object)).toEqual(['__proto__']);
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });

  it.each(['require("fs")', '(function(){return 1})()', 'a.b', '`template`', '{a:b}', '[1,2'])('refuses %s', (source) => {
    expect(() => parseJsLiteral(source)).toThrow();
  });
});

describe('readBrowserifyDataModule', () => {
  it('returns the exported literal without running the bundle', () => {
    const probe = globalThis as { nsfwjsBundleProbe?: number };
    const source = bundle('{format:"graph-model",n:[1,2]}', 'globalThis.nsfwjsBundleProbe=1;');
    expect(readBrowserifyDataModule(source, 'model.min.js')).toEqual({ format: 'graph-model', n: [1, 2] });
    expect(probe.nsfwjsBundleProbe).toBeUndefined();
  });

  it('refuses a module that exports code', () => {
    expect(() => readBrowserifyDataModule(bundle('require("child_process")'), 'evil.min.js')).toThrow(/not a data literal/);
  });

  it('refuses code after the exported literal', () => {
    const source = bundle('{a:1};require("child_process").exec("x")');
    expect(() => readBrowserifyDataModule(source, 'evil.min.js')).toThrow(/unexpected code after the exported literal/);
  });

  it('refuses a file that is not a one-module browserify bundle', () => {
    expect(() => readBrowserifyDataModule('module.exports={a:1}', 'plain.js')).toThrow(/not a browserify bundle/);
  });
});

describe('loadNsfwjsBundledModel', () => {
  let cleanup: (() => void) | null = null;
  afterEach(() => {
    cleanup?.();
    cleanup = null;
  });

  it.each([
    ['mobilenet_v2', 'layers-model', 1],
    ['mobilenet_v2_mid', 'graph-model', 2],
  ] as const)('reads %s from the installed package: model JSON and shards in manifest order', (name, kind, shards) => {
    const model = loadNsfwjsBundledModel(name);
    const directory = path.join(nsfwjsPackageDirectory(), 'dist', 'models', name);
    expect(model.sourceFiles).toEqual([
      path.join(directory, 'model.min.js'),
      ...Array.from({ length: shards }, (_, index) => path.join(directory, `group1-shard${index + 1}of${shards}.min.js`)),
    ]);
    expect('node' in model.modelJson.modelTopology ? 'graph-model' : 'layers-model').toBe(kind);
    // uint8-quantised weights: one byte per value, and the shards hold exactly that many.
    const specs = model.modelJson.weightsManifest.flatMap((group) => group.weights);
    expect(specs.every((spec) => spec.quantization?.dtype === 'uint8')).toBe(true);
    expect(model.weightData.byteLength).toBe(specs.reduce((total, spec) => total + spec.shape.reduce((a, b) => a * b, 1), 0));
  });

  it('concatenates the shards in manifest order and refuses a path that leaves the folder', () => {
    const { dir, remove } = temporaryFolder();
    cleanup = remove;
    const modelDirectory = path.join(dir, 'dist', 'models', 'mobilenet_v2');
    mkdirSync(modelDirectory, { recursive: true });
    const manifest = (paths: string[]): string => `{modelTopology:{node:[]},weightsManifest:[{paths:${JSON.stringify(paths)},weights:[]}]}`;
    writeFileSync(path.join(modelDirectory, 'model.min.js'), bundle(manifest(['b', 'a'])));
    writeFileSync(path.join(modelDirectory, 'a.min.js'), bundle(`"${Buffer.from([1, 2]).toString('base64')}"`));
    writeFileSync(path.join(modelDirectory, 'b.min.js'), bundle(`"${Buffer.from([3]).toString('base64')}"`));
    expect(Array.from(new Uint8Array(loadNsfwjsBundledModel('mobilenet_v2', dir).weightData))).toEqual([3, 1, 2]);

    writeFileSync(path.join(modelDirectory, 'model.min.js'), bundle(manifest(['../../../secret'])));
    expect(() => loadNsfwjsBundledModel('mobilenet_v2', dir)).toThrow(/not a plain file name/);
  });
});
