import {
  AuthenticationError,
  DeclinedError,
  errorFromHttpStatus,
  type InfraFabricError,
  normalizeError,
  PermissionError,
  ProviderError,
  parseRetryAfter,
  RateLimitError,
  ValidationError,
} from '@infrafabric/core';
import { VonageHttpError } from './transport';

/** Where a Vonage error happened (for the message and the error fields). */
export interface Context {
  provider: string;
  operation: string;
}

/**
 * What each SMS API `messages[].status` means (they arrive with HTTP 200). See
 * https://developer.vonage.com/en/messaging/sms/guides/troubleshooting-sms#sms-api-error-codes
 */
const SMS_STATUS: Readonly<Record<string, { kind: string; field?: string; label: string }>> = {
  '1': { kind: 'rate_limit', label: 'Throttled' },
  '2': { kind: 'validation', label: 'Missing parameters' },
  '3': { kind: 'validation', label: 'Invalid parameters' },
  '4': { kind: 'authentication', label: 'Invalid credentials' },
  '5': { kind: 'retryable', label: 'Internal error' },
  '6': { kind: 'validation', field: 'to', label: 'Invalid message (destination not routable)' },
  '7': { kind: 'declined', label: 'Number barred' },
  '8': { kind: 'permission', label: 'Partner account barred' },
  '9': { kind: 'quota', label: 'Partner quota violation (insufficient balance)' },
  '10': { kind: 'rate_limit', label: 'Too many existing binds' },
  '11': { kind: 'permission', label: 'Account not enabled for HTTP' },
  '12': { kind: 'validation', field: 'text', label: 'Message too long' },
  '14': { kind: 'authentication', label: 'Invalid signature' },
  '15': { kind: 'validation', field: 'from', label: 'Invalid sender address' },
  '22': { kind: 'validation', field: 'to', label: 'Invalid network code' },
  '23': { kind: 'validation', field: 'statusCallbackUrl', label: 'Invalid callback URL' },
  '29': {
    kind: 'permission',
    label: 'Non-whitelisted destination (add it to the test numbers of a trial account)',
  },
  '32': { kind: 'authentication', label: 'Signature and API secret disallowed' },
  '33': { kind: 'validation', field: 'to', label: 'Number de-activated' },
};

/**
 * Maps an SMS API status code (non-zero `messages[].status` in an HTTP 200 answer) onto a core
 * error. Status 9 (partner quota: the balance is too low) is a non-retryable ProviderError, so
 * a Bus fails over to another provider but does not retry; status 7 (number barred) is a
 * DeclinedError.
 */
export function smsStatusError(
  status: string,
  errorText: string | undefined,
  context: Context,
): InfraFabricError {
  const { provider, operation } = context;
  const known = SMS_STATUS[status];
  const at = `${provider}.${operation}`;
  const said = errorText ? ` Vonage said: ${errorText}.` : '';
  const base = { provider, operation, status: 200, providerCode: status };
  const label = known?.label ?? 'Unknown status';
  switch (known?.kind) {
    case 'rate_limit':
      return new RateLimitError(
        `${at}: ${label} [status ${status}]. Send more slowly (30 SMS/s by default).${said}`,
        base,
      );
    case 'validation':
      return new ValidationError(`${at}: ${label} [status ${status}].${said} Fix the input and call again.`, {
        ...base,
        field: known.field,
        rule: `vonage_sms_${status}`,
      });
    case 'authentication':
      return new AuthenticationError(
        `${at}: ${label} [status ${status}]. Check VONAGE_API_KEY and VONAGE_API_SECRET.${said}`,
        base,
      );
    case 'permission':
      return new PermissionError(
        `${at}: ${label} [status ${status}]. Ask Vonage support to enable it.${said}`,
        base,
      );
    case 'declined':
      return new DeclinedError(`${at}: ${label} [status ${status}]; do not retry.${said}`, {
        ...base,
        declineCode: status,
      });
    case 'quota':
      return new ProviderError(
        `${at}: ${label} [status ${status}]. Top up the Vonage account; not retried.${said}`,
        { ...base, retryable: false },
      );
    case 'retryable':
      return new ProviderError(`${at}: ${label} [status ${status}]; it will be retried.${said}`, {
        ...base,
        retryable: true,
      });
    default:
      return new ProviderError(`${at}: SMS rejected [status ${status}].${said}`, {
        ...base,
        retryable: false,
      });
  }
}

/** The SDK's SMS failure (MessageSendAllFailure / MessageSendPartialFailure). */
interface SmsFailureLike {
  response: { messages?: Array<{ status?: string; errorText?: string }> };
}

function isSmsFailure(error: unknown): error is SmsFailureLike {
  return (
    error instanceof Error &&
    typeof (error as { response?: unknown }).response === 'object' &&
    Array.isArray((error as unknown as SmsFailureLike).response?.messages)
  );
}

function describeBody(body: unknown): { code?: string; message?: string } {
  if (!body || typeof body !== 'object')
    return { message: typeof body === 'string' && body.length < 300 ? body : undefined };
  const b = body as Record<string, unknown>;
  const type = typeof b.type === 'string' ? b.type.split('#').pop() : undefined;
  const code = b['error-code'] ?? b.error_code ?? b.code ?? type;
  const message = b.detail ?? b.title ?? b['error-code-label'] ?? b.error_title ?? b.message;
  return {
    code: code === undefined ? undefined : String(code),
    message: typeof message === 'string' ? message : undefined,
  };
}

/** Maps anything a Vonage call threw onto core errors, keeping Vonage's code in `providerCode`. */
export function mapVonageError(error: unknown, context: Context): InfraFabricError {
  const { provider, operation } = context;
  if (isSmsFailure(error)) {
    const messages = error.response.messages ?? [];
    const failed = messages.find((m) => m.status !== '0');
    const sent = messages.filter((m) => m.status === '0').length;
    if (sent > 0) {
      // Some parts of a long SMS went out (and are billed): sending it again would repeat them.
      return new ProviderError(
        `${provider}.${operation}: Vonage sent ${sent} of ${messages.length} parts of the SMS, then refused one [status ${failed?.status ?? 'unknown'}].${failed?.errorText ? ` Vonage said: ${failed.errorText}.` : ''} Not retried, so the sent parts are not sent twice; check the recipient before sending again.`,
        {
          provider,
          operation,
          status: 200,
          providerCode: 'partial_failure',
          retryable: false,
          outcomeUnknown: true,
          cause: error,
        },
      );
    }
    return smsStatusError(failed?.status ?? 'unknown', failed?.errorText, context);
  }
  if (!(error instanceof VonageHttpError)) return normalizeError(error, context);
  const { code, message } = describeBody(error.body);
  const retryAfterMs = parseRetryAfter(error.headers.get('retry-after'));
  if (error.status === 420) {
    // /number/buy and /number/cancel answer 420 "method failed" (number gone, country not allowed...).
    return new ProviderError(
      `${provider}.${operation}: Vonage refused the request (HTTP 420 method failed${code ? ` [${code}]` : ''}).${message ? ` Vonage said: ${message}.` : ''} Check the number and country; not retried.`,
      { provider, operation, status: 420, providerCode: code, retryable: false, cause: error },
    );
  }
  return errorFromHttpStatus({
    provider,
    operation,
    status: error.status,
    providerCode: code,
    providerMessage: message,
    retryAfterMs,
    cause: error,
  });
}
