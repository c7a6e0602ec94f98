import { HttpException, HttpStatus } from '@nestjs/common';

/** The answer of a rate limiter: go ahead, or wait this many seconds. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * In-memory token bucket per key (one per service instance): a key may burst
 * up to a minute's allowance and then gets `perMinute` requests spread over
 * each minute. Memory is bounded: idle keys whose bucket would be full again
 * are dropped, and beyond `maxKeys` the least recently used key goes.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly tokensPerMs: number;

  constructor(
    /** Allowance per key per minute; 0 switches the limiter off. */
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 50_000,
  ) {
    this.tokensPerMs = perMinute / 60_000;
  }

  /** Spends one request of `key`'s allowance, if there is one. */
  take(key: string): RateDecision {
    if (this.perMinute === 0) return { allowed: true };
    const now = this.now();
    const bucket = this.refilled(key, now);
    // Re-inserting keeps the map in least-recently-used order for eviction.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) this.evict(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.tokensPerMs / 1000)) };
  }

  /** Number of keys currently tracked (for tests and metrics). */
  get size(): number {
    return this.buckets.size;
  }

  private refilled(key: string, now: number): Bucket {
    const bucket = this.buckets.get(key);
    if (bucket === undefined) return { tokens: this.perMinute, updatedAt: now };
    const elapsed = Math.max(0, now - bucket.updatedAt);
    return { tokens: Math.min(this.perMinute, bucket.tokens + elapsed * this.tokensPerMs), updatedAt: now };
  }

  private evict(now: number): void {
    const fullAfterMs = 60_000;
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.updatedAt >= fullAfterMs) this.buckets.delete(key);
    }
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys) break;
      this.buckets.delete(key);
    }
  }
}

/**
 * The two request budgets of a service: per authenticated caller (token
 * subject + organisation) and per client address for requests that fail
 * authentication (so guessing tokens costs the guesser, not other callers).
 */
export class RequestRateLimits {
  constructor(
    readonly authenticated: RateLimiter,
    readonly unauthenticated: RateLimiter,
  ) {}
}

/** 429 with `Retry-After` (set by the error filter). */
export class TooManyRequestsException extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many requests; retry later', HttpStatus.TOO_MANY_REQUESTS);
  }
}
