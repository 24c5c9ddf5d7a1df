/**
 * Remembers which inbound events were already handled, so a provider's retries are processed once.
 * `claim` must be atomic: of two concurrent claims of one key, exactly one returns true. A durable
 * Bus uses a Redis implementation (`SET key NX PX ttl`).
 */
export interface DedupStore {
  /** Records `key` for `ttlMs`; true if it was not already recorded (the caller should process the event). */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Forgets `key` (e.g. when processing failed and the provider's retry should be accepted). */
  release(key: string): Promise<void>;
}

/**
 * In-memory dedup store with expiry. Keys are kept longer than any provider's retry window by
 * default (72 hours: Stripe retries for up to three days).
 */
export class MemoryDedupStore implements DedupStore {
  private readonly keys = new Map<string, number>();

  constructor(
    private readonly maxKeys = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const t = this.now();
    const expires = this.keys.get(key);
    if (expires !== undefined && expires > t) return false;
    this.keys.set(key, t + ttlMs);
    if (this.keys.size > this.maxKeys) this.evict(t);
    return true;
  }

  async release(key: string): Promise<void> {
    this.keys.delete(key);
  }

  private evict(t: number): void {
    for (const [key, expires] of this.keys) if (expires <= t) this.keys.delete(key);
    while (this.keys.size > this.maxKeys) {
      const oldest = this.keys.keys().next().value;
      if (oldest === undefined) break;
      this.keys.delete(oldest);
    }
  }
}

/** Default time an event id is remembered: 72 hours. */
export const DEFAULT_DEDUP_TTL_MS = 72 * 60 * 60 * 1000;
