import {
  AuthenticationError,
  errorFromHttpStatus,
  type InfraFabricError,
  NetworkError,
  NotFoundError,
  normalizeError,
  PermissionError,
  ProviderError,
  parseRetryAfter,
  TimeoutError,
  ValidationError,
} from '@infrafabric/core';

const PROVIDER = 'home-assistant';

/** An `error` object of a WebSocket `result` message. */
export interface HomeAssistantWsError {
  code?: string | undefined;
  message?: string | undefined;
}

/** Reads `{"message": "..."}` (or plain text such as `401: Unauthorized`) from a REST error body. */
function restMessage(body: string): string | undefined {
  const trimmed = body.trim();
  if (!trimmed) return undefined;
  try {
    const parsed = JSON.parse(trimmed) as { message?: unknown };
    if (typeof parsed?.message === 'string') return parsed.message;
  } catch {
    // not JSON: Home Assistant answers some errors (401, 405) as text
  }
  return trimmed.slice(0, 300);
}

/**
 * Maps a failed REST response: 401 → authentication (token revoked or wrong), 400 → validation,
 * 404 → not found, 429 → rate limit, 5xx (502 from a reverse proxy or the add-on ingress) →
 * retryable provider error. Home Assistant's REST errors carry only a message, no code.
 */
export function homeAssistantHttpError(failure: {
  status: number;
  body: string;
  retryAfter?: string | null | undefined;
  operation: string;
}): InfraFabricError {
  const message = restMessage(failure.body);
  if (failure.status === 401) {
    return new AuthenticationError(
      `${PROVIDER}.${failure.operation}: Home Assistant rejected the access token (HTTP 401). Create a long-lived access token under Profile → Security and set HOME_ASSISTANT_TOKEN.`,
      { provider: PROVIDER, operation: failure.operation, status: 401 },
    );
  }
  return errorFromHttpStatus({
    provider: PROVIDER,
    operation: failure.operation,
    status: failure.status,
    providerMessage: message,
    retryAfterMs: parseRetryAfter(failure.retryAfter ?? null),
  });
}

/** Maps a WebSocket `result` with `success: false`, keeping Home Assistant's error code. */
export function homeAssistantWsError(
  error: HomeAssistantWsError | undefined,
  operation: string,
): InfraFabricError {
  const code = error?.code ?? 'unknown_error';
  const said = error?.message ? ` Home Assistant said: ${error.message}` : '';
  const base = { provider: PROVIDER, operation, providerCode: code };
  const at = `${PROVIDER}.${operation}`;
  switch (code) {
    case 'not_found':
      return new NotFoundError(`${at}: not found [${code}]. Check the id you passed.${said}`, base);
    case 'invalid_format':
    case 'service_validation_error':
    case 'unknown_command':
    case 'not_supported':
    case 'id_reuse':
      return new ValidationError(`${at}: Home Assistant rejected the request [${code}].${said}`, base);
    case 'unauthorized':
    case 'not_allowed':
      return new PermissionError(
        `${at}: the token's user may not do this [${code}]. Registry commands need an administrator's token.${said}`,
        base,
      );
    case 'timeout':
      return new TimeoutError(`${at}: Home Assistant timed out [${code}].${said}`, base);
    default:
      return new ProviderError(`${at}: Home Assistant failed [${code}].${said}`, {
        ...base,
        retryable: false,
      });
  }
}

/** `auth_invalid` during the WebSocket handshake. */
export function homeAssistantAuthInvalid(
  message: string | undefined,
  operation: string,
): AuthenticationError {
  return new AuthenticationError(
    `${PROVIDER}.${operation}: Home Assistant rejected the access token on the WebSocket API (auth_invalid${message ? `: ${message}` : ''}). Check HOME_ASSISTANT_TOKEN.`,
    { provider: PROVIDER, operation, providerCode: 'auth_invalid' },
  );
}

/** Maps a transport failure (ky's timeout/network errors, socket errors, aborts) onto core errors. */
export function homeAssistantTransportError(error: unknown, operation: string): InfraFabricError {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError' && !(error instanceof DOMException)) {
    return new TimeoutError(
      `${PROVIDER}.${operation}: Home Assistant did not answer in time. Check the base URL and that the instance is up.`,
      { provider: PROVIDER, operation, cause: error },
    );
  }
  if (name === 'NetworkError') {
    // Core reads the wrapped system error: a reset after sending may have been carried out.
    const normalized = normalizeError(error, { provider: PROVIDER, operation });
    return new NetworkError(
      `${PROVIDER}.${operation}: could not reach Home Assistant. Check the base URL (HOME_ASSISTANT_URL) and the network.`,
      { provider: PROVIDER, operation, cause: error, outcomeUnknown: normalized.outcomeUnknown },
    );
  }
  return normalizeError(error, { provider: PROVIDER, operation });
}
