import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const CONFIG = path.resolve(import.meta.dirname, '..', 'resources', 'exiftool', 'culler-xmp.config');

/**
 * What the system's own `exiftool` command (not our exiftool-vendored process) reads from a file:
 * tests check sidecars the way another app would, group-qualified ("XMP-xmp:Rating").
 */
export function exiftoolReads(file: string): Record<string, unknown> {
  const out = execFileSync('exiftool', ['-config', CONFIG, '-json', '-G1', '-a', '-struct', file], { encoding: 'utf8' });
  return (JSON.parse(out) as Array<Record<string, unknown>>)[0]!;
}

export function sha256Of(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
