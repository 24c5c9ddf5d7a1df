/** Exponential backoff settings. */
export interface BackoffOptions {
  /** First delay ceiling, ms. Default 200. */
  baseDelayMs?: number;
  /** Largest delay ceiling, ms. Default 10 000. */
  maxDelayMs?: number;
}

/**
 * "Full jitter" backoff: a uniformly random delay between 0 and `min(max, base × 2^attempt)`,
 * which spreads retries of many clients apart (AWS Architecture Blog, "Exponential Backoff And Jitter").
 * `attempt` counts from 0 for the first retry.
 */
export function fullJitterDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const base = options.baseDelayMs ?? 200;
  const max = options.maxDelayMs ?? 10_000;
  const ceiling = Math.min(max, base * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 && !signal?.aborted) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
