import {
  AuthenticationError,
  errorFromHttpStatus,
  type InfraFabricError,
  isInfraFabricError,
  NotFoundError,
  normalizeError,
  PermissionError,
  RateLimitError,
  ValidationError,
} from '@infrafabric/core';

const PROVIDER = 'discord';

/** Discord's JSON error codes that mean "permission", whatever the HTTP status. */
const PERMISSION_CODES = new Set([50001, 50013, 50007, 20001]);

/** The fields of a @discordjs/rest error we read (its classes are never imported at top level). */
interface DiscordRestError {
  name?: string;
  message?: string;
  code?: number | string;
  status?: number;
  rawError?: { code?: number; message?: string; retry_after?: number; global?: boolean };
  retryAfter?: number;
  timeToReset?: number;
  global?: boolean;
  method?: string;
}

/** Maps a Discord error body (`{ code, message }`) and HTTP status onto the core error classes. */
export function discordErrorFromBody(
  status: number,
  body: { code?: number | string; message?: string } | undefined,
  operation: string,
  cause?: unknown,
): InfraFabricError {
  const code = body?.code;
  const providerCode = code === undefined ? undefined : String(code);
  const at = `${PROVIDER}.${operation}`;
  const base = { provider: PROVIDER, operation, status, providerCode, cause };
  const said = body?.message ? ` Discord said: ${body.message}` : '';
  if (typeof code === 'number' && code >= 10_001 && code <= 10_099) {
    return new NotFoundError(
      `${at}: not found (Discord ${code}).${said} Check the id, and that the bot is in that guild.`,
      base,
    );
  }
  if (code === 40_001) {
    // 40001 "Unauthorized. Provide a valid token and try again.": a credentials problem.
    return new AuthenticationError(
      `${at}: Discord rejected the bot token (code 40001).${said} Check DISCORD_BOT_TOKEN (Bot → Reset Token).`,
      base,
    );
  }
  if (typeof code === 'number' && PERMISSION_CODES.has(code)) {
    return new PermissionError(
      `${at}: Discord refused (code ${code}).${said} Give the bot the missing permission (channel or role settings) or invite it to the guild.`,
      base,
    );
  }
  if (code === 50_035 || code === 50_006 || code === 50_109) {
    return new ValidationError(
      `${at}: Discord rejected the request body (code ${code}).${said} Fix the input and call again.`,
      base,
    );
  }
  return errorFromHttpStatus({
    provider: PROVIDER,
    operation,
    status,
    providerCode,
    providerMessage: body?.message,
    cause,
  });
}

/**
 * Maps anything @discordjs/rest throws onto the core error classes: `DiscordAPIError` by its JSON
 * code and status, `RateLimitError` (429, with the wait), `HTTPError` (5xx) and transport failures.
 */
export function mapDiscordError(error: unknown, operation: string): InfraFabricError {
  if (isInfraFabricError(error)) return error;
  const e = (error ?? {}) as DiscordRestError;
  if (typeof e.retryAfter === 'number' && typeof e.timeToReset === 'number') {
    const wait = e.retryAfter > 0 ? e.retryAfter : e.timeToReset;
    const retryAfterMs = wait > 0 ? Math.ceil(wait) : undefined;
    return new RateLimitError(
      `${PROVIDER}.${operation}: Discord rate limit${e.global ? ' (global)' : ''}${retryAfterMs === undefined ? '' : `; retry after ${retryAfterMs} ms`}. Send fewer requests (about 5 messages per 5 s per channel, 50 requests/s globally).`,
      {
        provider: PROVIDER,
        operation,
        status: 429,
        providerCode: e.global ? 'global' : 'ratelimited',
        retryAfterMs,
        cause: error,
      },
    );
  }
  if (typeof e.status === 'number' && e.rawError !== undefined) {
    return discordErrorFromBody(
      e.status,
      { code: e.rawError.code ?? e.code, message: e.rawError.message },
      operation,
      error,
    );
  }
  if (typeof e.status === 'number' && e.name === 'HTTPError') {
    return errorFromHttpStatus({ provider: PROVIDER, operation, status: e.status, cause: error });
  }
  return normalizeError(error, { provider: PROVIDER, operation });
}
