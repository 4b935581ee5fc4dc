import { readFile } from 'node:fs/promises';
import { z } from 'zod';
// Imported, not read from disk: bundlers inline it, so no path has to survive bundling.
import bundledManifest from '../../../models/ai-pack.json' with { type: 'json' };
import { fail } from './ai-pack-errors.js';

/**
 * The optional AI pack, declared as data (models/ai-pack.json): each component is one model (or
 * head) for one task, with its licence and the exact files it installs. A file's URL is pinned to a
 * commit of the publisher's repository. Its size and sha256 are recorded where public material
 * establishes them; where it does not they are null, and `note` says how download time
 * establishes them instead (Hugging Face's X-Linked-Etag / ETag headers) — never guessed.
 */

export const AI_PACK_TASKS = ['clip_image', 'clip_text', 'aesthetic_head', 'siglip_image', 'siglip_text', 'nsfw_vit'] as const;
export type AiPackTask = (typeof AI_PACK_TASKS)[number];

/** Commercial use allowed; CC-BY-NC, AGPL and friends are refused at validation. */
export const AI_PACK_LICENCES = ['MIT', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause'] as const;

/** A file name inside its component folder: no separators, no `..`, nothing hidden. */
const fileNameSchema = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9._-]*$/, 'a plain file name (no folders)');

const fileSchema = z
  .object({
    name: fileNameSchema,
    url: z.url({ protocol: /^https?$/ }),
    bytes: z.number().int().nonnegative().nullable(),
    /** Rough size shown by the publisher (for progress estimates only, never for verification). */
    approxBytes: z.number().int().positive().optional(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
    note: z.string().min(1).optional(),
    /** Where public material establishes the pinned size / sha256 (ai-pack-provenance.ts). */
    provenance: z.object({ bytes: z.string().min(1).optional(), sha256: z.string().min(1).optional() }).optional(),
  })
  .refine((file) => (file.bytes !== null && file.sha256 !== null) || file.note !== undefined, {
    message: 'a file with a null size or sha256 needs a note saying how it is established',
  });

const componentSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    task: z.enum(AI_PACK_TASKS),
    licence: z.enum(AI_PACK_LICENCES),
    licenceSource: z.string().optional(),
    description: z.string().min(1),
    upstream: z.string().optional(),
    source: z.object({ repository: z.url(), revision: z.string().regex(/^[0-9a-f]{40}$/, 'a full commit hash') }),
    /** Where public material shows the pinned revision; null: not found (said by `culler models status`). */
    provenance: z.object({ revision: z.string().min(1).nullable() }).optional(),
    files: z.array(fileSchema).min(1),
  })
  .superRefine((component, context) => {
    const names = new Set<string>();
    for (const file of component.files) {
      if (names.has(file.name)) context.addIssue({ code: 'custom', message: `duplicate file name ${file.name}` });
      names.add(file.name);
      // Pinned: the URL must name the commit, so the bytes behind it cannot change under us.
      if (!new URL(file.url).pathname.split('/').includes(component.source.revision)) {
        context.addIssue({ code: 'custom', message: `${file.name}: URL is not pinned to revision ${component.source.revision}` });
      }
    }
  });

const manifestSchema = z
  .object({ manifestVersion: z.literal(1), components: z.array(componentSchema).min(1) })
  .superRefine((manifest, context) => {
    const ids = new Set<string>();
    for (const component of manifest.components) {
      if (ids.has(component.id)) context.addIssue({ code: 'custom', message: `duplicate component id ${component.id}` });
      ids.add(component.id);
    }
  });

export type AiPackManifest = z.infer<typeof manifestSchema>;
export type AiPackComponent = AiPackManifest['components'][number];
export type AiPackFile = AiPackComponent['files'][number];

/** Validates a manifest object; throws a readable message listing every problem. */
export function parseAiPackManifest(raw: unknown, origin = 'AI-pack manifest'): AiPackManifest {
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`${origin} is invalid: ${problems.join('; ')}`);
  }
  return parsed.data;
}

let bundled: AiPackManifest | null = null;

/** The app's pack (models/ai-pack.json), validated once; a malformed one is a build error and throws. */
export function aiPackManifest(): AiPackManifest {
  bundled ??= parseAiPackManifest(bundledManifest, 'models/ai-pack.json');
  return bundled;
}

/** What callers may hand in: nothing (the app's pack), a manifest object, or the path of a JSON file. */
export type AiPackManifestSource = AiPackManifest | string | undefined;

/** Resolves a manifest source; a bad one fails as `invalid_manifest`. */
export async function loadAiPackManifest(source: AiPackManifestSource): Promise<AiPackManifest> {
  if (source === undefined) return aiPackManifest();
  let raw: unknown = source;
  let origin = 'AI-pack manifest';
  if (typeof source === 'string') {
    origin = source;
    try {
      raw = JSON.parse(await readFile(source, 'utf8'));
    } catch (error) {
      fail('invalid_manifest', `cannot read the AI-pack manifest ${source}: ${(error as Error).message}`);
    }
  }
  try {
    return parseAiPackManifest(raw, origin);
  } catch (error) {
    fail('invalid_manifest', (error as Error).message);
  }
}

/** The components named by `ids` (all when omitted); an unknown id fails as `invalid_manifest`. */
export function selectComponents(manifest: AiPackManifest, ids?: readonly string[]): AiPackComponent[] {
  if (!ids) return manifest.components;
  return ids.map((id) => manifest.components.find((component) => component.id === id) ?? fail('invalid_manifest', `no AI-pack component '${id}'`));
}
