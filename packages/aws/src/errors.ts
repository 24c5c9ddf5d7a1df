import {
  AuthenticationError,
  errorFromHttpStatus,
  type InfraFabricError,
  NotFoundError,
  normalizeError,
  PermissionError,
  ProviderError,
  parseRetryAfter,
  RateLimitError,
  ValidationError,
} from '@infrafabric/core';

const PROVIDER = 'aws';

/**
 * EC2 sends no `Retry-After` when it throttles (`RequestLimitExceeded`); AWS asks clients to back
 * off exponentially. One second is the first step we suggest when no header says otherwise.
 */
export const DEFAULT_THROTTLE_RETRY_AFTER_MS = 1_000;

const AUTH_CODES = new Set([
  'AuthFailure',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'ExpiredToken',
  'RequestExpired',
  'UnrecognizedClientException',
]);
const PERMISSION_CODES = new Set([
  'UnauthorizedOperation',
  'OptInRequired',
  'Blocked',
  'PendingVerification',
]);
const THROTTLE_CODES = new Set(['RequestLimitExceeded', 'Throttling', 'ThrottlingException']);
/** Capacity and service hiccups: the same call may succeed later (or in another AZ). */
const TRANSIENT_CODES = new Set([
  'InsufficientInstanceCapacity',
  'InsufficientHostCapacity',
  'InsufficientCapacity',
  'InternalError',
  'InternalFailure',
  'ServiceUnavailable',
  'Unavailable',
]);
/** Account quotas: waiting does not help, raising the limit does. */
const QUOTA_CODES = new Set(['InstanceLimitExceeded', 'VcpuLimitExceeded', 'MaxSpotInstanceCountExceeded']);
const VALIDATION_CODES = new Set([
  'InvalidParameterValue',
  'InvalidParameter',
  'InvalidParameterCombination',
  'MissingParameter',
  'UnknownParameter',
  'IdempotentParameterMismatch',
  'InvalidUserData.Malformed',
  'InvalidInstanceType',
  'Unsupported',
  'IncorrectInstanceState',
  'IncorrectState',
  'ValidationError',
]);

interface AwsServiceFailure {
  name?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $response?: { statusCode?: number; headers?: Record<string, string | undefined> };
}

function isServiceFailure(error: unknown): error is AwsServiceFailure {
  return typeof error === 'object' && error !== null && '$metadata' in error;
}

/**
 * Maps an EC2 failure (an SDK `EC2ServiceException`, a transport error or an abort) onto core's
 * error classes, keeping the EC2 error code in `providerCode` and the HTTP status in `status`.
 */
export function mapAwsError(error: unknown, operation: string): InfraFabricError {
  if (!isServiceFailure(error)) return normalizeError(error, { provider: PROVIDER, operation });
  const status = error.$metadata?.httpStatusCode ?? error.$response?.statusCode;
  const code = error.Code ?? error.name;
  if (status === undefined) return normalizeError(error, { provider: PROVIDER, operation });
  const providerCode = code && code !== 'Error' && code !== 'EC2ServiceException' ? code : undefined;
  const said = error.message ? ` EC2 said: ${error.message}` : '';
  const at = `${PROVIDER}.${operation}`;
  const tag = providerCode ? ` [${providerCode}]` : '';
  const base = { provider: PROVIDER, operation, status, providerCode, cause: error };
  if (providerCode) {
    if (AUTH_CODES.has(providerCode))
      return new AuthenticationError(
        `${at}: AWS rejected the credentials (HTTP ${status}${tag}). Check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials) and the clock.${said}`,
        base,
      );
    if (PERMISSION_CODES.has(providerCode))
      return new PermissionError(
        `${at}: not allowed (HTTP ${status}${tag}). Grant the missing ec2:* action to this IAM identity, or opt in to the region.${said}`,
        base,
      );
    if (THROTTLE_CODES.has(providerCode)) {
      const retryAfterMs =
        parseRetryAfter(error.$response?.headers?.['retry-after']) ?? DEFAULT_THROTTLE_RETRY_AFTER_MS;
      return new RateLimitError(
        `${at}: EC2 throttled the request (HTTP ${status}${tag}); retry after ${retryAfterMs} ms and lower the call rate.${said}`,
        { ...base, retryAfterMs },
      );
    }
    if (TRANSIENT_CODES.has(providerCode))
      return new ProviderError(
        `${at}: EC2 could not do it right now (HTTP ${status}${tag}). It will be retried; for capacity errors try another instance type or availability zone.${said}`,
        { ...base, retryable: true },
      );
    if (QUOTA_CODES.has(providerCode))
      return new ProviderError(
        `${at}: an EC2 account quota is exhausted (HTTP ${status}${tag}). Terminate unused instances or request a quota increase.${said}`,
        { ...base, retryable: false },
      );
    if (providerCode.endsWith('.NotFound'))
      return new NotFoundError(
        `${at}: not found (HTTP ${status}${tag}). Check the id and the region.${said}`,
        base,
      );
    if (
      providerCode.endsWith('.Malformed') ||
      providerCode.startsWith('Invalid') ||
      VALIDATION_CODES.has(providerCode)
    )
      return new ValidationError(
        `${at}: EC2 rejected the request (HTTP ${status}${tag}). Fix the input and try again.${said}`,
        { ...base, field: fieldOf(providerCode), rule: providerCode },
      );
  }
  return errorFromHttpStatus({
    provider: PROVIDER,
    operation,
    status,
    providerCode,
    providerMessage: error.message,
    retryAfterMs: parseRetryAfter(error.$response?.headers?.['retry-after']),
    cause: error,
  });
}

/** `InvalidInstanceID.Malformed` → `id`, `InvalidAMIID.NotFound` → `image`: the core field it concerns. */
function fieldOf(code: string): string | undefined {
  if (code.startsWith('InvalidInstanceID')) return 'id';
  if (code.startsWith('InvalidAMIID')) return 'image';
  if (code === 'InvalidInstanceType') return 'size';
  if (code.startsWith('InvalidUserData')) return 'userData';
  if (code.startsWith('InvalidKeyPair')) return 'sshKeys';
  return undefined;
}
