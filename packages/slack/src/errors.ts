import {
  AuthenticationError,
  errorFromHttpStatus,
  type InfraFabricError,
  isInfraFabricError,
  NotFoundError,
  normalizeError,
  PermissionError,
  parseRetryAfter,
  ProviderError,
  RateLimitError,
  ValidationError,
} from '@infrafabric/core';

const PROVIDER = 'slack';

/** Slack `error` codes meaning the token is bad, revoked or belongs to a deactivated account. */
const AUTH_CODES = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
]);
/** Codes meaning the token lacks a scope or the bot may not act there. */
const PERMISSION_CODES = new Set([
  'missing_scope',
  'not_in_channel',
  'restricted_action',
  'cant_update_message',
  'cant_delete_message',
  'not_allowed_token_type',
  'ekm_access_denied',
]);
/** Codes meaning the channel, message or user does not exist (or is invisible to this token). */
const NOT_FOUND_CODES = new Set([
  'channel_not_found',
  'message_not_found',
  'thread_not_found',
  'user_not_found',
  'users_not_found',
  'file_not_found',
]);
/** Codes meaning the arguments are wrong. */
const VALIDATION_CODES = new Set([
  'invalid_arguments',
  'invalid_arg_name',
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'no_text',
  'too_many_attachments',
  'invalid_name',
  'invalid_name_specials',
  'invalid_name_required',
  'invalid_name_punctuation',
  'invalid_name_maxlength',
  'name_taken',
  'already_in_channel',
  'cant_invite_self',
  'is_archived',
  'invalid_cursor',
  'invalid_ts_latest',
]);
/** Codes meaning Slack itself failed: worth retrying. */
const SERVER_CODES = new Set(['fatal_error', 'internal_error', 'service_unavailable', 'request_timeout']);

/** The fields of a Slack SDK error we read (the SDK's classes are never imported at top level). */
interface SlackSdkError {
  code?: string;
  data?: { error?: string; response_metadata?: { messages?: string[] } };
  retryAfter?: number;
  statusCode?: number;
  headers?: Record<string, string>;
  body?: unknown;
  original?: unknown;
}

/** Maps a Slack `{ ok: false, error }` code onto the core error classes, keeping the code. */
export function slackErrorFromCode(code: string, operation: string, cause?: unknown): InfraFabricError {
  const base = { provider: PROVIDER, operation, status: 200, providerCode: code, cause };
  const at = `${PROVIDER}.${operation}`;
  if (AUTH_CODES.has(code)) {
    return new AuthenticationError(
      `${at}: Slack rejected the token (${code}). Check SLACK_BOT_TOKEN, and reinstall the app if the token was revoked.`,
      base,
    );
  }
  if (PERMISSION_CODES.has(code)) {
    return new PermissionError(
      `${at}: Slack refused (${code}). Add the missing OAuth scope and reinstall the app, or invite the bot to the channel.`,
      base,
    );
  }
  if (NOT_FOUND_CODES.has(code)) {
    return new NotFoundError(
      `${at}: Slack says ${code}. Check the id, and that the bot can see the conversation.`,
      base,
    );
  }
  if (code === 'ratelimited' || code === 'rate_limited') {
    return new RateLimitError(`${at}: Slack rate limit (${code}). Slow down.`, { ...base, status: 429 });
  }
  if (VALIDATION_CODES.has(code)) {
    return new ValidationError(
      `${at}: Slack rejected the arguments (${code}). Fix the input and call again.`,
      base,
    );
  }
  if (SERVER_CODES.has(code)) {
    return new ProviderError(
      `${at}: Slack failed (${code}). This is usually temporary; it will be retried.`,
      {
        ...base,
        retryable: true,
        outcomeUnknown: code === 'request_timeout',
      },
    );
  }
  return new ProviderError(
    `${at}: Slack answered ${code}. See https://docs.slack.dev/reference/methods for its meaning.`,
    base,
  );
}

/**
 * Maps anything the Slack SDK throws onto the core error classes: platform errors by Slack's
 * `error` code, 429 with `Retry-After`, other HTTP statuses, and transport failures.
 */
export function mapSlackError(error: unknown, operation: string): InfraFabricError {
  if (isInfraFabricError(error)) return error;
  const e = (error ?? {}) as SlackSdkError;
  switch (e.code) {
    case 'slack_webapi_platform_error':
      return slackErrorFromCode(e.data?.error ?? 'unknown_error', operation, error);
    case 'slack_webapi_rate_limited_error': {
      const retryAfterMs = typeof e.retryAfter === 'number' ? e.retryAfter * 1000 : undefined;
      return new RateLimitError(
        `${PROVIDER}.${operation}: Slack rate limit (HTTP 429)${retryAfterMs === undefined ? '' : `; retry after ${retryAfterMs} ms`}. Slack limits each method per workspace (chat.postMessage: about 1 message per second per channel).`,
        {
          provider: PROVIDER,
          operation,
          status: 429,
          providerCode: 'ratelimited',
          retryAfterMs,
          cause: error,
        },
      );
    }
    case 'slack_webapi_http_error': {
      const status = e.statusCode ?? 0;
      const slackCode = slackCodeOfBody(e.body);
      return errorFromHttpStatus({
        provider: PROVIDER,
        operation,
        status,
        providerCode: slackCode,
        retryAfterMs: parseRetryAfter(e.headers?.['retry-after']),
        cause: error,
      });
    }
    case 'slack_webapi_request_error':
      return normalizeError(e.original ?? error, { provider: PROVIDER, operation });
    default:
      return normalizeError(error, { provider: PROVIDER, operation });
  }
}

function slackCodeOfBody(body: unknown): string | undefined {
  if (typeof body !== 'string') return undefined;
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    return typeof parsed.error === 'string' ? parsed.error : undefined;
  } catch {
    return undefined;
  }
}
