// Reference harness: MediaPipe's own FaceDetector (@mediapipe/tasks-vision) on BlazeFace, run in
// Debian's headless Chromium, so that our ONNX port can be compared against the original runtime.
//
// tasks-vision needs a browser (navigator, document, a canvas), so everything runs in a page served
// from a local HTTP server on 127.0.0.1: the ESM bundle, its wasm folder, the model (with the
// normalisation metadata MediaPipe insists on, see tflite-metadata.ts) and the images. Every other
// request is aborted and reported: tasks-vision posts usage logs to a Google host.
import { access, readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../debian-chromium.ts';
import { withImageNormalizationMetadata } from './tflite-metadata.ts';

export type MediapipeFaceModel = 'short' | 'full';

export type MediapipeFaceDetectorOptions = {
  model: MediapipeFaceModel;
  /** Minimum score to keep a face. tasks-vision's default, passed explicitly: 0.5. */
  minDetectionConfidence?: number;
  /** IoU above which overlapping faces are merged (weighted NMS). tasks-vision's default: 0.3. */
  minSuppressionThreshold?: number;
  /** Time box for the whole run (launch, model load, every image, shutdown). Default 60 s. */
  timeoutMs?: number;
  /** Told about every request that was aborted because it left the local origin. */
  onBlockedRequest?: (url: string) => void;
  /** Told about every console message and uncaught error of the page (tasks-vision logs a lot). */
  onPageLog?: (line: string) => void;
};

export type MediapipeFaceDetection = {
  /** Pixels of the image as the browser decoded it (EXIF orientation applied). */
  box: { x: number; y: number; width: number; height: number };
  score: number;
  /** Six BlazeFace keypoints in pixels: right eye, left eye, nose tip, mouth, right ear, left ear (subject's side). */
  keypoints: Array<{ x: number; y: number }>;
};

export type MediapipeFaceImageResult = {
  path: string;
  width: number;
  height: number;
  detections: MediapipeFaceDetection[];
  /** Wall time of `detector.detect()` in the page (decode excluded). */
  inferenceMs: number;
};

/** What tasks-vision uses when the options are omitted, and what MediaPipe publishes for BlazeFace. */
export const MEDIAPIPE_FACE_DEFAULTS = { minDetectionConfidence: 0.5, minSuppressionThreshold: 0.3 } as const;

/** Normalisation of BlazeFace's float input: [0, 255] → [-1, 1]. */
export const BLAZEFACE_NORMALIZATION = { mean: 127.5, std: 127.5 } as const;

const require = createRequire(import.meta.url);
const TASKS_VISION_DIR = path.dirname(require.resolve('@mediapipe/tasks-vision'));
const FACE_DETECTION_DIR = path.dirname(require.resolve('@mediapipe/face_detection'));
const MODEL_FILES: Record<MediapipeFaceModel, string> = {
  short: 'face_detection_short_range.tflite',
  full: 'face_detection_full_range.tflite',
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.tflite': 'application/octet-stream',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.avif': 'image/avif',
  '.bmp': 'image/bmp',
};

// Runs in the page. Plain JavaScript: this project type-checks Node code without the DOM library.
const PAGE_HTML = `<!doctype html>
<meta charset="utf-8">
<title>MediaPipe face detector harness</title>
<script type="module">
import { FaceDetector, FilesetResolver } from '/tasks-vision/vision_bundle.mjs';

async function loadImage(url) {
  const image = new Image();
  image.src = url;
  await image.decode();
  return image;
}

window.__mediapipeHarness = {
  async detect(request) {
    const fileset = await FilesetResolver.forVisionTasks('/tasks-vision/wasm');
    const detector = await FaceDetector.createFromOptions(fileset, {
      baseOptions: { modelAssetPath: request.modelUrl, delegate: 'CPU' },
      runningMode: 'IMAGE',
      minDetectionConfidence: request.minDetectionConfidence,
      minSuppressionThreshold: request.minSuppressionThreshold,
    });
    const images = [];
    try {
      for (const url of request.imageUrls) {
        const image = await loadImage(url);
        // naturalWidth/naturalHeight honour EXIF orientation, as tasks-vision's own size lookup does.
        const width = image.naturalWidth;
        const height = image.naturalHeight;
        const started = performance.now();
        const result = detector.detect(image);
        const ms = performance.now() - started;
        images.push({
          width,
          height,
          ms,
          detections: result.detections.map((detection) => ({
            box: detection.boundingBox
              ? { x: detection.boundingBox.originX, y: detection.boundingBox.originY, width: detection.boundingBox.width, height: detection.boundingBox.height }
              : null,
            score: detection.categories.length > 0 ? detection.categories[0].score : null,
            // Keypoints come normalised to [0, 1].
            keypoints: detection.keypoints.map((point) => ({ x: point.x * width, y: point.y * height })),
          })),
        });
      }
    } finally {
      detector.close();
    }
    return images;
  },
};
window.__mediapipeHarnessReady = true;
</script>
`;

type PageImageResult = {
  width: number;
  height: number;
  ms: number;
  detections: Array<{ box: MediapipeFaceDetection['box'] | null; score: number | null; keypoints: Array<{ x: number; y: number }> }>;
};

class TimeoutError extends Error {}

/** Rejects when `ms` run out; the caller's finally-block does the cleaning up. */
function withDeadline<T>(promise: Promise<T>, deadline: number, what: string): Promise<T> {
  const left = deadline - Date.now();
  if (left <= 0) return Promise.reject(new TimeoutError(`timed out before ${what}`));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`timed out during ${what} (${left} ms left)`)), left);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

