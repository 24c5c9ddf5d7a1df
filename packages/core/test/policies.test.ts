import { describe, expect, it } from 'vitest';
import {
  CircuitBreaker,
  CircuitOpenError,
  NetworkError,
  NotFoundError,
  ProviderError,
  RateLimitError,
  TimeoutError,
  TokenBucket,
  ValidationError,
  fullJitterDelay,
  mergePolicies,
  runWithPolicies,
} from '../src/index';

describe('fullJitterDelay', () => {
  it('stays within [0, min(max, base * 2^attempt))', () => {
    expect(fullJitterDelay(0, { baseDelayMs: 100 }, () => 0.999)).toBe(99);
    expect(fullJitterDelay(3, { baseDelayMs: 100 }, () => 0.5)).toBe(400);
    expect(fullJitterDelay(20, { baseDelayMs: 100, maxDelayMs: 1000 }, () => 0.999)).toBe(999);
    expect(fullJitterDelay(5, {}, () => 0)).toBe(0);
  });
});

describe('TokenBucket', () => {
  it('allows a burst of `capacity`, then refills at the configured rate', () => {
    let now = 0;
    const bucket = new TokenBucket({ capacity: 2, refillPerSecond: 10 }, () => now);
    expect(bucket.tryAcquire()).toBe(true);
    expect(bucket.tryAcquire()).toBe(true);
    expect(bucket.tryAcquire()).toBe(false);
    expect(bucket.waitTimeMs()).toBe(100);
    now = 100;
    expect(bucket.tryAcquire()).toBe(true);
    expect(bucket.tryAcquire()).toBe(false);
  });
  it('acquire() waits for a token instead of failing', async () => {
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 50 });
    const start = performance.now();
    await bucket.acquire();
    await bucket.acquire();
    await bucket.acquire();
    expect(performance.now() - start).toBeGreaterThanOrEqual(30);
  });
  it('rejects bad settings', () => {
    expect(() => new TokenBucket({ capacity: 0, refillPerSecond: 1 })).toThrow(RangeError);
  });
});

describe('CircuitBreaker', () => {
  it('opens after consecutive health failures, half-opens after the timeout, closes on success', () => {
    let now = 0;
    const breaker = new CircuitBreaker('p', { failureThreshold: 2, resetTimeoutMs: 1000 }, () => now);
    const failure = new NetworkError(undefined, { provider: 'p' });
    breaker.onFailure(failure);
    expect(breaker.state).toBe('closed');
    breaker.onFailure(failure);
    expect(breaker.state).toBe('open');
    expect(() => breaker.beforeCall('op')).toThrow(CircuitOpenError);
    now = 1000;
    expect(breaker.state).toBe('half-open');
    breaker.beforeCall('op');
    expect(() => breaker.beforeCall('op')).toThrow(CircuitOpenError);
    breaker.onSuccess();
    expect(breaker.state).toBe('closed');
  });
  it('re-opens when the trial call fails', () => {
    let now = 0;
    const breaker = new CircuitBreaker('p', { failureThreshold: 1, resetTimeoutMs: 10 }, () => now);
    breaker.onFailure(new TimeoutError());
    now = 10;
    breaker.beforeCall();
    breaker.onFailure(new TimeoutError());
    expect(breaker.state).toBe('open');
  });
  it('ignores errors about our input (validation, not-found)', () => {
    const breaker = new CircuitBreaker('p', { failureThreshold: 1 });
    breaker.onFailure(new ValidationError('bad'));
    breaker.onFailure(new NotFoundError());
    expect(breaker.state).toBe('closed');
  });
});

