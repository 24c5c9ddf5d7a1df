import {
  AuthenticationError,
  DeclinedError,
  errorFromHttpStatus,
  type InfraFabricError,
  NotFoundError,
  normalizeError,
  parseRetryAfter,
  RateLimitError,
  ValidationError,
} from '@infrafabric/core';

/** What the Twilio SDK throws for an API error: RestException `{ status, code, message, moreInfo }`. */
interface TwilioRestErrorLike {
  status: number;
  code?: number | string;
  message?: string;
  moreInfo?: string;
}

function isTwilioRestError(error: unknown): error is TwilioRestErrorLike {
  return error instanceof Error && typeof (error as { status?: unknown }).status === 'number';
}

/** Twilio error codes that mean one input field is wrong, and the field. */
const INVALID_FIELD_CODES: Readonly<Record<string, string>> = {
  '21211': 'to', // Invalid 'To' phone number
  '21614': 'to', // 'To' number is not a valid mobile number
  '21217': 'to', // Phone number does not appear to be valid
  '21212': 'from', // Invalid 'From' phone number
  '21606': 'from', // The 'From' number is not a valid, SMS-capable number of this account
  '21602': 'text', // Message body is required
  '21617': 'text', // Message body exceeds the 1600 character limit
  '21620': 'mediaUrls', // Invalid media URL(s)
};

/**
 * Maps an error from the Twilio SDK (or the transport) onto core errors, keeping Twilio's numeric
 * code in `providerCode`. `headers` are the failed response's headers (for `Retry-After`).
 */
export function mapTwilioError(
  error: unknown,
  context: { provider: string; operation: string; headers?: Headers | undefined },
): InfraFabricError {
  if (!isTwilioRestError(error)) return normalizeError(error, context);
  const { provider, operation } = context;
  const status = error.status;
  const providerCode = error.code === undefined ? undefined : String(error.code);
  const providerMessage = error.message;
  const at = `${provider}.${operation}`;
  const more = error.moreInfo ? ` See ${error.moreInfo}` : '';
  const base = { provider, operation, status, providerCode, cause: error };
  const said = providerMessage ? ` Twilio said: ${providerMessage}.` : '';

  if (providerCode === '20003') {
    return new AuthenticationError(
      `${at}: Twilio rejected the credentials (${status} [20003]). Check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN.${more}`,
      base,
    );
  }
  if (providerCode === '20404') {
    return new NotFoundError(`${at}: not found (${status} [20404]). Check the SID you passed.${said}`, base);
  }
  if (providerCode === '20429' || status === 429) {
    const retryAfterMs = parseRetryAfter(context.headers?.get('retry-after'));
    return new RateLimitError(
      `${at}: Twilio is rate limiting this account (${status}${providerCode ? ` [${providerCode}]` : ''})${retryAfterMs === undefined ? '' : `; retry after ${retryAfterMs} ms`}. Slow down, or spread sends over a Messaging Service.${more}`,
      { ...base, retryAfterMs },
    );
  }
  if (providerCode === '21610') {
    return new DeclinedError(
      `${at}: the recipient has unsubscribed (replied STOP) [21610]; Twilio will not deliver to them until they reply START. Do not retry.${more}`,
      { ...base, declineCode: '21610' },
    );
  }
  const field = providerCode ? INVALID_FIELD_CODES[providerCode] : undefined;
  if (field) {
    return new ValidationError(
      `${at}: Twilio rejected "${field}" [${providerCode}].${said} Fix this field and call again.${more}`,
      { ...base, field, rule: `twilio_${providerCode}` },
    );
  }
  return errorFromHttpStatus({
    provider,
    operation,
    status,
    providerCode,
    providerMessage,
    retryAfterMs: parseRetryAfter(context.headers?.get('retry-after')),
    cause: error,
  });
}
