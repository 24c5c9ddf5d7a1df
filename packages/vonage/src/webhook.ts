import {
  assertContentType,
  assertFreshTimestamp,
  parseJsonBody,
  readRawBody,
  requireWebhookSecret,
  timingSafeEqualString,
  type WebhookResult,
  WebhookVerificationError,
} from '@infrafabric/core';
import { type VonageWebhookPayload, vonageWebhookToEvents } from './inbound';
import {
  type VonageSmsSignatureMethod,
  verifyVonageJwt,
  vonagePayloadHash,
  vonageSmsSignature,
} from './webhook-signature';

/** What verifying one Vonage webhook needs. */
export interface VonageWebhookContext {
  provider: string;
  signatureSecret: string | undefined;
  /** The account's API key: a token naming another account is refused. */
  apiKey: string;
  currency: string;
  toleranceSeconds: number;
  /** Method of the SMS API's legacy `sig` signing, as set in the dashboard. */
  smsSignatureMethod: VonageSmsSignatureMethod;
  now?: number | undefined;
  bodyLimit?: number | undefined;
}

/**
 * Verifies a Vonage signed webhook and normalizes it. Vonage signs with a JWT in
 * `Authorization: Bearer …` (HS256, keyed with the account's signature secret); its `payload_hash`
 * claim is the SHA-256 of the body and `iat` bounds replays. SMS API webhooks may instead carry
 * the legacy `sig` parameter (MD5 hash or HMAC of the sorted parameters) with a `timestamp`.
 *
 * @throws WebhookVerificationError (`missing_signature`, `bad_signature`, `stale`, `malformed`,
 * `wrong_content_type`, `too_large`); ValidationError when no signature secret is configured.
 */
export async function parseVonageWebhook(
  request: Request,
  context: VonageWebhookContext,
): Promise<WebhookResult> {
  const { provider } = context;
  const secret = requireWebhookSecret(context.signatureSecret, provider, 'VONAGE_SIGNATURE_SECRET');
  const reject = (message: string, reason: 'missing_signature' | 'bad_signature' | 'stale' | 'malformed') =>
    new WebhookVerificationError(`${provider} webhook: ${message}`, reason, {
      provider,
      operation: 'parseWebhook',
    });

  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '');
  // No Authorization header at all: the SMS API's legacy `sig` signing (or nothing).
  if (!match && !request.headers.has('authorization')) return parseSmsSignedWebhook(request, context, secret);
  if (!match)
    throw reject(
      'no "Authorization: Bearer <JWT>" header. Enable signed webhooks for this number or application.',
      'missing_signature',
    );
  const verified = verifyVonageJwt(match[1]!, secret);
  if ('problem' in verified) {
    throw reject(
      `the JWT is not signed with the signature secret (${verified.problem}). Check VONAGE_SIGNATURE_SECRET.`,
      'bad_signature',
    );
  }
  const { claims } = verified;
  if (claims.api_key !== undefined && claims.api_key !== context.apiKey) {
    throw reject('the JWT was issued for another Vonage account.', 'bad_signature');
  }
  if (typeof claims.iat !== 'number') throw reject('the JWT has no "iat" claim.', 'bad_signature');
  const now = context.now ?? Date.now();
  assertFreshTimestamp(claims.iat, { provider, toleranceSeconds: context.toleranceSeconds, now });
  if (typeof claims.exp === 'number' && claims.exp * 1000 < now)
    throw reject('the JWT has expired.', 'stale');

  const body = await readRawBody(request, provider, context.bodyLimit);
  if (body.byteLength > 0 || claims.payload_hash !== undefined) {
    if (
      typeof claims.payload_hash !== 'string' ||
      vonagePayloadHash(body) !== claims.payload_hash.toLowerCase()
    ) {
      throw reject(
        'the body does not match the payload_hash of the JWT (altered in transit?).',
        'bad_signature',
      );
    }
  }

  let payload: VonageWebhookPayload;
  if (body.byteLength === 0) {
    payload = Object.fromEntries(new URL(request.url).searchParams);
  } else {
    assertContentType(request, ['application/json', 'application/x-www-form-urlencoded'], provider);
    const type = (request.headers.get('content-type') ?? '').toLowerCase();
    if (type.startsWith('application/json')) {
      const parsed = parseJsonBody<unknown>(body, provider);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        throw reject('the JSON body is not an object.', 'malformed');
      payload = parsed as VonageWebhookPayload;
    } else {
      payload = Object.fromEntries(new URLSearchParams(new TextDecoder().decode(body)));
    }
  }

  return {
    events: vonageWebhookToEvents(payload, {
      provider,
      now,
      tokenId: typeof claims.jti === 'string' ? claims.jti : undefined,
      currency: context.currency,
    }),
  };
}

function stringValues(payload: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(payload)) {
    if (value !== null && value !== undefined && typeof value !== 'object') out[key] = String(value);
  }
  return out;
}

/**
 * The SMS API's legacy signing: a `sig` parameter next to the others (query, form or JSON body)
 * and a `timestamp` bounding replays.
 */
async function parseSmsSignedWebhook(
  request: Request,
  context: VonageWebhookContext,
  secret: string,
): Promise<WebhookResult> {
  const { provider } = context;
  const reject = (message: string, reason: 'missing_signature' | 'bad_signature' | 'malformed') =>
    new WebhookVerificationError(`${provider} webhook: ${message}`, reason, {
      provider,
      operation: 'parseWebhook',
    });
  const body = await readRawBody(request, provider, context.bodyLimit);
  let params: Record<string, string> = Object.fromEntries(new URL(request.url).searchParams);
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  // Only JSON and form bodies can carry signed parameters; any other body is not signed at all.
  if (body.byteLength > 0 && /^application\/(json|x-www-form-urlencoded)/.test(type)) {
    const parsed = type.startsWith('application/json')
      ? parseJsonBody<unknown>(body, provider)
      : Object.fromEntries(new URLSearchParams(new TextDecoder().decode(body)));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw reject('the body is not an object.', 'malformed');
    params = { ...params, ...stringValues(parsed as Record<string, unknown>) };
  }
  const signature = params.sig;
  if (!signature) {
    throw reject(
      'no "Authorization: Bearer <JWT>" header and no "sig" parameter. Enable signed webhooks for this number or application.',
      'missing_signature',
    );
  }
  const expected = vonageSmsSignature(params, secret, context.smsSignatureMethod);
  if (!timingSafeEqualString(expected, signature.toLowerCase())) {
    throw reject(
      `the "sig" parameter does not match (${context.smsSignatureMethod}). Check VONAGE_SIGNATURE_SECRET and the signature method.`,
      'bad_signature',
    );
  }
  const now = context.now ?? Date.now();
  assertFreshTimestamp(Number(params.timestamp), {
    provider,
    toleranceSeconds: context.toleranceSeconds,
    now,
  });
  const { sig: _signature, ...payload } = params;
  return {
    events: vonageWebhookToEvents(payload, { provider, now, currency: context.currency }),
  };
}
