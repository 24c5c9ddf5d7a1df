import { normalizeError } from '../errors/from-http-status';
import { TimeoutError, type InfraFabricError, RateLimitError } from '../errors/infrafabric-error';
import { fullJitterDelay, sleep } from './backoff';
import type { CircuitBreaker } from './circuit-breaker';
import { attemptDeadlines, type Deadline } from './deadlines';
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

/** What a policy-wrapped call runs under. */
export interface PolicyContext {
  provider: string;
  operation: string;
  policies: CallPolicies;
  state: ProviderPolicyState;
  signal?: AbortSignal | undefined;
  /**
   * Whether a failed attempt may be repeated. Used to keep a mutating call whose outcome is
   * unknown from running twice at a provider without idempotency keys. Default: always.
   */
  retrySafe?: ((error: InfraFabricError) => boolean) | undefined;
  onAttemptError?: ((error: InfraFabricError, attempt: number) => void) | undefined;
  /** Kept up to date with the number of the current attempt. */
  info?: PolicyRunInfo | undefined;
}

/** A call to run under policies, and where its outcome goes ({@link startPolicyRun}). */
export interface PolicyRunTarget<T> extends PolicyContext {
  /** One attempt of the call. */
  attempt(context: AttemptContext): Promise<T>;
  /**
   * Called exactly once with the outcome: `error` (an InfraFabric error) or the value, and the
   * number of attempts made. It should not throw: it is not called again if it does, and the
   * exception is dropped.
   */
  settled(error: InfraFabricError | undefined, value: T | undefined, attempts: number): void;
}

/**
 * Runs `fn` under the call policies: circuit breaker, rate limiter, per-attempt timeout (merged with
 * the caller's `signal`), and retries with full-jitter backoff for retryable errors only, honouring
 * `Retry-After`. Errors come out as InfraFabric errors.
 */
export function runWithPolicies<T>(
  fn: (context: AttemptContext) => Promise<T>,
  context: PolicyContext,
): Promise<T> {
  const { retrySafe, onAttemptError } = context;
  return new Promise<T>((resolve, reject) => {
    // Fields read from `context` itself (not a spread copy): a class instance keeps its methods.
    startPolicyRun<T>({
      provider: context.provider,
      operation: context.operation,
      policies: context.policies,
      state: context.state,
      signal: context.signal,
      info: context.info,
      retrySafe: retrySafe && ((error) => retrySafe.call(context, error)),
      onAttemptError: onAttemptError && ((error, attempt) => onAttemptError.call(context, error, attempt)),
      attempt: fn,
      settled: (error, value) => (error ? reject(error) : resolve(value as T)),
    });
  });
}

/**
 * {@link runWithPolicies} without a promise of its own: the outcome goes to `target.settled`, called
 * straight from the attempt's settlement. The dispatcher uses it so that a call through the Bus
 * costs one promise hop more than a direct call, not three.
 */
export function startPolicyRun<T>(target: PolicyRunTarget<T>): void {
  new PolicyRun(target).next();
}

/** The state of one policy-wrapped call across its attempts. */
class PolicyRun<T> {
  private readonly breaker: CircuitBreaker | undefined;
  private readonly timeoutMs: number;
  private attempts = 0;
  /**
   * The first attempt whose outcome is unknown (it may have been carried out). A later failure
   * does not settle that question unless it is a definite refusal, so it must not replace it:
   * otherwise a circuit opened by that very attempt would hide a charge that happened.
   */
  private uncertain: InfraFabricError | undefined;
  private finished = false;

  constructor(private readonly target: PolicyRunTarget<T>) {
    const { policies } = target;
    // A per-call `circuitBreaker: false` bypasses the provider's breaker (reconciliation lookups).
    this.breaker = policies.circuitBreaker === false ? undefined : target.state.breaker;
    this.timeoutMs = policies.timeoutMs ?? DEFAULT_POLICIES.timeoutMs;
  }

  /** Starts the next attempt, after the circuit breaker and rate limiter let it through. */
  next(): void {
    this.attempts += 1;
    const { target } = this;
    if (target.info) target.info.attempts = this.attempts;
    try {
      this.breaker?.beforeCall(target.operation);
    } catch (raw) {
      this.giveUp(raw);
      return;
    }
    const limiter = target.state.limiter;
    if (limiter) {
      limiter.acquire(target.signal).then(
        () => this.launch(),
        (raw: unknown) => this.giveUp(raw),
      );
    } else this.launch();
  }

  /** Calls the target once, under a deadline and the caller's signal. */
  private launch(): void {
    const callerSignal = this.target.signal;
    if (callerSignal?.aborted) {
      this.onFailure(callerSignal.reason);
      return;
    }
    const attempt = new Attempt(this);
    attemptDeadlines.schedule(attempt, this.timeoutMs);
    try {
      callerSignal?.addEventListener('abort', attempt, { once: true });
      // A method that returns a plain value (or throws) settles the attempt like a promise would.
      Promise.resolve(
        this.target.attempt({ signal: attempt.controller.signal, attempt: this.attempts }),
      ).then(
        (value) => attempt.succeeded(value),
        (raw: unknown) => attempt.failed(raw),
      );
    } catch (raw) {
      attempt.failed(raw);
    }
  }

