import { sleep } from './backoff';

/** Token-bucket settings: `capacity` calls at once, refilled at `refillPerSecond`. */
export interface RateLimitOptions {
  /** Burst size. */
  capacity: number;
  /** Sustained calls per second. */
  refillPerSecond: number;
}

/**
 * A per-provider token bucket. `acquire()` waits for a token (in arrival order) instead of failing,
 * so bursts are smoothed to the provider's documented rate.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {
    if (!(options.capacity > 0) || !(options.refillPerSecond > 0)) {
      throw new RangeError('Rate limit needs capacity > 0 and refillPerSecond > 0.');
    }
    this.tokens = options.capacity;
    this.last = now();
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(
      this.options.capacity,
      this.tokens + ((t - this.last) / 1000) * this.options.refillPerSecond,
    );
    this.last = t;
  }

  /** Milliseconds until a token is free (0 when one is free now). */
  waitTimeMs(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.options.refillPerSecond) * 1000);
  }

  /** Takes a token without waiting; false when none is free. */
  tryAcquire(): boolean {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  /** Waits until a token is free and takes it. Rejects if `signal` aborts while waiting. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    const turn = this.queue.then(async () => {
      for (;;) {
        const wait = this.waitTimeMs();
        if (wait === 0 && this.tryAcquire()) return;
        await sleep(Math.max(1, wait), signal);
      }
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }
}
