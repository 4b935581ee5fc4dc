import { describe, expect, it } from 'vitest';
import { AI_PACK_TASKS, aiPackManifest, parseAiPackManifest } from './ai-pack-manifest.js';
import { standInManifest } from './test-fixtures/stand-in-pack.js';

describe('models/ai-pack.json', () => {
  it('declares one component per task, commercial-use licences only, every file pinned to a commit on the publisher host', () => {
    const manifest = aiPackManifest();
    expect(manifest.components.map((component) => component.task).sort()).toEqual([...AI_PACK_TASKS].sort());
    for (const component of manifest.components) {
      expect(['MIT', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause']).toContain(component.licence);
      const repository = new URL(component.source.repository);
      for (const file of component.files) {
        const url = new URL(file.url);
        expect(url.protocol).toBe('https:');
        expect(url.host).toBe(repository.host);
        expect(url.pathname.startsWith(`${repository.pathname}/`)).toBe(true);
        expect(url.pathname).toMatch(new RegExp(`/(resolve|raw)/${component.source.revision}/`));
      }
    }
  });

  it('gives the encoders the model, config and tokenizer files they need', () => {
    const names = Object.fromEntries(aiPackManifest().components.map((component) => [component.task, component.files.map((file) => file.name)]));
    expect(names.clip_image).toEqual(expect.arrayContaining(['vision_model.onnx', 'preprocessor_config.json', 'config.json']));
    expect(names.clip_text).toEqual(expect.arrayContaining(['text_model.onnx', 'tokenizer.json', 'tokenizer_config.json', 'config.json']));
    expect(names.siglip_image).toEqual(expect.arrayContaining(['vision_model.onnx', 'preprocessor_config.json', 'config.json']));
    expect(names.siglip_text).toEqual(expect.arrayContaining(['text_model.onnx', 'tokenizer.json', 'tokenizer_config.json', 'config.json']));
    expect(names.nsfw_vit).toEqual(expect.arrayContaining(['model.onnx', 'preprocessor_config.json', 'config.json']));
    expect(names.aesthetic_head).toEqual(['sa_0_4_vit_b_16_linear.pth']);
  });
});

describe('parseAiPackManifest', () => {
  const valid = () => standInManifest();

  it('accepts the test manifest', () => {
    expect(() => parseAiPackManifest(valid())).not.toThrow();
  });

  it.each([
    ['a non-commercial licence', (manifest: ReturnType<typeof valid>) => Object.assign(manifest.components[0]!, { licence: 'CC-BY-NC-4.0' }), /licence/],
    ['an unpinned URL', (manifest: ReturnType<typeof valid>) => (manifest.components[0]!.files[0]!.url = 'https://huggingface.co/x/y/resolve/main/model.onnx'), /not pinned/],
    ['a null hash without a note', (manifest: ReturnType<typeof valid>) => Object.assign(manifest.components[0]!.files[0]!, { sha256: null, note: undefined }), /needs a note/],
    ['a file name with a folder', (manifest: ReturnType<typeof valid>) => (manifest.components[0]!.files[0]!.name = '../model.onnx'), /plain file name/],
    ['a duplicate id', (manifest: ReturnType<typeof valid>) => (manifest.components[1]!.id = manifest.components[0]!.id), /duplicate component id/],
    ['a non-http URL', (manifest: ReturnType<typeof valid>) => (manifest.components[0]!.files[0]!.url = `file:///0123456789abcdef0123456789abcdef01234567/x`), /url/i],
  ])('rejects %s', (_, spoil, message) => {
    const manifest = valid();
    spoil(manifest);
    expect(() => parseAiPackManifest(manifest)).toThrow(message);
  });
});
