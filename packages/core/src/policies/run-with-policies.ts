import { normalizeError } from '../errors/from-http-status';
import { TimeoutError, type InfraFabricError, RateLimitError } from '../errors/infrafabric-error';
import { fullJitterDelay, sleep } from './backoff';
import type { CircuitBreaker } from './circuit-breaker';
import { attemptDeadlines } from './deadlines';
import { type CallPolicies, DEFAULT_POLICIES, type RetryOptions } from './policy-options';
import type { TokenBucket } from './token-bucket';

const resolvedRetry = new WeakMap<CallPolicies, Required<RetryOptions>>();

/** The retry settings with defaults filled in, computed once per policies object. */
function retryOf(policies: CallPolicies): Required<RetryOptions> {
  let retry = resolvedRetry.get(policies);
  if (!retry) {
    retry =
      policies.retry === false
        ? { ...DEFAULT_POLICIES.retry, maxAttempts: 1 }
        : { ...DEFAULT_POLICIES.retry, ...policies.retry };
    resolvedRetry.set(policies, retry);
  }
  return retry;
}

/** Per-provider state the policies keep between calls. */
export interface ProviderPolicyState {
  breaker?: CircuitBreaker | undefined;
  limiter?: TokenBucket | undefined;
}

/** What one attempt receives. */
export interface AttemptContext {
  /** Aborts at the per-attempt timeout or when the caller aborts. */
  signal: AbortSignal;
  /** 1 for the first attempt. */
  attempt: number;
}

/** Outcome details of a policy-wrapped call. */
export interface PolicyRunInfo {
  attempts: number;
}

/**
 * Runs `fn` under the call policies: circuit breaker, rate limiter, per-attempt timeout (merged with
 * the caller's `signal`), and retries with full-jitter backoff for retryable errors only, honouring
 * `Retry-After`. Errors come out as InfraFabric errors.
 */
export async function runWithPolicies<T>(
  fn: (context: AttemptContext) => Promise<T>,
  context: {
    provider: string;
    operation: string;
    policies: CallPolicies;
    state: ProviderPolicyState;
    signal?: AbortSignal | undefined;
    /**
     * Whether a failed attempt may be repeated. Used to keep a mutating call whose outcome is
     * unknown from running twice at a provider without idempotency keys. Default: always.
     */
    retrySafe?: (error: InfraFabricError) => boolean;
    onAttemptError?: (error: InfraFabricError, attempt: number) => void;
    info?: PolicyRunInfo;
  },
): Promise<T> {
  const { provider, operation, policies } = context;
  // A per-call `circuitBreaker: false` bypasses the provider's breaker (reconciliation lookups).
  const state: ProviderPolicyState =
    policies.circuitBreaker === false ? { ...context.state, breaker: undefined } : context.state;
  const timeoutMs = policies.timeoutMs ?? DEFAULT_POLICIES.timeoutMs;
  let attempt = 0;
  // The first attempt whose outcome is unknown (it may have been carried out). A later failure
  // does not settle that question unless it is a definite refusal, so it must not replace it:
  // otherwise a circuit opened by that very attempt would hide a charge that happened.
  let uncertain: InfraFabricError | undefined;
  const settle = (error: InfraFabricError): InfraFabricError =>
    uncertain && !error.outcomeUnknown && error.code !== 'declined' ? uncertain : error;
  for (;;) {
    attempt += 1;
    if (context.info) context.info.attempts = attempt;
    try {
      state.breaker?.beforeCall(operation);
      if (state.limiter) await state.limiter.acquire(context.signal);
    } catch (raw) {
      throw settle(normalizeError(raw, { provider, operation }));
    }
    // One controller per attempt. The deadline and the caller's signal abort it and settle the
    // attempt directly (so an SDK that ignores the signal cannot hang us), without listeners on our
    // own signal: the cheapest race on the hot path. Deadlines share one timer (see DeadlineQueue).
    const controller = new AbortController();
    const signal = controller.signal;
    let timedOut = false;
    let stop: ((reason: unknown) => void) | undefined;
    const deadline = attemptDeadlines.add(timeoutMs, () => {
      timedOut = true;
      const timeout = new TimeoutError(
        `${provider}.${operation}: no answer within ${timeoutMs} ms. Raise timeoutMs or check the provider's status.`,
        { provider, operation },
      );
      controller.abort(timeout);
      stop?.(timeout);
    });
    const callerSignal = context.signal;
    const forward = callerSignal
      ? () => {
          controller.abort(callerSignal.reason);
          stop?.(callerSignal.reason);
        }
      : undefined;
    if (callerSignal && forward) {
      if (callerSignal.aborted) forward();
      else callerSignal.addEventListener('abort', forward, { once: true });
    }
    try {
      const value = await new Promise<T>((resolve, reject) => {
        if (signal.aborted) {
          reject(signal.reason);
          return;
        }
        stop = reject;
        fn({ signal, attempt }).then(resolve, reject);
      });
      state.breaker?.onSuccess();
      return value;
    } catch (raw) {
      const error = normalizeError(timedOut ? signal.reason : raw, { provider, operation });
      state.breaker?.onFailure(error);
      context.onAttemptError?.(error, attempt);
      if (error.outcomeUnknown) uncertain ??= error;
      if (context.signal?.aborted) throw settle(error);
      const retry = retryOf(policies);
      const canRetry = error.retryable && attempt < retry.maxAttempts && (context.retrySafe?.(error) ?? true);
      if (!canRetry) throw settle(error);
      const retryAfter = RateLimitError.isInstance(error) ? error.retryAfterMs : undefined;
      if (retryAfter !== undefined && retryAfter > retry.maxRetryAfterMs) throw settle(error);
      const delay = Math.max(retryAfter ?? 0, fullJitterDelay(attempt - 1, retry));
      try {
        await sleep(delay, context.signal);
      } catch (raw) {
        throw settle(normalizeError(raw, { provider, operation }));
      }
    } finally {
      attemptDeadlines.cancel(deadline);
      if (forward) callerSignal?.removeEventListener('abort', forward);
    }
  }
}
