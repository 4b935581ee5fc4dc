import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

async function restrictedImports(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('lint walls between layers', () => {
  it('stops the engine from importing electron', async () => {
    const messages = await restrictedImports("import { app } from 'electron';\nexport const name = app.name;\n", 'src-main/engine/rating/x.ts');
    expect(messages.join()).toMatch(/runs without Electron/);
  });

  it('stops the renderer from importing main-process code or native packages', async () => {
    expect(await restrictedImports("import { CullingEngine } from '../../src-main/engine/engine';\nexport { CullingEngine };\n", 'src-renderer/src/x.ts'))
      .toHaveLength(1);
    expect(await restrictedImports("import sharp from 'sharp';\nexport { sharp };\n", 'src-renderer/src/x.ts')).toHaveLength(1);
  });

  it('keeps each heavy package in its one engine folder', async () => {
    expect(await restrictedImports("import Database from 'better-sqlite3';\nexport { Database };\n", 'src-main/engine/quality/x.ts'))
      .toHaveLength(1);
    expect(await restrictedImports("import Database from 'better-sqlite3';\nexport { Database };\n", 'src-main/engine/catalog/x.ts'))
      .toHaveLength(0);
    expect(await restrictedImports("import sharp from 'sharp';\nexport { sharp };\n", 'src-main/engine/catalog/x.ts')).toHaveLength(1);
  });

  it('keeps the shared contract free of process-specific imports', async () => {
    expect(await restrictedImports("import fs from 'node:fs';\nexport { fs };\n", 'src-preload/contract/x.ts')).toHaveLength(1);
  });
});
