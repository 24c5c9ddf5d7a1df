import { CircuitOpenError, type InfraFabricError } from '../errors/infrafabric-error';

/** Circuit breaker settings. */
export interface CircuitBreakerOptions {
  /** Consecutive health failures that open the circuit. Default 5. */
  failureThreshold?: number;
  /** How long the circuit stays open before a trial call, ms. Default 30 000. */
  resetTimeoutMs?: number;
  /** Trial calls allowed at once while half-open. Default 1. */
  halfOpenMaxCalls?: number;
}

/** Circuit state. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** Errors that say something about the provider's health (not about our input). */
export function countsAsHealthFailure(error: InfraFabricError): boolean {
  return (
    error.code === 'network' ||
    error.code === 'timeout' ||
    error.code === 'rate_limit' ||
    (error.code === 'provider' && error.retryable)
  );
}

/**
 * A per-provider circuit breaker: closed → open after `failureThreshold` consecutive health
 * failures → half-open after `resetTimeoutMs` (one trial call) → closed on success or open again.
 * While open, calls fail at once with {@link CircuitOpenError} and never reach the provider.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private halfOpenInFlight = 0;
  private current: CircuitState = 'closed';

  constructor(
    private readonly provider: string,
    private readonly options: CircuitBreakerOptions = {},
    private readonly now: () => number = Date.now,
  ) {}

  /** The state now (an open circuit whose timeout has passed reports half-open). */
  get state(): CircuitState {
    if (this.current === 'open' && this.now() - this.openedAt >= (this.options.resetTimeoutMs ?? 30_000)) {
      return 'half-open';
    }
    return this.current;
  }

  /** Call before sending; throws CircuitOpenError when the call must not be sent. */
  beforeCall(operation?: string): void {
    const state = this.state;
    if (state === 'closed') return;
    if (state === 'half-open') {
      if (this.current === 'open') {
        this.current = 'half-open';
        this.halfOpenInFlight = 0;
      }
      if (this.halfOpenInFlight < (this.options.halfOpenMaxCalls ?? 1)) {
        this.halfOpenInFlight += 1;
        return;
      }
    }
    throw new CircuitOpenError(undefined, {
      provider: this.provider,
      operation,
      reopensAt: this.openedAt + (this.options.resetTimeoutMs ?? 30_000),
    });
  }

  /** Record a success. */
  onSuccess(): void {
    this.failures = 0;
    this.current = 'closed';
    this.halfOpenInFlight = 0;
  }

  /** Record a failure; only health failures count. */
  onFailure(error: InfraFabricError): void {
    if (!countsAsHealthFailure(error)) {
      if (this.current === 'half-open') this.onSuccess();
      return;
    }
    this.failures += 1;
    if (this.current === 'half-open' || this.failures >= (this.options.failureThreshold ?? 5)) {
      this.current = 'open';
      this.openedAt = this.now();
      this.halfOpenInFlight = 0;
    }
  }
}