type Route = { type: string; body: () => Promise<Uint8Array | string> };

function startServer(routes: Map<string, Route>): Promise<{ server: Server; origin: string }> {
  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const route = request.method === 'GET' ? routes.get(url.pathname) : undefined;
    if (route === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    route.body().then(
      (body) => response.writeHead(200, { 'content-type': route.type, 'cache-control': 'no-store' }).end(body),
      (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
    );
  };
  const server = createServer(handle);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, origin: `http://127.0.0.1:${port}` });
    });
  });
}

function stopServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

async function buildRoutes(imagePaths: string[], model: MediapipeFaceModel): Promise<Map<string, Route>> {
  const fileRoute = (file: string): Route => ({
    type: CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    body: () => readFile(file),
  });
  const routes = new Map<string, Route>();
  routes.set('/', { type: CONTENT_TYPES['.html'] ?? 'text/html', body: () => Promise.resolve(PAGE_HTML) });
  routes.set('/tasks-vision/vision_bundle.mjs', fileRoute(path.join(TASKS_VISION_DIR, 'vision_bundle.mjs')));
  for (const name of await readdir(path.join(TASKS_VISION_DIR, 'wasm'))) {
    routes.set(`/tasks-vision/wasm/${name}`, fileRoute(path.join(TASKS_VISION_DIR, 'wasm', name)));
  }
  const tflite = new Uint8Array(await readFile(path.join(FACE_DETECTION_DIR, MODEL_FILES[model])));
  const withMetadata = withImageNormalizationMetadata(tflite, BLAZEFACE_NORMALIZATION);
  routes.set(`/models/${model}.tflite`, { type: 'application/octet-stream', body: () => Promise.resolve(withMetadata) });
  imagePaths.forEach((file, index) => {
    // By index, so that no file name has to survive URL encoding.
    routes.set(`/images/${index}${path.extname(file).toLowerCase()}`, fileRoute(file));
  });
  return routes;
}

function toResult(file: string, page: PageImageResult): MediapipeFaceImageResult {
  return {
    path: file,
    width: page.width,
    height: page.height,
    inferenceMs: page.ms,
    detections: page.detections.map((detection, index) => {
      if (detection.box === null || detection.score === null) {
        throw new Error(`${file}: detection ${index} has no ${detection.box === null ? 'bounding box' : 'score'}`);
      }
      return { box: detection.box, score: detection.score, keypoints: detection.keypoints };
    }),
  };
}

