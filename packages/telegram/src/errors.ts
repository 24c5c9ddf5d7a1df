import {
  errorFromHttpStatus,
  type InfraFabricError,
  isInfraFabricError,
  NotFoundError,
  normalizeError,
  PermissionError,
  RateLimitError,
  TimeoutError,
  ValidationError,
} from '@infrafabric/core';

const PROVIDER = 'telegram';

/** Telegram's error body: `{ ok: false, error_code, description, parameters: { retry_after, migrate_to_chat_id } }`. */
export interface TelegramErrorBody {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number } | undefined;
}

/**
 * A Bot API answer that was not JSON (a proxy's HTML 502, an empty 504), thrown by our fetch
 * wrapper so the HTTP status survives grammy's own error wrapping.
 */
export class TelegramHttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs: number | undefined,
  ) {
    super(`Telegram answered HTTP ${status} without a JSON body`);
    this.name = 'TelegramHttpFailure';
  }
}

/** Telegram 400 descriptions that mean "that chat/message/user does not exist". */
const NOT_FOUND = /not found|chat_id is empty|message can't be (edited|deleted)|message_id_invalid/i;

function isTelegramErrorBody(value: unknown): value is TelegramErrorBody {
  const v = value as Partial<TelegramErrorBody> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.error_code === 'number' &&
    typeof v.description === 'string'
  );
}

/** Maps a Bot API error body onto the core error classes, keeping the description as `providerCode`. */
export function telegramErrorFromBody(
  body: TelegramErrorBody,
  operation: string,
  cause?: unknown,
): InfraFabricError {
  const status = body.error_code;
  const description = body.description;
  const base = { provider: PROVIDER, operation, status, providerCode: description, cause };
  const at = `${PROVIDER}.${operation}`;
  const retryAfter = body.parameters?.retry_after;
  if (status === 429) {
    const retryAfterMs = typeof retryAfter === 'number' ? Math.max(0, retryAfter * 1000) : undefined;
    return new RateLimitError(
      `${at}: Telegram flood control (${description})${retryAfterMs === undefined ? '' : `; retry after ${retryAfterMs} ms`}. Send fewer messages per chat (about 1/s, 20/min in groups).`,
      { ...base, retryAfterMs },
    );
  }
  if (status === 403) {
    return new PermissionError(
      `${at}: Telegram refused (${description}). The bot was blocked, kicked, or lacks the admin right; the user or an admin must fix this.`,
      base,
    );
  }
  if (status === 400 && body.parameters?.migrate_to_chat_id !== undefined) {
    return new ValidationError(
      `${at}: the group became a supergroup; use chat id ${body.parameters.migrate_to_chat_id} from now on (${description}).`,
      { ...base, field: 'chatId', rule: 'migrated' },
    );
  }
  if (status === 400 && NOT_FOUND.test(description)) {
    return new NotFoundError(
      `${at}: ${description}. Check the chat id / message id, and that the bot is in the chat.`,
      base,
    );
  }
  if (status === 409) {
    return new ValidationError(
      `${at}: ${description}. Only one consumer of updates may run: delete the webhook before long polling, or stop the other poller.`,
      { ...base, rule: 'conflict' },
    );
  }
  return errorFromHttpStatus({ ...base, providerMessage: description });
}

/**
 * Turns anything a grammy call threw into an InfraFabric error: `GrammyError` (Telegram answered
 * `ok: false`), `HttpError` (the request failed; its `.error` is the cause), our own
 * {@link TelegramHttpFailure}, aborts and timeouts.
 */
export function mapTelegramError(error: unknown, operation: string): InfraFabricError {
  if (isInfraFabricError(error)) return error;
  if (isTelegramErrorBody(error)) return telegramErrorFromBody(error, operation, error);
  const inner =
    (error as { name?: string; error?: unknown })?.name === 'HttpError'
      ? (error as { error: unknown }).error
      : error;
  if (isInfraFabricError(inner)) return inner;
  if (inner instanceof TelegramHttpFailure) {
    return errorFromHttpStatus({
      provider: PROVIDER,
      operation,
      status: inner.status,
      retryAfterMs: inner.retryAfterMs,
      cause: inner,
    });
  }
  // grammy's own per-request timer rejects with a plain Error before aborting the fetch.
  if (inner instanceof Error && /^Request to '.+' timed out/.test(inner.message)) {
    return new TimeoutError(`${PROVIDER}.${operation}: no answer from the Bot API in time.`, {
      provider: PROVIDER,
      operation,
      cause: inner,
    });
  }
  return normalizeError(inner, { provider: PROVIDER, operation });
}
