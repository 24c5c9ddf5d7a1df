import { ERROR_DECISIONS, type ErrorCode } from './error-codes';

const ERROR_MARKER = Symbol.for('infrafabric.error');

/** Fields every InfraFabric error can carry. */
export interface InfraFabricErrorOptions {
  /** Provider name, e.g. `stripe`. */
  provider?: string | undefined;
  /** Operation name, e.g. `createPayment`. */
  operation?: string | undefined;
  /** Overrides the class default: whether the same call may succeed if tried again. */
  retryable?: boolean | undefined;
  /** HTTP status returned by the provider, when there was one. */
  status?: number | undefined;
  /** The provider's own error code (e.g. Stripe's `card_declined`, Slack's `channel_not_found`). */
  providerCode?: string | undefined;
  /**
   * True when the provider may have carried the operation out even though we saw an error
   * (a timeout or a dropped connection after the request was sent). Never fail over such a
   * payment before reconciling it.
   */
  outcomeUnknown?: boolean | undefined;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * Base class of every error InfraFabric throws. Check with `InfraFabricError.isInstance(e)` or the
 * subclasses' `isInstance`, which work across duplicate copies of core (they test a global marker,
 * not the prototype chain).
 *
 * @example
 * ```ts
 * try { await bus.chat.send(...) } catch (e) {
 *   if (RateLimitError.isInstance(e)) console.log(`retry in ${e.retryAfterMs} ms`);
 * }
 * ```
 */
export class InfraFabricError extends Error {
  /** The error class's code; subclasses override it. */
  static readonly code: ErrorCode = 'provider';
  /** Machine-readable code of this error. */
  readonly code: ErrorCode;
  /** Provider name, when the error came from (or concerns) one provider. */
  readonly provider: string | undefined;
  /** Operation name, when known. */
  readonly operation: string | undefined;
  /** Whether trying the same call again may succeed. */
  readonly retryable: boolean;
  /** HTTP status returned by the provider. */
  readonly status: number | undefined;
  /** The provider's own error code. */
  readonly providerCode: string | undefined;
  /** True when the provider may have performed the operation despite the error. */
  readonly outcomeUnknown: boolean;
  /** @internal */
  readonly [ERROR_MARKER] = true;

  constructor(message: string, options: InfraFabricErrorOptions = {}, code: ErrorCode = 'provider') {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'InfraFabricError';
    this.code = code;
    this.provider = options.provider;
    this.operation = options.operation;
    this.retryable = options.retryable ?? ERROR_DECISIONS[code].retry;
    this.status = options.status;
    this.providerCode = options.providerCode;
    this.outcomeUnknown = options.outcomeUnknown ?? false;
  }

  /** True for any InfraFabric error, from this copy of core or another. */
  static isInstance<T extends typeof InfraFabricError>(this: T, value: unknown): value is InstanceType<T> {
    if (typeof value !== 'object' || value === null || !(ERROR_MARKER in value)) return false;
    if ((this as typeof InfraFabricError) === InfraFabricError) return true;
    return (value as InfraFabricError).code === this.code;
  }

  /** A plain, secret-free object for logs, audit entries and JSON output. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      provider: this.provider,
      operation: this.operation,
      retryable: this.retryable,
      status: this.status,
      providerCode: this.providerCode,
      outcomeUnknown: this.outcomeUnknown,
    };
  }
}

/** Returns true when `value` is any InfraFabric error (works across duplicate copies of core). */
export function isInfraFabricError(value: unknown): value is InfraFabricError {
  return InfraFabricError.isInstance(value);
}

function where(options: InfraFabricErrorOptions): string {
  if (options.provider && options.operation) return `${options.provider}.${options.operation}`;
  return options.provider ?? options.operation ?? 'InfraFabric';
}

/** The provider rejected the credentials. */
export class AuthenticationError extends InfraFabricError {
  static override readonly code = 'authentication';
  constructor(message?: string, options: InfraFabricErrorOptions = {}) {
    super(
      message ??
        `${where(options)}: the provider rejected the credentials. Check the token or key (and its environment variable) and that it has not been revoked.`,
      options,
      'authentication',
    );
    this.name = 'AuthenticationError';
  }
}

/** The credentials are valid but lack a permission (scope, role) for the operation. */
export class PermissionError extends InfraFabricError {
  static override readonly code = 'permission';
  constructor(message?: string, options: InfraFabricErrorOptions = {}) {
    super(
      message ??
        `${where(options)}: permission denied. Grant the missing scope or role to these credentials, then try again.`,
      options,
      'permission',
    );
    this.name = 'PermissionError';
  }
}

/** Options of a {@link ValidationError}. */
export interface ValidationErrorOptions extends InfraFabricErrorOptions {
  /** Dotted path of the offending field, e.g. `amount.currency`. */
  field?: string | undefined;
  /** The rule it broke, e.g. `integer`, `e164`, `required`. */
  rule?: string | undefined;
}

/** The input is invalid. Thrown before any network call, naming the field and the rule. */
export class ValidationError extends InfraFabricError {
  static override readonly code = 'validation';
  /** Dotted path of the offending field. */
  readonly field: string | undefined;
  /** The rule it broke. */
  readonly rule: string | undefined;
  constructor(message: string, options: ValidationErrorOptions = {}) {
    super(message, options, 'validation');
    this.name = 'ValidationError';
    this.field = options.field;
    this.rule = options.rule;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), field: this.field, rule: this.rule };
  }
}