/**
 * Runs MediaPipe's FaceDetector (tasks-vision, CPU delegate, IMAGE mode) on each image, in headless
 * Chromium, with the BlazeFace model shipped by @mediapipe/face_detection.
 */
export async function runMediapipeFaceDetector(
  imagePaths: string[],
  options: MediapipeFaceDetectorOptions,
): Promise<MediapipeFaceImageResult[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const minDetectionConfidence = options.minDetectionConfidence ?? MEDIAPIPE_FACE_DEFAULTS.minDetectionConfidence;
  const minSuppressionThreshold = options.minSuppressionThreshold ?? MEDIAPIPE_FACE_DEFAULTS.minSuppressionThreshold;
  const files = imagePaths.map((file) => path.resolve(file));

  // A missing file would otherwise surface as an opaque decode error in the page.
  await Promise.all(files.map((file) => access(file)));
  const routes = await buildRoutes(files, options.model);
  const { server, origin } = await startServer(routes);
  const pageLog: string[] = [];
  let userDataDir: string | undefined;
  let launching: Promise<BrowserContext> | undefined;
  let context: BrowserContext | undefined;
  try {
    userDataDir = await mkdtemp(path.join(os.tmpdir(), 'culler-mediapipe-chromium-'));
    launching = chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS],
      headless: true,
      timeout: Math.max(1, deadline - Date.now()),
    });
    context = await withDeadline(launching, deadline, 'Chromium launch');
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (new URL(url).origin === origin) {
        await route.continue();
        return;
      }
      options.onBlockedRequest?.(url);
      await route.abort('blockedbyclient');
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const logLine = (line: string): void => {
      pageLog.push(line);
      options.onPageLog?.(line);
    };
    page.on('console', (message) => logLine(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => logLine(`[pageerror] ${error.message}`));

    await withDeadline(page.goto(`${origin}/`, { timeout: Math.max(1, deadline - Date.now()) }), deadline, 'page load');
    await withDeadline(
      page.waitForFunction('window.__mediapipeHarnessReady === true', undefined, { timeout: Math.max(1, deadline - Date.now()) }),
      deadline,
      'tasks-vision bundle load',
    );
    const request = {
      modelUrl: `/models/${options.model}.tflite`,
      imageUrls: files.map((file, index) => `/images/${index}${path.extname(file).toLowerCase()}`),
      minDetectionConfidence,
      minSuppressionThreshold,
    };
    const pageResults = (await withDeadline(
      page.evaluate(`window.__mediapipeHarness.detect(${JSON.stringify(request)})`),
      deadline,
      `face detection on ${files.length} images`,
    )) as PageImageResult[];
    if (!Array.isArray(pageResults) || pageResults.length !== files.length) {
      throw new Error(`page returned ${Array.isArray(pageResults) ? pageResults.length : typeof pageResults} results for ${files.length} images`);
    }
    return pageResults.map((result, index) => toResult(files[index] ?? '', result));
  } catch (error) {
    const tail = pageLog.filter((line) => !line.startsWith('[log]') && !line.startsWith('[info]')).slice(-15);
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`MediaPipe face detector (${options.model}-range) failed: ${message}${tail.length > 0 ? `\npage log:\n${tail.join('\n')}` : ''}`, {
      cause: error,
    });
  } finally {
    // A launch that lost the race against the deadline may still finish: close that browser too.
    const closing = context ?? launching?.catch(() => undefined);
    await withDeadline(
      Promise.resolve(closing).then((browser) => browser?.close()),
      Date.now() + 10_000,
      'Chromium shutdown',
    ).catch(() => undefined);
    await stopServer(server);
    if (userDataDir !== undefined) await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
  }
}
