// Rates one file with a fresh engine and prints the outcome as JSON: lets a test run the engine
// in a child process with another environment (no perl on PATH).
import { CullingEngine } from '../../engine.js';

const [home, file] = process.argv.slice(2);
const engine = CullingEngine.open({ home: home!, models: false, aiPack: false });
const rating = await engine.rateFile(file!);
process.stdout.write(JSON.stringify(rating.ok ? { ok: true, format: rating.result.source.format } : rating));
// The outcome is out; closing is bounded so a close that never settles cannot fail the test.
await Promise.race([engine.close(), new Promise((resolve) => setTimeout(resolve, 5000))]);
process.exit(0);