  /** @internal The current attempt returned a value. */
  onValue(value: T): void {
    try {
      this.breaker?.onSuccess();
    } catch (raw) {
      this.finish(this.normalize(raw), undefined);
      return;
    }
    this.finish(undefined, value);
  }

  /** @internal The current attempt failed (or timed out, or the caller aborted it). */
  onFailure(raw: unknown): void {
    try {
      const error = this.normalize(raw);
      this.breaker?.onFailure(error);
      this.target.onAttemptError?.(error, this.attempts);
      if (error.outcomeUnknown) this.uncertain ??= error;
      const delay = this.retryDelay(error);
      if (delay === undefined) {
        this.finish(this.settle(error), undefined);
        return;
      }
      sleep(delay, this.target.signal).then(
        () => this.next(),
        (aborted: unknown) => this.giveUp(aborted),
      );
    } catch (unexpected) {
      this.finish(this.normalize(unexpected), undefined);
    }
  }

  /**
   * How long to wait before repeating the call after `error`, or undefined when it must not be
   * repeated: the caller aborted, the error is not retryable, attempts are used up, a repeat is
   * not safe, or the provider asks for a longer wait than allowed.
   */
  private retryDelay(error: InfraFabricError): number | undefined {
    const { target } = this;
    if (target.signal?.aborted) return undefined;
    const retry = retryOf(target.policies);
    if (!error.retryable || this.attempts >= retry.maxAttempts || !(target.retrySafe?.(error) ?? true))
      return undefined;
    const retryAfter = RateLimitError.isInstance(error) ? error.retryAfterMs : undefined;
    if (retryAfter !== undefined && retryAfter > retry.maxRetryAfterMs) return undefined;
    return Math.max(retryAfter ?? 0, fullJitterDelay(this.attempts - 1, retry));
  }

  /** Ends the run with `raw` (normalized), unless an earlier uncertain attempt must stand. */
  private giveUp(raw: unknown): void {
    this.finish(this.settle(this.normalize(raw)), undefined);
  }

  private normalize(raw: unknown): InfraFabricError {
    return normalizeError(raw, { provider: this.target.provider, operation: this.target.operation });
  }

  private settle(error: InfraFabricError): InfraFabricError {
    const { uncertain } = this;
    return uncertain && !error.outcomeUnknown && error.code !== 'declined' ? uncertain : error;
  }

  /** Hands the outcome to the target, once (even if its `settled` throws). */
  private finish(error: InfraFabricError | undefined, value: T | undefined): void {
    if (this.finished) return;
    this.finished = true;
    this.target.settled(error, value, this.attempts);
  }

  /** @internal The message of a per-attempt timeout. */
  timeoutError(): TimeoutError {
    const { provider, operation } = this.target;
    return new TimeoutError(
      `${provider}.${operation}: no answer within ${this.timeoutMs} ms. Raise timeoutMs or check the provider's status.`,
      { provider, operation },
    );
  }

  /** @internal The caller's signal (to stop listening to it). */
  get callerSignal(): AbortSignal | undefined {
    return this.target.signal;
  }
}

/**
 * One attempt: its abort controller, its place in the deadline queue (it is the deadline) and the
 * listener on the caller's signal (it is the listener). The first of value, failure, deadline and
 * caller abort settles it; the rest are ignored, so an SDK that ignores the signal cannot hang us.
 */
class Attempt<T> implements Deadline {
  readonly controller = new AbortController();
  at = 0;
  done = false;
  private settledOnce = false;

  constructor(private readonly run: PolicyRun<T>) {}

  succeeded(value: T): void {
    if (this.end()) this.run.onValue(value);
  }

  failed(raw: unknown): void {
    if (this.end()) this.run.onFailure(raw);
  }

  /** The deadline passed (called by the deadline queue). */
  fire(): void {
    if (this.settledOnce) return;
    const timeout = this.run.timeoutError();
    this.end();
    this.controller.abort(timeout);
    this.run.onFailure(timeout);
  }

  /**
   * The caller's signal aborted (this object is its listener). The attempt is aborted at once; the
   * call settles after the caller's `abort()` has returned, not inside it.
   */
  handleEvent(): void {
    if (this.settledOnce) return;
    const reason = this.run.callerSignal?.reason;
    this.end();
    this.controller.abort(reason);
    queueMicrotask(() => this.run.onFailure(reason));
  }

  /** Marks the attempt settled and releases its deadline and listener; false if it already was. */
  private end(): boolean {
    if (this.settledOnce) return false;
    this.settledOnce = true;
    attemptDeadlines.cancel(this);
    this.run.callerSignal?.removeEventListener('abort', this);
    return true;
  }
}
