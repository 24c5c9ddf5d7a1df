import {
  assertContentType,
  parseJsonBody,
  readRawBody,
  requireWebhookSecret,
  timingSafeEqualString,
  type WebhookResult,
  WebhookVerificationError,
} from '@infrafabric/core';
import { z } from '@infrafabric/core';
import { type TelegramUpdate, toInboundEvents } from './mappers';

/** Header in which Telegram echoes the `secret_token` given to `setWebhook`. */
export const TELEGRAM_SECRET_HEADER = 'x-telegram-bot-api-secret-token';

const PROVIDER = 'telegram';

const chatShape = z.object({ id: z.union([z.number(), z.string()]) });
const messageShape = z.object({ message_id: z.number(), chat: chatShape, date: z.number().optional() });
/**
 * The least an update must have for the mappers to read it (lenient: other fields pass through).
 * A signed update that does not fit is malformed (400), not a crash (500).
 */
const telegramUpdateShape = z.object({
  update_id: z.number(),
  message: messageShape.optional(),
  channel_post: messageShape.optional(),
  callback_query: z
    .object({ from: z.object({ id: z.number() }), message: messageShape.optional() })
    .optional(),
});

/**
 * Verifies a Telegram webhook call and normalizes its update. Telegram does not sign bodies; it
 * sends back the `secret_token` set with `setWebhook`, compared here in constant time. The update
 * id is the event id (Telegram redelivers the same update until it gets a 2xx).
 *
 * @throws ValidationError when no secret is configured (unverified webhooks are never accepted).
 * @throws WebhookVerificationError for a missing or wrong secret, wrong content type or bad JSON.
 */
export async function verifyTelegramWebhook(
  request: Request,
  secret: string | undefined,
): Promise<WebhookResult> {
  const expected = requireWebhookSecret(secret, PROVIDER, 'TELEGRAM_WEBHOOK_SECRET');
  const given = request.headers.get(TELEGRAM_SECRET_HEADER);
  if (given === null || given === '') {
    throw new WebhookVerificationError(
      `${PROVIDER} webhook: no ${TELEGRAM_SECRET_HEADER} header. Register the webhook with a secret (setWebhook({ url, secret })).`,
      'missing_signature',
      { provider: PROVIDER, operation: 'parseWebhook' },
    );
  }
  if (!timingSafeEqualString(given, expected)) {
    throw new WebhookVerificationError(
      `${PROVIDER} webhook: the secret token does not match.`,
      'bad_signature',
      {
        provider: PROVIDER,
        operation: 'parseWebhook',
      },
    );
  }
  assertContentType(request, ['application/json'], PROVIDER);
  const update = parseJsonBody<TelegramUpdate>(await readRawBody(request, PROVIDER), PROVIDER);
  if (!telegramUpdateShape.safeParse(update).success) {
    throw new WebhookVerificationError(`${PROVIDER} webhook: body is not a Telegram Update.`, 'malformed', {
      provider: PROVIDER,
      operation: 'parseWebhook',
    });
  }
  return { events: toInboundEvents(update) };
}
