import { ApiError } from './api-errors.js';

/**
 * Who may have a secret checked at POST /token right now. Each check is a deliberately slow scrypt
 * on the shared thread pool, so wrong secrets must not be able to queue up in front of other
 * clients' right ones: one check at a time per client id, a few at a time per address, and after
 * failures a growing wait (per client id, and per address once it has failed many times) during
 * which the secret is not checked at all and the answer is 429 with Retry-After. A right secret
 * clears the record. In memory: a restart forgets the waits, as it does the requests-per-minute.
 */
export type TokenGuardOptions = {
  /** Checks in flight from one address. */
  maxPerAddress: number;
  /** Wait after a client id's second wrong secret in a row; doubles with each further one. */
  clientBaseDelayMs: number;
  /** Failures an address may have before it waits too. */
  addressFreeFailures: number;
  maxDelayMs: number;
  now: () => number;
};

type Record_ = { inFlight: number; failures: number; blockedUntil: number };

const DEFAULTS: TokenGuardOptions = {
  maxPerAddress: 4,
  clientBaseDelayMs: 250,
  addressFreeFailures: 10,
  maxDelayMs: 60_000,
  now: () => Date.now(),
};

/** Past this many remembered ids or addresses, those with nothing in flight and no wait are dropped. */
const MAX_RECORDS = 10_000;

export class TokenGuard {
  private readonly options: TokenGuardOptions;
  private readonly clients = new Map<string, Record_>();
  private readonly addresses = new Map<string, Record_>();

  constructor(options: Partial<TokenGuardOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Runs `check` (the scrypt comparison) unless this client id or address must wait; 429 if so. */
  async guard<T>(clientId: string, address: string, check: () => Promise<T | null>): Promise<T | null> {
    const now = this.options.now();
    const client = record(this.clients, clientId);
    const from = record(this.addresses, address);
    if (client.inFlight > 0) throw busy(1, 'a secret for this client is being checked already; try again in a moment');
    if (client.blockedUntil > now) throw busy(client.blockedUntil - now, 'too many wrong secrets for this client; wait before trying again');
    if (from.blockedUntil > now) throw busy(from.blockedUntil - now, 'too many wrong secrets from this address; wait before trying again');
    if (from.inFlight >= this.options.maxPerAddress) throw busy(1, 'too many secrets from this address are being checked at once');
    client.inFlight++;
    from.inFlight++;
    try {
      const result = await check();
      const after = this.options.now();
      if (result === null) {
        client.failures++;
        // One mistyped secret costs nothing; from the second in a row the wait doubles each time.
        if (client.failures > 1) client.blockedUntil = after + this.delay(this.options.clientBaseDelayMs, client.failures - 2);
        from.failures++;
        if (from.failures > this.options.addressFreeFailures) from.blockedUntil = after + this.delay(1000, from.failures - this.options.addressFreeFailures - 1);
      } else {
        client.failures = 0;
        client.blockedUntil = 0;
        from.failures = 0;
        from.blockedUntil = 0;
      }
      return result;
    } finally {
      client.inFlight--;
      from.inFlight--;
      this.prune(now);
    }
  }

  private delay(base: number, doublings: number): number {
    return Math.min(this.options.maxDelayMs, base * 2 ** Math.min(20, Math.max(0, doublings)));
  }

  private prune(now: number): void {
    for (const map of [this.clients, this.addresses]) {
      if (map.size <= MAX_RECORDS) continue;
      for (const [key, value] of map) if (value.inFlight === 0 && value.blockedUntil <= now) map.delete(key);
    }
  }
}

function record(map: Map<string, Record_>, key: string): Record_ {
  let found = map.get(key);
  if (!found) {
    found = { inFlight: 0, failures: 0, blockedUntil: 0 };
    map.set(key, found);
  }
  return found;
}

function busy(waitMs: number, message: string): ApiError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new ApiError('rate_limited', message, { 'Retry-After': String(seconds) });
}
