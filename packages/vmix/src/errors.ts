import {
  errorFromHttpStatus,
  type InfraFabricError,
  NetworkError,
  NotFoundError,
  normalizeError,
  parseRetryAfter,
  TimeoutError,
  ValidationError,
} from '@infrafabric/core';

const PROVIDER = 'vmix';

/** What a failed vMix HTTP response told us. */
export interface VmixHttpFailure {
  status: number;
  /** Response body (vMix answers errors with plain text). */
  body: string;
  retryAfter?: string | null | undefined;
  operation: string;
  /** The shortcut function that was called, when there was one. */
  functionName?: string | undefined;
}

/**
 * Maps a vMix HTTP failure onto core errors. vMix answers any rejected shortcut function with HTTP
 * 500 and a short text body, so a 500 that names an input or a function is the caller's mistake
 * (not found / invalid), not an outage; every other status goes through the standard mapping.
 */
export function vmixHttpError(failure: VmixHttpFailure): InfraFabricError {
  const { status, operation, functionName } = failure;
  const text = failure.body.trim().slice(0, 300);
  const base = { provider: PROVIDER, operation, status };
  if (status === 500 && text) {
    if (/input/i.test(text) && /not found|does not exist|no input|invalid/i.test(text)) {
      return new NotFoundError(
        `${PROVIDER}.${operation}: vMix has no such input (HTTP 500). Check the input's name, number or key. vMix said: ${text}`,
        { ...base, providerCode: 'input_not_found' },
      );
    }
    if (functionName !== undefined) {
      return new ValidationError(
        `${PROVIDER}.${operation}: vMix rejected the function "${functionName}" (HTTP 500). Check the function name and its parameters against the Shortcut Function Reference. vMix said: ${text}`,
        { ...base, providerCode: /function/i.test(text) ? 'function_not_found' : 'function_error' },
      );
    }
  }
  if (status === 401) {
    return errorFromHttpStatus({
      ...base,
      providerCode: 'unauthorized',
      providerMessage:
        'vMix has a Web Controller password set: pass username and password (VMIX_USERNAME / VMIX_PASSWORD).',
    });
  }
  return errorFromHttpStatus({
    ...base,
    providerMessage: text || undefined,
    retryAfterMs: parseRetryAfter(failure.retryAfter ?? null),
  });
}

/** Maps a transport failure (ky's timeout/network errors, aborts) onto core errors. */
export function vmixTransportError(error: unknown, operation: string): InfraFabricError {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError' && !(error instanceof DOMException)) {
    return new TimeoutError(
      `${PROVIDER}.${operation}: vMix did not answer in time. Check that vMix is running and its Web Controller is enabled.`,
      { provider: PROVIDER, operation, cause: error },
    );
  }
  if (name === 'NetworkError') {
    // Core reads the wrapped system error: a reset after sending may have been carried out.
    const normalized = normalizeError(error, { provider: PROVIDER, operation });
    return new NetworkError(
      `${PROVIDER}.${operation}: could not reach vMix. Check the base URL and that the Web Controller is enabled (Settings → Web Controller).`,
      { provider: PROVIDER, operation, cause: error, outcomeUnknown: normalized.outcomeUnknown },
    );
  }
  return normalizeError(error, { provider: PROVIDER, operation });
}
