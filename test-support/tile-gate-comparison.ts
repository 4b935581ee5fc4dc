import { analyzeBody } from '../src-main/engine/body/body.analyzer.js';
import { analyzeFaces, type FaceReport } from '../src-main/engine/faces/face.analyzer.js';
import { personTileGate, personWitnesses, type TileGate } from '../src-main/engine/faces/tile-gate.js';
import type { DecodedImage } from '../src-main/engine/image/decode.js';
import type { ModelRunner } from '../src-main/engine/models/ort-session-factory.js';
import { analyzeObjects } from '../src-main/engine/objects/objects.analyzer.js';

export type TileGateComparison = { every: FaceReport; gated: FaceReport; ran: number; asked: number };

/**
 * One decoded photo's faces twice: with every tile, and with the person gate the engine uses
 * (faces/tile-gate.ts), counting the tiles the gate was asked about and let run. Shared by the
 * gate's test and bench/tile-gate-check.ts, which runs it over the whole corpus.
 */
export async function compareTileGate(runner: ModelRunner, decoded: DecodedImage): Promise<TileGateComparison> {
  const { working } = decoded;
  const [body, objects] = await Promise.all([analyzeBody(runner, working), analyzeObjects(runner, working)]);
  const gate = personTileGate(personWitnesses(body, objects), working);
  let asked = 0;
  let ran = 0;
  const counting: TileGate = (tile) => {
    asked++;
    const run = gate(tile);
    if (run) ran++;
    return run;
  };
  const every = await analyzeFaces(runner, working, decoded, { eyes: true });
  const gated = await analyzeFaces(runner, working, decoded, { eyes: true, tileGate: Promise.resolve(counting) });
  return { every, gated, ran, asked };
}
