import {
  assertContentType,
  hmac,
  parseJsonBody,
  readRawBody,
  requireWebhookSecret,
  timingSafeEqualString,
  type WebhookResult,
  WebhookVerificationError,
} from '@infrafabric/core';
import { toInboundEvents, type WhatsAppChangeValue } from './mappers';

const PROVIDER = 'whatsapp';
/** Header carrying `sha256=<hex HMAC of the raw body with the app secret>`. */
export const WHATSAPP_SIGNATURE_HEADER = 'x-hub-signature-256';

const reject = (message: string, reason: 'missing_signature' | 'bad_signature' | 'malformed') =>
  new WebhookVerificationError(`${PROVIDER} webhook: ${message}`, reason, {
    provider: PROVIDER,
    operation: 'parseWebhook',
  });

/**
 * Answers Meta's subscription handshake: `GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`
 * → the challenge as `text/plain` when the verify token matches (compared in constant time).
 */
export function answerWhatsAppHandshake(request: Request, verifyToken: string | undefined): WebhookResult {
  const expected = requireWebhookSecret(verifyToken, PROVIDER, 'WHATSAPP_VERIFY_TOKEN');
  const params = new URL(request.url).searchParams;
  const mode = params.get('hub.mode');
  const token = params.get('hub.verify_token');
  const challenge = params.get('hub.challenge');
  if (mode !== 'subscribe' || challenge === null)
    throw reject('GET without hub.mode=subscribe and hub.challenge.', 'malformed');
  if (token === null || token === '')
    throw reject('handshake without hub.verify_token.', 'missing_signature');
  if (!timingSafeEqualString(token, expected))
    throw reject('hub.verify_token does not match the configured verify token.', 'bad_signature');
  return {
    events: [],
    response: new Response(challenge, {
      status: 200,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    }),
  };
}

/**
 * Verifies a Meta webhook delivery (`X-Hub-Signature-256` = HMAC-SHA256 of the exact body with the
 * app secret) and normalizes its messages and statuses. Meta signs no timestamp, so there is no
 * replay window: deduplicate on the event id (Meta retries failed deliveries for up to 7 days).
 */
export async function verifyWhatsAppDelivery(
  request: Request,
  appSecret: string | undefined,
): Promise<WebhookResult> {
  const secret = requireWebhookSecret(appSecret, PROVIDER, 'WHATSAPP_APP_SECRET');
  const signature = request.headers.get(WHATSAPP_SIGNATURE_HEADER);
  if (!signature) throw reject(`no ${WHATSAPP_SIGNATURE_HEADER} header.`, 'missing_signature');
  assertContentType(request, ['application/json'], PROVIDER);
  const body = await readRawBody(request, PROVIDER);
  if (!timingSafeEqualString(signature, `sha256=${hmac('sha256', secret, body, 'hex')}`)) {
    throw reject('signature does not match the body (check WHATSAPP_APP_SECRET).', 'bad_signature');
  }
  const payload = parseJsonBody<{
    object?: string;
    entry?: Array<{ changes?: Array<{ field?: string; value?: WhatsAppChangeValue }> }>;
  }>(body, PROVIDER);
  if (payload?.object !== 'whatsapp_business_account' || !Array.isArray(payload.entry)) {
    throw reject('body is not a whatsapp_business_account notification.', 'malformed');
  }
  const events = payload.entry.flatMap((entry) =>
    (entry.changes ?? [])
      .filter((change) => change.field === 'messages' && change.value)
      .flatMap((change) => toInboundEvents(change.value!)),
  );
  return { events };
}

/** Routes a webhook request: GET is the subscription handshake, POST a signed delivery. */
export function parseWhatsAppWebhook(
  request: Request,
  secrets: { appSecret?: string | undefined; verifyToken?: string | undefined },
): Promise<WebhookResult> {
  if (request.method === 'GET')
    return Promise.resolve().then(() => answerWhatsAppHandshake(request, secrets.verifyToken));
  return verifyWhatsAppDelivery(request, secrets.appSecret);
}
