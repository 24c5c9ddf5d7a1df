import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  AuthenticationError,
  isInfraFabricError,
  type InfraFabricErrorOptions,
  ValidationError,
} from '../errors/infrafabric-error';

/** Why a webhook was rejected. */
export type WebhookRejection =
  | 'missing_signature'
  | 'bad_signature'
  | 'stale'
  | 'malformed'
  | 'too_large'
  | 'wrong_content_type';

/**
 * A webhook request failed verification. `status` is what to answer the sender (401 for
 * signature and replay failures, 400/413/415 for malformed, oversized or wrongly typed bodies).
 * Nothing from such a request may be dispatched.
 */
export class WebhookVerificationError extends AuthenticationError {
  /** Why it was rejected. */
  readonly reason: WebhookRejection;
  /** HTTP status to answer with. */
  readonly httpStatus: number;
  constructor(message: string, reason: WebhookRejection, options: InfraFabricErrorOptions = {}) {
    super(message, { ...options, retryable: false });
    this.name = 'WebhookVerificationError';
    this.reason = reason;
    this.httpStatus =
      reason === 'too_large'
        ? 413
        : reason === 'wrong_content_type'
          ? 415
          : reason === 'malformed'
            ? 400
            : 401;
  }
}

/** Compares two strings in constant time (for signatures). Different lengths are simply unequal. */
export function timingSafeEqualString(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** HMAC of `payload` with `secret`, hex or base64. */
export function hmac(
  algorithm: 'sha1' | 'sha256',
  secret: string | Uint8Array,
  payload: string | Uint8Array,
  encoding: 'hex' | 'base64',
): string {
  return createHmac(algorithm, secret).update(payload).digest(encoding);
}

/** Default largest webhook body we read: 1 MiB. */
export const DEFAULT_WEBHOOK_BODY_LIMIT = 1024 * 1024;

/**
 * Reads a webhook body as raw bytes (signatures are over exact bytes), refusing bodies over
 * `limit` without reading them whole.
 * @throws WebhookVerificationError `too_large`.
 */
export async function readRawBody(
  request: Request,
  provider: string,
  limit = DEFAULT_WEBHOOK_BODY_LIMIT,
): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? 'NaN');
  if (Number.isFinite(declared) && declared > limit) {
    throw new WebhookVerificationError(
      `${provider} webhook: body of ${declared} bytes exceeds the ${limit}-byte limit.`,
      'too_large',
      { provider, operation: 'parseWebhook' },
    );
  }
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new WebhookVerificationError(
        `${provider} webhook: body exceeds the ${limit}-byte limit.`,
        'too_large',
        { provider, operation: 'parseWebhook' },
      );
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * Checks a signed timestamp is within `toleranceSeconds` of now (both directions), the standard
 * replay defence (Slack and Stripe use 300 s).
 * @throws WebhookVerificationError `stale`.
 */
export function assertFreshTimestamp(
  timestampSeconds: number,
  options: { provider: string; toleranceSeconds: number; now?: number | undefined },
): void {
  const now = (options.now ?? Date.now()) / 1000;
  if (!Number.isFinite(timestampSeconds) || Math.abs(now - timestampSeconds) > options.toleranceSeconds) {
    throw new WebhookVerificationError(
      `${options.provider} webhook: timestamp is outside the ${options.toleranceSeconds}-second window (possible replay). Check the server clock.`,
      'stale',
      { provider: options.provider, operation: 'parseWebhook' },
    );
  }
}

/** Parses JSON from webhook bytes. @throws WebhookVerificationError `malformed`. */
export function parseJsonBody<T = unknown>(body: Uint8Array, provider: string): T {
  try {
    return JSON.parse(new TextDecoder().decode(body)) as T;
  } catch {
    throw new WebhookVerificationError(`${provider} webhook: body is not valid JSON.`, 'malformed', {
      provider,
      operation: 'parseWebhook',
    });
  }
}

/** Requires a content type (ignoring parameters). @throws WebhookVerificationError `wrong_content_type`. */
export function assertContentType(request: Request, expected: readonly string[], provider: string): void {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!expected.includes(type)) {
    throw new WebhookVerificationError(
      `${provider} webhook: content type "${type || 'none'}" is not ${expected.join(' or ')}.`,
      'wrong_content_type',
      {
        provider,
        operation: 'parseWebhook',
      },
    );
  }
}

/** Throws a ValidationError when a webhook secret was not configured (a configuration mistake, not an attack). */
export function requireWebhookSecret(secret: string | undefined, provider: string, envName: string): string {
  if (!secret) {
    throw new ValidationError(
      `${provider}: no webhook signing secret configured. Pass it in the options or set ${envName}; unsigned webhooks are never accepted.`,
      {
        provider,
        operation: 'parseWebhook',
        field: envName,
        rule: 'required',
      },
    );
  }
  return secret;
}

/**
 * Runs a provider's webhook parsing and turns any crash while reading a payload (a signed body
 * whose fields do not have the documented types) into a `malformed` WebhookVerificationError, so
 * the sender gets 400 instead of 500 and nothing is dispatched. InfraFabric errors pass through.
 */
export async function guardWebhookParsing<T>(provider: string, parse: () => Promise<T>): Promise<T> {
  try {
    return await parse();
  } catch (error) {
    if (isInfraFabricError(error)) throw error;
    throw new WebhookVerificationError(
      `${provider} webhook: the payload does not have the shape the provider documents (${(error as Error)?.message ?? error}).`,
      'malformed',
      { provider, operation: 'parseWebhook', cause: error },
    );
  }
}
