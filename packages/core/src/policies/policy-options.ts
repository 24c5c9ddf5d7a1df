import type { BackoffOptions } from './backoff';
import type { CircuitBreakerOptions } from './circuit-breaker';
import type { RateLimitOptions } from './token-bucket';

/** Retry settings: only retryable errors are retried. */
export interface RetryOptions extends BackoffOptions {
  /** Total attempts including the first. Default 3; 1 disables retries. */
  maxAttempts?: number;
  /**
   * Longest `Retry-After` we are willing to wait, ms. A longer one ends the retries (so a failover
   * chain can move on). Default 30 000.
   */
  maxRetryAfterMs?: number;
}

/** Call policies for one provider (or one call). */
export interface CallPolicies {
  /** Per-attempt timeout, ms. Default 30 000. */
  timeoutMs?: number;
  retry?: RetryOptions | false;
  /** Token bucket; none by default. */
  rateLimit?: RateLimitOptions | false;
  circuitBreaker?: CircuitBreakerOptions | false;
}

/** Defaults applied when a setting is not given. */
export const DEFAULT_POLICIES: Required<Pick<CallPolicies, 'timeoutMs'>> & {
  retry: Required<RetryOptions>;
  circuitBreaker: Required<CircuitBreakerOptions>;
} = {
  timeoutMs: 30_000,
  retry: { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 10_000, maxRetryAfterMs: 30_000 },
  circuitBreaker: { failureThreshold: 5, resetTimeoutMs: 30_000, halfOpenMaxCalls: 1 },
};

/** Merges per-call over per-provider over bus-wide policies. */
export function mergePolicies(...layers: Array<CallPolicies | undefined>): CallPolicies {
  const out: CallPolicies = {};
  for (const layer of layers) {
    if (!layer) continue;
    if (layer.timeoutMs !== undefined) out.timeoutMs = layer.timeoutMs;
    if (layer.retry !== undefined)
      out.retry = layer.retry === false ? false : { ...(out.retry || {}), ...layer.retry };
    if (layer.rateLimit !== undefined) out.rateLimit = layer.rateLimit;
    if (layer.circuitBreaker !== undefined)
      out.circuitBreaker =
        layer.circuitBreaker === false ? false : { ...(out.circuitBreaker || {}), ...layer.circuitBreaker };
  }
  return out;
}
