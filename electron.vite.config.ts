import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

const root = import.meta.dirname;

/**
 * Native or heavy packages that main loads from node_modules at run time, never bundles. They are
 * all `dependencies` (which electron-vite externalizes anyway); naming them keeps them external
 * even if one moves to devDependencies.
 */
const RUNTIME_PACKAGES = ['sharp', 'better-sqlite3', 'onnxruntime-node', 'heic-decode', 'heic-convert', 'chokidar', 'exif-reader'];

/**
 * The dev server needs inline code that the strict production policy in index.html forbids: the
 * React refresh preamble is an inline script and CSS arrives as <style> elements. Relax those two
 * directives only while serving, as main's dev policy does.
 */
function devContentSecurityPolicy(): Plugin {
  return {
    name: 'culler:dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html.replace("script-src 'self';", "script-src 'self' 'unsafe-inline';").replace("style-src 'self';", "style-src 'self' 'unsafe-inline';"),
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      externalizeDeps: { include: RUNTIME_PACKAGES },
      rolldownOptions: {
        input: { index: resolve(root, 'src-main/index.ts') },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload can require only `electron` and a few Node built-ins: bundle everything else.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src-preload/index.ts') },
        // Sandboxed preloads cannot be ES modules; `.cjs` because package.json says "type": "module".
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [react(), devContentSecurityPolicy()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: {
        input: { index: resolve(root, 'src-renderer/index.html') },
      },
    },
  },
});
