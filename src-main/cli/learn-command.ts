import type { LearningStatus } from '../../src-preload/contract/library-types.js';
import { CullingEngine } from '../engine/engine.js';
import { toErrorInfo } from '../engine/errors.js';
import { parseCommand } from './parse-command.js';
import type { CliStreams } from './rate-command.js';

export const LEARN_USAGE = `culler learn — the personal model learned from your reviews, marks, stars and API feedback

Usage:
  culler learn status [--json] [--home <dir>]   decisions learned, golden-set agreement, last
                                                training, every version with why it was adopted,
                                                rejected or rolled back
  culler learn train [--json] [--home <dir>]    trains now; a version is adopted only when it beats
                                                the current one on your golden set
  culler learn reset [--home <dir>]             back to the built-in gate (history kept)
  culler learn rollback <version> [--home <dir>]   use an earlier adopted version again
`;

const percent = (value: number | null): string => (value === null ? '—' : `${Math.round(value * 100)} %`);
const fixed = (value: number | null): string => (value === null ? '—' : value.toFixed(3));

export function formatLearningStatus(status: LearningStatus): string {
  const lines = [
    status.activeVersion === null ? 'Personal model: none — the built-in gate decides' : `Personal model: v${status.activeVersion}`,
    `Decisions learned from: ${status.decisions} photos (golden set, never trained on: ${status.goldenDecisions})`,
    `Golden-set agreement: ${percent(status.goldenAgreement)}   AUC ${fixed(status.goldenAuc)}`,
    `Last training: ${status.lastTraining ? `${status.lastTraining.at} — ${status.lastTraining.outcome}` : 'never'}`,
  ];
  if (status.history.length) {
    lines.push('History:');
    for (const entry of status.history) {
      const against = entry.baselineVersion === null ? 'built-in' : `v${entry.baselineVersion}`;
      lines.push(
        `  v${entry.version} ${entry.state}${entry.active ? ' (in use)' : ''}  ${entry.createdAt}  ${entry.decisions} decisions; golden AUC ${fixed(entry.goldenAuc)} vs ${against} ${fixed(entry.baselineAuc)}, agreement ${percent(entry.goldenAgreement)}`,
        `      ${entry.reason}`,
      );
      for (const source of entry.sources.filter((item) => item.trust < 1)) lines.push(`      ${source.source}: weight ${source.weight}, trust ${source.trust} — ${source.reason}`);
    }
  }
  const ranker = status.ranker;
  if (ranker?.history.length) {
    lines.push(ranker.activeVersion === null ? 'Best frame in a burst: the built-in choice' : `Best frame in a burst: your ranker r${ranker.activeVersion}`);
    for (const entry of ranker.history) {
      lines.push(
        `  r${entry.version} ${entry.state}  ${entry.createdAt}  ${entry.trainPairs} pairs; held-out pairwise accuracy ${fixed(entry.accuracy)} vs ${fixed(entry.baselineAccuracy)} on ${entry.goldenPairs} pairs`,
        `      ${entry.reason}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** culler learn …; 0 on success, 1 when the work failed, 2 on a usage error. */
export async function runLearn(args: string[], streams: CliStreams): Promise<number> {
  const { stdout, stderr } = streams;
  const parsed = parseCommand(args, { home: { type: 'string' }, json: { type: 'boolean', default: false } }, { name: 'culler learn', usage: LEARN_USAGE, streams });
  if (!parsed.ok) return parsed.exit;
  const { values, positionals } = parsed;
  const [verb, ...rest] = positionals;
  if (!verb) {
    stdout.write(LEARN_USAGE);
    return 2;
  }
  if (!['status', 'train', 'reset', 'rollback'].includes(verb) || (verb === 'rollback' ? rest.length !== 1 || !/^\d+$/.test(rest[0]!) : rest.length > 0)) {
    stderr.write(`culler learn: ${verb === 'rollback' ? 'rollback takes one version number' : `unknown command '${verb}'`}\n\n${LEARN_USAGE}`);
    return 2;
  }
  let engine: CullingEngine;
  try {
    engine = CullingEngine.open({ home: values.home, aiPack: false });
  } catch (error) {
    stderr.write(`culler learn: ${toErrorInfo(error).message}\n`);
    return 1;
  }
  const print = (status: LearningStatus, extra?: object) =>
    stdout.write(values.json ? `${JSON.stringify(extra ? { ...extra, status } : status)}\n` : formatLearningStatus(status));
  try {
    if (verb === 'status') print(engine.learning.status());
    else if (verb === 'reset') print(engine.learning.reset());
    else if (verb === 'rollback') {
      const outcome = engine.learning.rollbackTo(Number(rest[0]));
      if ('error' in outcome) {
        stderr.write(`culler learn: ${outcome.error}\n`);
        return 1;
      }
      print(outcome);
    } else {
      const started = performance.now();
      const result = await engine.learning.train();
      if (!values.json) stdout.write(`${result.outcome} (${((performance.now() - started) / 1000).toFixed(1)} s)\n\n`);
      print(result.status, { outcome: result.outcome, version: result.version, adopted: result.adopted, rolledBack: result.rolledBack });
    }
    return 0;
  } catch (error) {
    stderr.write(`culler learn: ${toErrorInfo(error).message}\n`);
    return 1;
  } finally {
    await engine.close();
  }
}