/** The resource (message, server, payment, call, scene...) does not exist at the provider. */
export class NotFoundError extends InfraFabricError {
  static override readonly code = 'not_found';
  constructor(message?: string, options: InfraFabricErrorOptions = {}) {
    super(message ?? `${where(options)}: not found. Check the id you passed.`, options, 'not_found');
    this.name = 'NotFoundError';
  }
}

/** Options of a {@link RateLimitError}. */
export interface RateLimitErrorOptions extends InfraFabricErrorOptions {
  /** How long the provider asked us to wait, in milliseconds. */
  retryAfterMs?: number | undefined;
}

/** The provider (or our own limiter) asked us to slow down. */
export class RateLimitError extends InfraFabricError {
  static override readonly code = 'rate_limit';
  /** How long to wait before trying again, in milliseconds, when known. */
  readonly retryAfterMs: number | undefined;
  constructor(message?: string, options: RateLimitErrorOptions = {}) {
    super(
      message ??
        `${where(options)}: rate limited${options.retryAfterMs === undefined ? '' : `; retry after ${options.retryAfterMs} ms`}. Lower the call rate or raise the provider's limit.`,
      options,
      'rate_limit',
    );
    this.name = 'RateLimitError';
    this.retryAfterMs = options.retryAfterMs;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}

/** No answer within the deadline. `outcomeUnknown` says whether the request may have been carried out. */
export class TimeoutError extends InfraFabricError {
  static override readonly code = 'timeout';
  constructor(message?: string, options: InfraFabricErrorOptions = {}) {
    super(
      message ?? `${where(options)}: timed out. Raise the timeout or check the provider's status.`,
      { outcomeUnknown: true, ...options },
      'timeout',
    );
    this.name = 'TimeoutError';
  }
}

/** The connection failed (refused, reset, DNS). */
export class NetworkError extends InfraFabricError {
  static override readonly code = 'network';
  constructor(message?: string, options: InfraFabricErrorOptions = {}) {
    super(
      message ?? `${where(options)}: network error. Check connectivity and the base URL.`,
      options,
      'network',
    );
    this.name = 'NetworkError';
  }
}

/** The circuit breaker for this provider is open: calls are refused without being sent. */
export class CircuitOpenError extends InfraFabricError {
  static override readonly code = 'circuit_open';
  /** When the breaker will let a trial call through, as epoch milliseconds. */
  readonly reopensAt: number | undefined;
  constructor(message?: string, options: InfraFabricErrorOptions & { reopensAt?: number } = {}) {
    super(
      message ??
        `${where(options)}: circuit open after repeated failures; calls are paused. Wait, or fail over to another provider.`,
      { retryable: false, ...options },
      'circuit_open',
    );
    this.name = 'CircuitOpenError';
    this.reopensAt = options.reopensAt;
  }
}

/** The provider cannot perform this operation. Mirrored as `false` in the adapter's capabilities. */
export class NotSupportedError extends InfraFabricError {
  static override readonly code = 'not_supported';
  constructor(message?: string, options: InfraFabricErrorOptions = {}) {
    super(
      message ??
        `${where(options)}: not supported by this provider. Check adapter.capabilities before calling, or use another provider.`,
      { retryable: false, ...options },
      'not_supported',
    );
    this.name = 'NotSupportedError';
  }
}

/** The provider refused the operation on its merits (card declined, call rejected). Never retried, never failed over. */
export class DeclinedError extends InfraFabricError {
  static override readonly code = 'declined';
  /** The provider's decline reason, e.g. `insufficient_funds`. */
  readonly declineCode: string | undefined;
  constructor(message?: string, options: InfraFabricErrorOptions & { declineCode?: string } = {}) {
    super(
      message ??
        `${where(options)}: declined by the provider${options.declineCode ? ` (${options.declineCode})` : ''}. Ask the customer for another payment method; do not retry.`,
      { retryable: false, ...options },
      'declined',
    );
    this.name = 'DeclinedError';
    this.declineCode = options.declineCode;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), declineCode: this.declineCode };
  }
}

/** A configured budget would be exceeded; the operation was not sent. */
export class BudgetExceededError extends InfraFabricError {
  static override readonly code = 'budget_exceeded';
  constructor(message: string, options: InfraFabricErrorOptions = {}) {
    super(message, { retryable: false, ...options }, 'budget_exceeded');
    this.name = 'BudgetExceededError';
  }
}

/** Any other provider failure. `retryable` is true for 5xx-style failures. */
export class ProviderError extends InfraFabricError {
  static override readonly code = 'provider';
  constructor(message?: string, options: InfraFabricErrorOptions = {}) {
    super(
      message ??
        `${where(options)}: the provider failed${options.status ? ` (HTTP ${options.status})` : ''}.`,
      { retryable: false, ...options },
      'provider',
    );
    this.name = 'ProviderError';
  }
}
