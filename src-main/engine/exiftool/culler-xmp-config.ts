import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CONFIG = path.join('resources', 'exiftool', 'culler-xmp.config');

let found: string | null = null;

/**
 * The exiftool config that defines Culler's XMP namespace (resources/exiftool/culler-xmp.config).
 * Found by walking up from this module: the source tree in development and the CLI, `out/main/`
 * after a build, and inside the packaged app the archive's unpacked twin, because exiftool is a
 * Perl program that cannot read inside app.asar.
 */
export function cullerXmpConfigFile(): string {
  if (found) return found;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, CONFIG);
    const unpacked = candidate.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
    if (existsSync(unpacked)) return (found = unpacked);
    if (existsSync(candidate)) return (found = candidate);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`${CONFIG} is missing from this installation: reinstall the app`);
    dir = parent;
  }
}
