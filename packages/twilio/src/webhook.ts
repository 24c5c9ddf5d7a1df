import {
  assertContentType,
  parseJsonBody,
  readRawBody,
  type WebhookResult,
  WebhookVerificationError,
} from '@infrafabric/core';
import { type TwilioWebhookParams, twilioWebhookToEvents } from './inbound';
import { isValidTwilioSignature, twilioBodySha256 } from './webhook-signature';

/** What verifying one Twilio webhook needs. */
export interface TwilioWebhookContext {
  provider: string;
  authToken: string;
  /** The public URL Twilio called (defaults to `request.url`; set it behind a proxy). */
  publicUrl?: string | undefined;
  now?: number | undefined;
  bodyLimit?: number | undefined;
}

function formParams(body: string): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const existing = params[name];
    if (existing === undefined) params[name] = value;
    else params[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return params;
}

function jsonParams(body: Uint8Array, provider: string): Record<string, string> {
  const parsed = parseJsonBody<unknown>(body, provider);
  const params: Record<string, string> = {};
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    for (const [key, value] of Object.entries(parsed)) {
      if (value !== null && typeof value !== 'object') params[key] = String(value);
    }
  }
  return params;
}

/**
 * Verifies a Twilio webhook's `X-Twilio-Signature` and normalizes it. Form-encoded POSTs are
 * signed over the URL plus the sorted parameters; GET webhooks over the URL (with its query);
 * JSON bodies over the URL, which carries the body's SHA-256 in `bodySHA256`.
 *
 * Twilio signatures carry no timestamp, so there is no replay window to check: deduplicate on the
 * event id, which is Twilio's `I-Twilio-Idempotency-Token` when present.
 *
 * @throws WebhookVerificationError (`missing_signature`, `bad_signature`, `malformed`,
 * `wrong_content_type`, `too_large`).
 */
export async function parseTwilioWebhook(
  request: Request,
  context: TwilioWebhookContext,
): Promise<WebhookResult> {
  const { provider } = context;
  const fail = (message: string, reason: 'missing_signature' | 'bad_signature' | 'malformed') =>
    new WebhookVerificationError(`${provider} webhook: ${message}`, reason, {
      provider,
      operation: 'parseWebhook',
    });

  const signature = request.headers.get('x-twilio-signature');
  if (!signature)
    throw fail('no X-Twilio-Signature header; the request did not come from Twilio.', 'missing_signature');

  const url = context.publicUrl ?? request.url;
  const bodyHash = new URL(url).searchParams.get('bodySHA256');
  let params: TwilioWebhookParams;
  if (request.method === 'GET') {
    await readRawBody(request, provider, context.bodyLimit);
    if (!isValidTwilioSignature(context.authToken, signature, url, {}))
      throw fail(
        'signature does not match. Check the auth token and that publicUrl is the URL Twilio called.',
        'bad_signature',
      );
    params = Object.fromEntries(new URL(url).searchParams);
  } else if (bodyHash !== null) {
    assertContentType(request, ['application/json'], provider);
    const body = await readRawBody(request, provider, context.bodyLimit);
    const validSignature = isValidTwilioSignature(context.authToken, signature, url, {});
    // Compare the hash only after the signature, so a forged hash learns nothing.
    if (!validSignature || twilioBodySha256(body) !== bodyHash.toLowerCase())
      throw fail(
        'signature or bodySHA256 does not match. Check the auth token and publicUrl.',
        'bad_signature',
      );
    params = jsonParams(body, provider);
  } else {
    assertContentType(request, ['application/x-www-form-urlencoded'], provider);
    const body = await readRawBody(request, provider, context.bodyLimit);
    params = formParams(new TextDecoder().decode(body));
    if (!isValidTwilioSignature(context.authToken, signature, url, params))
      throw fail(
        'signature does not match. Check the auth token and that publicUrl is the URL Twilio called.',
        'bad_signature',
      );
  }

  return {
    events: twilioWebhookToEvents(params, {
      provider,
      idempotencyToken: request.headers.get('i-twilio-idempotency-token') ?? undefined,
      now: context.now ?? Date.now(),
    }),
  };
}
