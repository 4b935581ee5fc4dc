/**
 * Requests per minute per client, as a token bucket: a client may burst up to its whole minute's
 * allowance, then gets one request back every 60/rpm seconds. In memory: a restart forgiving a
 * minute's worth of requests is harmless, unlike the quota, which is persisted.
 */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

type Bucket = { tokens: number; updatedAt: number };

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  take(clientId: string, requestsPerMinute: number): RateDecision {
    const now = this.now();
    const perMs = requestsPerMinute / 60_000;
    const bucket = this.buckets.get(clientId) ?? { tokens: requestsPerMinute, updatedAt: now };
    bucket.tokens = Math.min(requestsPerMinute, bucket.tokens + (now - bucket.updatedAt) * perMs);
    bucket.updatedAt = now;
    this.buckets.set(clientId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
  }

  forget(clientId: string): void {
    this.buckets.delete(clientId);
  }
}
