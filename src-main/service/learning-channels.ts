import type { IpcChannel, IpcReply, IpcRequest } from '../../src-preload/contract/ipc-contract.js';
import type { Learning } from '../engine/learning/learning.js';
import { failure, success } from './replies.js';

/** After this many new decisions (reviews, marks, stars) the service trains on its own. */
export const AUTO_TRAIN_EVERY = 10;
/** …once the user has paused this long, so a burst of marks is one run. */
const AUTO_TRAIN_QUIET_MS = 3000;

/**
 * Trains in the background as decisions arrive: every `AUTO_TRAIN_EVERY` decisions, after a quiet
 * moment, one run on the learning worker. The golden set judges each run, so training often is safe.
 */
export class LearningTrigger {
  private pending = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly learning: Learning,
    private readonly log: (line: string) => void,
    private readonly every = AUTO_TRAIN_EVERY,
  ) {}

  decided(count: number): void {
    this.pending += count;
    if (this.closed || this.every <= 0 || this.pending < this.every) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.closed) return;
      this.pending = 0;
      this.learning.train().catch((error: unknown) => this.log(`learning: background training failed: ${error instanceof Error ? error.message : String(error)}`));
    }, AUTO_TRAIN_QUIET_MS);
    this.timer.unref();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }
}

type LearningChannel = Extract<IpcChannel, `learning:${string}`>;

export function learningHandlers(learning: Learning): { [C in LearningChannel]: (request: IpcRequest<C>) => Promise<IpcReply<C>> | IpcReply<C> } {
  return {
    'learning:status': () => success(learning.status()),
    'learning:train': async () => success(await learning.train()),
    'learning:reset': () => success(learning.reset()),
    'learning:rollback': (request) => {
      const outcome = learning.rollbackTo(request.version);
      return 'error' in outcome ? failure('not_found', outcome.error) : success(outcome);
    },
  };
}
