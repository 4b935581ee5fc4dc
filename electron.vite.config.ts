import { readFileSync } from 'node:fs';
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

/**
 * Files main reads by path relative to its own module, copied beside the bundled main: the HEIC
 * decoder worker (plain ESM started with `new URL('./x', import.meta.url)`) and the API docs pages'
 * initializer scripts.
 */
function copyRuntimeFiles(files: Record<string, string>): Plugin {
  return {
    name: 'culler:copy-runtime-files',
    apply: 'build',
    generateBundle() {
      for (const [fileName, source] of Object.entries(files)) this.emitFile({ type: 'asset', fileName, source: readFileSync(source) });
    },
  };
}

export default defineConfig({
  main: {
    plugins: [
      copyRuntimeFiles({
        'heic-decode.worker.mjs': resolve(root, 'src-main/engine/image/heic-decode.worker.mjs'),
        'docs-assets/swagger-init.js': resolve(root, 'src-main/api/docs-assets/swagger-init.js'),
        'docs-assets/redoc-init.js': resolve(root, 'src-main/api/docs-assets/redoc-init.js'),
      }),
    ],
    build: {
      outDir: resolve(root, 'out/main'),
      externalizeDeps: { include: RUNTIME_PACKAGES },
      rolldownOptions: {
        // Electron main (window and IPC doors), the library service's worker thread, and the model
        // worker it starts; each is found at run time beside index.js by file name.
        input: {
          index: resolve(root, 'src-main/index.ts'),
          'service-worker': resolve(root, 'src-main/service-host/service-worker.ts'),
          'model-worker': resolve(root, 'src-main/engine/models/model-worker.ts'),
          'analysis-worker': resolve(root, 'src-main/engine/rating/analysis-worker.ts'),
          'learning-worker': resolve(root, 'src-main/engine/learning/learning-worker.ts'),
        },
        // Shared chunks sit beside the entries, not in chunks/: modules find their workers and
        // runtime files (heic-decode.worker.mjs, model-worker.js) relative to their own URL.
        output: { chunkFileNames: '[name]-[hash].js' },
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
      // electron-vite leaves bundles unminified; the browser build is fetched over HTTP and parsed on every launch.
      minify: true,
      rolldownOptions: {
        input: { index: resolve(root, 'src-renderer/index.html') },
      },
    },
  },
});
