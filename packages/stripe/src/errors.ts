import {
  AuthenticationError,
  DeclinedError,
  type InfraFabricError,
  isInfraFabricError,
  NetworkError,
  NotFoundError,
  normalizeError,
  PermissionError,
  ProviderError,
  parseRetryAfter,
  RateLimitError,
  scrubSecrets,
  ValidationError,
} from '@infrafabric/core';

/** The fields of a `Stripe.errors.StripeError` this mapping reads (duck-typed: the SDK is lazy). */
interface StripeErrorLike {
  /** SDK class name, e.g. `StripeCardError`. */
  type?: string;
  /** Stripe's own error type from the body, e.g. `card_error`, `idempotency_error`. */
  rawType?: string;
  code?: string;
  decline_code?: string;
  param?: string;
  message?: string;
  statusCode?: number;
  requestId?: string;
  headers?: Record<string, string | undefined>;
}

function isStripeError(error: unknown): error is StripeErrorLike {
  const type = (error as StripeErrorLike | null)?.type;
  return typeof type === 'string' && type.startsWith('Stripe');
}

function header(error: StripeErrorLike, name: string): string | undefined {
  const headers = error.headers ?? {};
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

/**
 * Maps anything the Stripe SDK throws onto core errors, keeping Stripe's `code` (or
 * `decline_code` for declines) in `providerCode` and the HTTP status in `status`:
 * card errors → DeclinedError; rate limits → RateLimitError (Retry-After honoured); 401 →
 * AuthenticationError; 403 → PermissionError; `resource_missing` → NotFoundError; other invalid
 * requests → ValidationError with Stripe's `param` as the field; idempotency errors →
 * ValidationError on `idempotencyKey`; 5xx → retryable ProviderError; connection failures →
 * NetworkError with `outcomeUnknown` (the request may have reached Stripe). `provider` is the
 * adapter's name on the Bus (default `stripe`).
 */
export function mapStripeError(error: unknown, operation: string, provider = 'stripe'): InfraFabricError {
  if (isInfraFabricError(error)) return error;
  if (!isStripeError(error)) return normalizeError(error, { provider, operation });
  const at = `${provider}.${operation}`;
  const status = error.statusCode;
  const requestId = error.requestId ? ` (request ${error.requestId})` : '';
  const said = error.message ? ` Stripe said: ${scrubSecrets(error.message)}` : '';
  const base = { provider, operation, status, providerCode: error.code, cause: error };
  const shouldRetry = header(error, 'stripe-should-retry');

  switch (error.type) {
    case 'StripeCardError':
      return new DeclinedError(
        `${at}: the card was declined (${error.decline_code ?? error.code ?? 'card_error'})${requestId}. Ask the customer for another payment method; do not retry.${said}`,
        { ...base, providerCode: error.code, declineCode: error.decline_code ?? error.code },
      );
    case 'StripeRateLimitError': {
      const retryAfterMs = parseRetryAfter(header(error, 'retry-after'));
      return new RateLimitError(
        `${at}: Stripe rate limit reached${retryAfterMs === undefined ? '' : `; retry after ${retryAfterMs} ms`}${requestId}. Lower the request rate (Stripe allows about 100 requests/s in live mode, 25 in test mode).${said}`,
        { ...base, retryAfterMs },
      );
    }
    case 'StripeAuthenticationError':
      return new AuthenticationError(
        `${at}: Stripe rejected the API key (HTTP ${status ?? 401})${requestId}. Check STRIPE_SECRET_KEY (test vs live mode) and that the key has not been rolled.${said}`,
        base,
      );
    case 'StripePermissionError':
      return new PermissionError(
        `${at}: this API key may not do that (HTTP ${status ?? 403})${requestId}. Use a secret key or grant the permission to the restricted key.${said}`,
        base,
      );
    case 'StripeIdempotencyError':
      return new ValidationError(
        `${at}: Stripe refused the idempotency key${requestId}: it was already used with different parameters or another endpoint. A key names one logical operation; a new operation needs a new key (reusing one for a retry of the same call is fine).${said}`,
        {
          ...base,
          providerCode: error.code ?? 'idempotency_error',
          field: 'idempotencyKey',
          rule: 'idempotency_key_reuse',
        },
      );
    case 'StripeInvalidRequestError': {
      if (error.code === 'resource_missing' || status === 404) {
        return new NotFoundError(`${at}: not found${requestId}. Check the id you passed.${said}`, base);
      }
      return new ValidationError(
        `${at}: Stripe rejected the request${error.param ? ` (parameter "${error.param}")` : ''}${requestId}. Fix the input and try again.${said}`,
        { ...base, field: error.param, rule: error.code ?? 'invalid_request' },
      );
    }
    case 'StripeConnectionError':
      return new NetworkError(
        `${at}: could not complete the request to Stripe${requestId}. It may have reached Stripe: retry with the same idempotency key, or reconcile with findPayment.${said}`,
        { ...base, outcomeUnknown: true },
      );
    default: {
      // StripeAPIError and anything newer: a server-side failure. Stripe-Should-Retry overrides.
      const serverSide = status === undefined || status >= 500 || status === 409;
      const retryable = shouldRetry === undefined ? serverSide : shouldRetry === 'true';
      return new ProviderError(
        `${at}: Stripe failed (HTTP ${status ?? 'unknown'}${error.code ? `, ${error.code}` : ''})${requestId}. ${retryable ? 'This is usually temporary; it will be retried with the same idempotency key.' : 'Do not retry as is.'}${said}`,
        { ...base, retryable, outcomeUnknown: status === undefined || status >= 500 },
      );
    }
  }
}