describe('runWithPolicies', () => {
  const base = { provider: 'p', operation: 'op', state: {} };

  it('retries retryable errors with backoff and succeeds', async () => {
    let calls = 0;
    const info = { attempts: 0 };
    const value = await runWithPolicies(
      async () => {
        calls += 1;
        if (calls < 3) throw new ProviderError('503', { retryable: true });
        return 'ok';
      },
      { ...base, policies: { retry: { maxAttempts: 3, baseDelayMs: 1 } }, info },
    );
    expect(value).toBe('ok');
    expect(calls).toBe(3);
    expect(info.attempts).toBe(3);
  });

  it('never retries non-retryable errors', async () => {
    let calls = 0;
    await expect(
      runWithPolicies(
        async () => {
          calls += 1;
          throw new ValidationError('bad');
        },
        { ...base, policies: { retry: { maxAttempts: 5, baseDelayMs: 1 } } },
      ),
    ).rejects.toSatisfy((e) => ValidationError.isInstance(e));
    expect(calls).toBe(1);
  });

  it('honours Retry-After, and gives up when it is longer than allowed', async () => {
    let calls = 0;
    const start = performance.now();
    await runWithPolicies(
      async () => {
        calls += 1;
        if (calls === 1) throw new RateLimitError(undefined, { retryAfterMs: 60 });
        return 'ok';
      },
      { ...base, policies: { retry: { maxAttempts: 2, baseDelayMs: 1 } } },
    );
    expect(performance.now() - start).toBeGreaterThanOrEqual(55);
    calls = 0;
    await expect(
      runWithPolicies(
        async () => {
          calls += 1;
          throw new RateLimitError(undefined, { retryAfterMs: 60_000 });
        },
        { ...base, policies: { retry: { maxAttempts: 5, maxRetryAfterMs: 1000 } } },
      ),
    ).rejects.toSatisfy((e) => RateLimitError.isInstance(e));
    expect(calls).toBe(1);
  });

  it('times out an attempt that never answers, even if the callee ignores the signal', async () => {
    const error = await runWithPolicies(() => new Promise<never>(() => undefined), {
      ...base,
      policies: { timeoutMs: 30, retry: false },
    }).catch((e: Error) => e);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(error.message).toContain('30 ms');
  });

  it('does not repeat a call whose outcome is unknown when retrySafe says no', async () => {
    let calls = 0;
    await runWithPolicies(
      async () => {
        calls += 1;
        throw new TimeoutError(undefined, { outcomeUnknown: true });
      },
      {
        ...base,
        policies: { retry: { maxAttempts: 3, baseDelayMs: 1 } },
        retrySafe: (e) => !e.outcomeUnknown,
      },
    ).catch(() => undefined);
    expect(calls).toBe(1);
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stop')), 10);
    const error = await runWithPolicies(() => new Promise(() => undefined), {
      ...base,
      policies: { timeoutMs: 5000 },
      signal: controller.signal,
    }).catch((e: unknown) => e);
    // Settled by the caller's abort (its reason), not by the 5 s timeout.
    expect(TimeoutError.isInstance(error)).toBe(false);
    expect((error as Error).message).toContain('stop');
  });

  it('refuses calls while the circuit is open, without calling', async () => {
    const breaker = new CircuitBreaker('p', { failureThreshold: 1, resetTimeoutMs: 60_000 });
    let calls = 0;
    const fn = async () => {
      calls += 1;
      throw new NetworkError();
    };
    await runWithPolicies(fn, { ...base, state: { breaker }, policies: { retry: false } }).catch(
      () => undefined,
    );
    const error = await runWithPolicies(fn, {
      ...base,
      state: { breaker },
      policies: { retry: false },
    }).catch((e) => e);
    expect(CircuitOpenError.isInstance(error)).toBe(true);
    expect(calls).toBe(1);
  });
});

describe('mergePolicies', () => {
  it('layers per-call over per-provider over bus-wide', () => {
    const merged = mergePolicies(
      { timeoutMs: 100, retry: { maxAttempts: 3 } },
      { retry: { baseDelayMs: 5 } },
      { timeoutMs: 50 },
    );
    expect(merged).toEqual({ timeoutMs: 50, retry: { maxAttempts: 3, baseDelayMs: 5 } });
    expect(mergePolicies({ retry: { maxAttempts: 3 } }, { retry: false }).retry).toBe(false);
  });
});

describe('runWithPolicies keeps an unknown outcome', () => {
  it('does not let a later, never-sent failure (circuit opened by the first attempt) hide an uncertain attempt', async () => {
    const breaker = new CircuitBreaker('p', { failureThreshold: 1, resetTimeoutMs: 60_000 });
    const error = await runWithPolicies(
      async () => {
        throw new TimeoutError('answer lost', { provider: 'p', outcomeUnknown: true });
      },
      {
        provider: 'p',
        operation: 'op',
        state: { breaker },
        policies: { retry: { maxAttempts: 3, baseDelayMs: 1 } },
      },
    ).catch((e: Error) => e);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).outcomeUnknown).toBe(true);
  });
  it('lets a per-call circuitBreaker: false through an open circuit', async () => {
    const breaker = new CircuitBreaker('p', { failureThreshold: 1, resetTimeoutMs: 60_000 });
    breaker.onFailure(new NetworkError());
    const value = await runWithPolicies(async () => 'looked up', {
      provider: 'p',
      operation: 'find',
      state: { breaker },
      policies: { circuitBreaker: false },
    });
    expect(value).toBe('looked up');
  });
});
