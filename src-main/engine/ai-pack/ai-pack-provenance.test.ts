import { describe, expect, it } from 'vitest';
import { temporaryFolder } from '../../../test-support/corpus.js';
import { runModels } from '../../cli/models-command.js';
import { aiPackManifest } from './ai-pack-manifest.js';
import { pinTraces, untracedPins } from './ai-pack-provenance.js';
import type { AiPackComponentStatus } from './ai-pack-status.js';

function capture(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = { write: (chunk: string) => ((text += chunk), true), isTTY: false } as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

describe('AI pack provenance', () => {
  it('lists every pinned revision, size and sha256 of the bundled manifest, each with its public citation or as untraced', async () => {
    const manifest = aiPackManifest();
    for (const component of manifest.components) {
      const traces = pinTraces(component);
      // One revision per component, and one entry per non-null size and sha256.
      const pins = 1 + component.files.reduce((sum, file) => sum + (file.bytes !== null ? 1 : 0) + (file.sha256 !== null ? 1 : 0), 0);
      expect(traces).toHaveLength(pins);
      expect(untracedPins(component)).toHaveLength(traces.filter((trace) => trace.citation === null).length);
    }
    const byId = Object.fromEntries(manifest.components.map((component) => [component.id, component]));
    // Found in public material: SigLIP's revision and its text encoder's sha256; LAION's revision.
    expect(pinTraces(byId['siglip-base-text']!).find((trace) => trace.field === 'revision')!.citation).toMatch(/huggingface\.co\/Xenova\/siglip-base-patch16-224/);
    expect(pinTraces(byId['siglip-base-text']!).find((trace) => trace.file === 'text_model.onnx' && trace.field === 'sha256')!.citation).toMatch(/441332132/);
    expect(pinTraces(byId['laion-aesthetic-vit-b16']!).find((trace) => trace.field === 'revision')!.citation).toMatch(/github\.com\/LAION-AI/);
    // Not found: CLIP's revision, the NSFW ViT's exact size and sha256.
    expect(untracedPins(byId['clip-vit-b16-image']!)).toEqual(['revision 0c07da51292e…: not traced to public material']);
    expect(untracedPins(byId['nsfw-vit']!)).toEqual(['model.onnx bytes 344631255: not traced to public material', 'model.onnx sha256 acac1ffa2de2…: not traced to public material']);
  });

  it('culler models status says what cannot be traced, in text and in --json', async () => {
    const home = temporaryFolder('culler-provenance-');
    try {
      const text = capture();
      expect(await runModels(['status', '--home', home.dir], { stdout: text.stream, stderr: capture().stream })).toBe(1);
      expect(text.text()).toMatch(/clip-vit-b16-image\s+missing\s+not installed\n\s+untraced\s+revision 0c07da51292e…: not traced to public material/);
      expect(text.text()).toMatch(/provenance: \d+ of \d+ pinned revisions, sizes and sha256 traced to public material/);

      const json = capture();
      expect(await runModels(['status', '--json', '--home', home.dir], { stdout: json.stream, stderr: capture().stream })).toBe(1);
      const { components } = JSON.parse(json.text()) as { components: AiPackComponentStatus[] };
      const nsfw = components.find((component) => component.id === 'nsfw-vit')!;
      expect(nsfw.state).toBe('missing');
      expect(nsfw.untraced).toContain('model.onnx sha256 acac1ffa2de2…: not traced to public material');
      expect(nsfw.provenance.find((trace) => trace.field === 'revision')!.citation).toMatch(/fd5a5dba58d1732af31ea42832002b27a2090930/);
    } finally {
      home.remove();
    }
  });
});
