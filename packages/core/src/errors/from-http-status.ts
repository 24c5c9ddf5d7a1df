import {
  AuthenticationError,
  type InfraFabricError,
  NetworkError,
  NotFoundError,
  PermissionError,
  ProviderError,
  RateLimitError,
  TimeoutError,
  ValidationError,
  isInfraFabricError,
} from './infrafabric-error';

/** What a provider's failed HTTP response told us. */
export interface HttpFailure {
  provider: string;
  operation?: string | undefined;
  status: number;
  /** The provider's own error code, if its body has one. */
  providerCode?: string | undefined;
  /** The provider's own message (must not contain secrets; providers do not echo them). */
  providerMessage?: string | undefined;
  /** Milliseconds to wait, from `Retry-After` or the body. */
  retryAfterMs?: number | undefined;
  cause?: unknown;
}

/**
 * Maps an HTTP failure onto the core error classes: 401 → authentication, 403 → permission,
 * 404/410 → not-found, 400/409/422 → validation, 408 → timeout, 429 → rate-limit, 5xx → a retryable
 * provider error. Adapters call this after extracting their provider's code and message.
 */
export function errorFromHttpStatus(failure: HttpFailure): InfraFabricError {
  const { provider, operation, status, providerCode, providerMessage, retryAfterMs, cause } = failure;
  const base = { provider, operation, status, providerCode, cause };
  const detail = providerMessage ? ` Provider said: ${providerMessage}` : '';
  const at = operation ? `${provider}.${operation}` : provider;
  const code = providerCode ? ` [${providerCode}]` : '';
  if (status === 401)
    return new AuthenticationError(
      `${at}: the provider rejected the credentials (HTTP 401${code}). Check the token or key and its environment variable.${detail}`,
      base,
    );
  if (status === 403)
    return new PermissionError(
      `${at}: permission denied (HTTP 403${code}). Grant the missing scope or role to these credentials.${detail}`,
      base,
    );
  if (status === 404 || status === 410)
    return new NotFoundError(
      `${at}: not found (HTTP ${status}${code}). Check the id you passed.${detail}`,
      base,
    );
  if (status === 408)
    return new TimeoutError(
      `${at}: the provider timed out (HTTP 408${code}). Try again later.${detail}`,
      base,
    );
  if (status === 429)
    return new RateLimitError(
      `${at}: rate limited (HTTP 429${code})${retryAfterMs === undefined ? '' : `; retry after ${retryAfterMs} ms`}. Slow down or raise the provider's limit.${detail}`,
      { ...base, retryAfterMs },
    );
  if (status >= 500)
    return new ProviderError(
      `${at}: the provider failed (HTTP ${status}${code}). This is usually temporary; it will be retried.${detail}`,
      { ...base, retryable: true, outcomeUnknown: status === 502 || status === 504 },
    );
  if (status === 400 || status === 409 || status === 422)
    return new ValidationError(
      `${at}: the provider rejected the request (HTTP ${status}${code}). Fix the input and try again.${detail}`,
      base,
    );
  return new ProviderError(`${at}: unexpected HTTP ${status}${code}.${detail}`, {
    ...base,
    retryable: false,
  });
}

/**
 * Turns anything thrown by a transport (fetch, an SDK, a socket) into an InfraFabric error:
 * InfraFabric errors pass through, aborts/timeouts become {@link TimeoutError}, connection failures
 * {@link NetworkError}, everything else a non-retryable {@link ProviderError}.
 */
export function normalizeError(
  error: unknown,
  context: { provider: string; operation?: string },
): InfraFabricError {
  if (isInfraFabricError(error)) return error;
  const { provider, operation } = context;
  const at = operation ? `${provider}.${operation}` : provider;
  const err = error as { name?: string; code?: string; message?: string; cause?: { code?: string } };
  const name = err?.name;
  // HTTP clients such as ky wrap a failed fetch in a NetworkError whose cause holds the system
  // error (ECONNREFUSED: never sent; ECONNRESET: maybe carried out): judge by the cause.
  if (name === 'NetworkError' && err.cause !== undefined && err.cause !== error)
    return normalizeError(err.cause, context);
  if (name === 'NetworkError')
    return new NetworkError(`${at}: network error. Check connectivity and the base URL.`, {
      provider,
      operation,
      cause: error,
      outcomeUnknown: true, // nothing says whether the request left: assume it may have
    });
  const sysCode = err?.code ?? err?.cause?.code;
  if (
    name === 'TimeoutError' ||
    name === 'AbortError' ||
    sysCode === 'ETIMEDOUT' ||
    sysCode === 'UND_ERR_HEADERS_TIMEOUT'
  ) {
    return new TimeoutError(`${at}: no answer in time. Raise the timeout or check the provider's status.`, {
      provider,
      operation,
      cause: error,
    });
  }
  const networkCodes = [
    'ECONNREFUSED',
    'ECONNRESET',
    'ENOTFOUND',
    'EAI_AGAIN',
    'EPIPE',
    'UND_ERR_SOCKET',
    'EHOSTUNREACH',
    'ENETUNREACH',
  ];
  if (
    (sysCode && networkCodes.includes(sysCode)) ||
    (name === 'TypeError' && /fetch failed|failed to fetch|network|socket/i.test(err.message ?? ''))
  ) {
    return new NetworkError(
      `${at}: network error${sysCode ? ` (${sysCode})` : ''}. Check connectivity and the base URL.`,
      {
        provider,
        operation,
        cause: error,
        outcomeUnknown: sysCode === 'ECONNRESET' || sysCode === 'EPIPE' || sysCode === 'UND_ERR_SOCKET',
      },
    );
  }
  return new ProviderError(`${at}: ${err?.message ?? printable(error)}`, {
    provider,
    operation,
    cause: error,
  });
}

/** `String(value)`, or its type tag for a value that has no string form (a null-prototype object). */
function printable(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
