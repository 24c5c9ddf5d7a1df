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
  RateLimitError,
  ValidationError,
} from '@infrafabric/core';

const PROVIDER = 'azure';

/** ARM throttles with 429 and a `Retry-After`; when a proxy drops the header we suggest this wait. */
export const DEFAULT_THROTTLE_RETRY_AFTER_MS = 1_000;

/** Errors `@azure/identity` throws when Entra refuses the service principal. */
const IDENTITY_ERRORS = new Set([
  'AuthenticationError',
  'AuthenticationRequiredError',
  'CredentialUnavailableError',
]);
const AUTH_CODES = new Set([
  'AuthenticationFailed',
  'InvalidAuthenticationToken',
  'InvalidAuthenticationTokenTenant',
  'ExpiredAuthenticationToken',
]);
const PERMISSION_CODES = new Set([
  'AuthorizationFailed',
  'LinkedAuthorizationFailed',
  'RequestDisallowedByPolicy',
]);
const NOT_FOUND_CODES = new Set([
  'ResourceNotFound',
  'ResourceGroupNotFound',
  'NotFound',
  'SubscriptionNotFound',
]);
/** Capacity and service hiccups: the same request may succeed later. */
const TRANSIENT_CODES = new Set([
  'AllocationFailed',
  'ZonalAllocationFailed',
  'OverconstrainedAllocationRequest',
  'InternalServerError',
  'InternalExecutionError',
  'ServiceUnavailable',
  'RetryableError',
]);
const VALIDATION_CODES = new Set([
  'InvalidParameter',
  'BadRequest',
  'InvalidRequestContent',
  'InvalidTemplate',
  'SkuNotAvailable',
  'PreconditionFailed',
  'Conflict',
  'OperationNotAllowed',
  'PropertyChangeNotAllowed',
  'InvalidResourceName',
]);

/** What an Azure SDK `RestError` (or a fetch-level ARM failure) carries. */
export interface AzureFailure {
  name?: string;
  code?: string;
  message?: string;
  statusCode?: number;
  response?: { headers?: { get(name: string): string | undefined } };
}

function isAzureFailure(error: unknown): error is AzureFailure {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'RestError';
}

/**
 * Maps an Azure failure onto core's error classes: ARM's `error.code` is kept in `providerCode`, the
 * HTTP status in `status`, `Retry-After` in `retryAfterMs`. Quota errors (`QuotaExceeded`,
 * `OperationNotAllowed` mentioning a quota) are non-retryable ProviderErrors.
 */
export function mapAzureError(error: unknown, operation: string): InfraFabricError {
  const name = (error as { name?: unknown } | null)?.name;
  if (typeof name === 'string' && IDENTITY_ERRORS.has(name)) {
    const message = String((error as { message?: unknown }).message ?? '');
    return new AuthenticationError(
      `${PROVIDER}.${operation}: Microsoft Entra refused a token (${name}). Check AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (the secret's value, not its id). Entra said: ${message}`,
      { provider: PROVIDER, operation, providerCode: /^([a-z_]+):/.exec(message)?.[1] ?? name, cause: error },
    );
  }
  if (!isAzureFailure(error)) return normalizeError(error, { provider: PROVIDER, operation });
  if (error.statusCode === undefined) {
    if (error.code === 'REQUEST_SEND_ERROR')
      return new NetworkError(
        `${PROVIDER}.${operation}: could not reach Azure Resource Manager. Check connectivity and the base URL.`,
        { provider: PROVIDER, operation, cause: error, outcomeUnknown: true },
      );
    return normalizeError(error, { provider: PROVIDER, operation });
  }
  return mapArmFailure({
    operation,
    status: error.statusCode,
    code: error.code,
    message: error.message,
    retryAfter: error.response?.headers?.get('retry-after'),
    cause: error,
  });
}

/** Maps an ARM error response (status, `error.code`, `error.message`, `Retry-After`). */
export function mapArmFailure(failure: {
  operation: string;
  status: number;
  code?: string | undefined;
  message?: string | undefined;
  retryAfter?: string | null | undefined;
  cause?: unknown;
}): InfraFabricError {
  const { operation, status, code, message } = failure;
  const at = `${PROVIDER}.${operation}`;
  const tag = code ? ` [${code}]` : '';
  const said = message ? ` Azure said: ${message}` : '';
  const base = { provider: PROVIDER, operation, status, providerCode: code, cause: failure.cause };
  const retryAfterMs = parseRetryAfter(failure.retryAfter ?? undefined);
  if (status === 429 || code === 'TooManyRequests') {
    const wait = retryAfterMs ?? DEFAULT_THROTTLE_RETRY_AFTER_MS;
    return new RateLimitError(
      `${at}: Azure Resource Manager throttled the request (HTTP ${status}${tag}); retry after ${wait} ms.${said}`,
      { ...base, retryAfterMs: wait },
    );
  }
  if (code) {
    if (AUTH_CODES.has(code))
      return new AuthenticationError(
        `${at}: Azure rejected the token (HTTP ${status}${tag}). Check AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET.${said}`,
        base,
      );
    if (PERMISSION_CODES.has(code))
      return new PermissionError(
        `${at}: not authorized (HTTP ${status}${tag}). Give the service principal a role such as Virtual Machine Contributor on the subscription or resource group.${said}`,
        base,
      );
    if (code === 'QuotaExceeded' || /quota/i.test(message ?? ''))
      return new ProviderError(
        `${at}: an Azure quota is exhausted (HTTP ${status}${tag}). Free capacity or request a quota increase.${said}`,
        { ...base, retryable: false },
      );
    if (NOT_FOUND_CODES.has(code))
      return new NotFoundError(
        `${at}: not found (HTTP ${status}${tag}). Check the id and resource group.${said}`,
        base,
      );
    if (TRANSIENT_CODES.has(code))
      return new ProviderError(
        `${at}: Azure could not do it right now (HTTP ${status}${tag}). It will be retried; for allocation failures try another size or location.${said}`,
        { ...base, retryable: true },
      );
    if (VALIDATION_CODES.has(code) || status === 412)
      return new ValidationError(
        `${at}: Azure rejected the request (HTTP ${status}${tag}).${code === 'PreconditionFailed' || status === 412 ? ' A VM with this name already exists; pick another name.' : ' Fix the input and try again.'}${said}`,
        {
          ...base,
          field: code === 'SkuNotAvailable' ? 'size' : status === 412 ? 'name' : undefined,
          rule: status === 412 ? 'unique' : code,
        },
      );
  }
  return errorFromHttpStatus({
    provider: PROVIDER,
    operation,
    status,
    providerCode: code,
    providerMessage: message,
    retryAfterMs,
    cause: failure.cause,
  });
}
