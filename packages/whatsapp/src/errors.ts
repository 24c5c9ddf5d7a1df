import {
  AuthenticationError,
  DeclinedError,
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

const PROVIDER = 'whatsapp';

/** Graph API error body: `{ error: { message, type, code, error_subcode, error_data, fbtrace_id } }`. */
export interface GraphErrorBody {
  error: {
    message?: string;
    type?: string;
    code?: number;
    error_subcode?: number;
    error_user_msg?: string;
    error_data?: { messaging_product?: string; details?: string };
    is_transient?: boolean;
    fbtrace_id?: string;
  };
}

/** Error codes Meta uses for throttling: app (4), WABA (80007), throughput (130429), spam (131048), pair (131056). */
export const WHATSAPP_RATE_LIMIT_CODES: ReadonlySet<number> = new Set([
  4, 613, 80007, 130429, 131048, 131056,
]);
/** Code telling that the 24-hour customer-service window is closed: only templates may be sent. */
export const WHATSAPP_REENGAGEMENT_CODE = 131047;

/** Whether `value` has the Graph API error shape. */
export function isGraphErrorBody(value: unknown): value is GraphErrorBody {
  const error = (value as { error?: unknown } | null)?.error;
  return typeof error === 'object' && error !== null;
}

/**
 * How long Meta asks us to wait: `Retry-After` when present, else the
 * `estimated_time_to_regain_access` (minutes) of `X-Business-Use-Case-Usage`.
 */
export function retryAfterFromHeaders(headers: Headers): number | undefined {
  const retryAfter = parseRetryAfter(headers.get('retry-after'));
  if (retryAfter !== undefined) return retryAfter;
  const usage = headers.get('x-business-use-case-usage');
  if (!usage) return undefined;
  try {
    const parsed = JSON.parse(usage) as Record<string, Array<{ estimated_time_to_regain_access?: number }>>;
    const minutes = Object.values(parsed)
      .flat()
      .map((u) => u.estimated_time_to_regain_access ?? 0);
    const longest = Math.max(0, ...minutes);
    return longest > 0 ? longest * 60_000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Maps a Graph API error onto the core error classes, by Meta's error code first (the HTTP status
 * is the same 400 for most of them), keeping the code (and subcode) in `providerCode`:
 *
 * | code | error |
 * |---|---|
 * | 190 (token expired/invalid) | AuthenticationError |
 * | 10, 200–299, 131005, 131031, 368 | PermissionError |
 * | 4, 613, 80007, 130429, 131048, 131056 | RateLimitError |
 * | 100 with subcode 33 (no such object) | NotFoundError |
 * | 131047 (24-hour window closed) | ValidationError: send a template |
 * | 131026 (undeliverable), 131049 (not delivered to keep engagement healthy) | DeclinedError |
 * | 100, 131008, 131009, 131021, 131051, 132000–132069 (templates) | ValidationError |
 * | 1, 2, 131000, 131016, 133004, or `is_transient` | retryable ProviderError |
 */
export function whatsappErrorFromBody(
  body: GraphErrorBody,
  context: { operation: string; status: number; retryAfterMs?: number | undefined; cause?: unknown },
): InfraFabricError {
  const { operation, status, retryAfterMs, cause } = context;
  const code = body.error.code;
  const subcode = body.error.error_subcode;
  const detail = body.error.error_data?.details ?? body.error.error_user_msg;
  const said = `${body.error.message ?? 'error'}${detail ? ` (${detail})` : ''}`;
  const providerCode =
    code === undefined ? undefined : subcode === undefined ? String(code) : `${code}/${subcode}`;
  const base = { provider: PROVIDER, operation, status, providerCode, cause };
  const at = `${PROVIDER}.${operation}`;
  const tag = providerCode ? ` [${providerCode}]` : '';

  if (code === undefined) return errorFromHttpStatus({ ...base, providerMessage: said, retryAfterMs });
  if (code === 190)
    return new AuthenticationError(
      `${at}: Meta rejected the access token${tag}: ${said}. Create a new system-user token and update WHATSAPP_ACCESS_TOKEN.`,
      base,
    );
  if (WHATSAPP_RATE_LIMIT_CODES.has(code))
    return new RateLimitError(
      `${at}: rate limited by Meta${tag}: ${said}${retryAfterMs === undefined ? '' : `; retry after ${retryAfterMs} ms`}. Slow down (pair limit: about 1 message per 6 s to one user).`,
      { ...base, retryAfterMs },
    );
  if (code === 10 || (code >= 200 && code <= 299) || code === 131005 || code === 131031 || code === 368)
    return new PermissionError(
      `${at}: permission denied${tag}: ${said}. Give the token whatsapp_business_messaging on this WhatsApp Business Account, or check the account's status.`,
      base,
    );
  if (code === 100 && subcode === 33)
    return new NotFoundError(`${at}: not found${tag}: ${said}. Check the phone-number id or media id.`, base);
  if (code === WHATSAPP_REENGAGEMENT_CODE)
    return new ValidationError(
      `${at}: more than 24 hours have passed since the user last wrote${tag}, so free-form messages are refused. Send an approved template instead: providerOptions.whatsapp.template = { name, language, components }.`,
      { ...base, field: 'providerOptions.whatsapp.template', rule: 'reengagement_window' },
    );
  if (code === 131026 || code === 131049)
    return new DeclinedError(
      `${at}: WhatsApp did not deliver the message${tag}: ${said}. The number may not use WhatsApp, run an old version, or not have accepted the terms; do not retry.`,
      { ...base, declineCode: String(code) },
    );
  if (
    code === 1 ||
    code === 2 ||
    code === 131000 ||
    code === 131016 ||
    code === 133004 ||
    body.error.is_transient
  )
    return new ProviderError(
      `${at}: Meta failed${tag}: ${said}. This is usually temporary; it will be retried.`,
      {
        ...base,
        retryable: true,
      },
    );
  if (
    code === 100 ||
    code === 131008 ||
    code === 131009 ||
    code === 131021 ||
    code === 131051 ||
    (code >= 132000 && code <= 132069)
  )
    return new ValidationError(
      `${at}: Meta rejected the request${tag}: ${said}. Fix the input and try again.`,
      base,
    );
  return errorFromHttpStatus({ ...base, providerMessage: said, retryAfterMs });
}

/** Turns anything thrown while calling the Graph API (ky's errors, aborts) into an InfraFabric error. */
export function mapWhatsAppError(error: unknown, operation: string): InfraFabricError {
  // Core unwraps ky's NetworkError to the system error it carries.
  return normalizeError(error, { provider: PROVIDER, operation });
}
