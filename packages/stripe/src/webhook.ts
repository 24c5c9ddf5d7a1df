import {
  assertContentType,
  assertFreshTimestamp,
  hmac,
  type InboundEvent,
  type ParseWebhookOptions,
  parseJsonBody,
  readRawBody,
  timingSafeEqualString,
  WebhookVerificationError,
  type WebhookResult,
  unixSecondsToIso,
} from '@infrafabric/core';
import {
  mapChargeToPayment,
  mapPaymentIntent,
  mapRefund,
  mapSubscription,
  type StripeChargeLike,
  type StripePaymentIntentLike,
  type StripeRefundLike,
  type StripeSubscriptionLike,
} from './mappers';

const PROVIDER = 'stripe';

/** A Stripe event as delivered to a webhook endpoint (the fields we read). */
export interface StripeEventLike {
  id: string;
  type: string;
  created?: number;
  data?: { object?: Record<string, unknown> };
}

function reject(message: string, reason: 'missing_signature' | 'bad_signature' | 'malformed') {
  return new WebhookVerificationError(`stripe webhook: ${message}`, reason, {
    provider: PROVIDER,
    operation: 'parseWebhook',
  });
}

/**
 * Verifies a `Stripe-Signature` header (`t=<unix seconds>,v1=<hex>[,v1=<hex>...]`): one `v1` must
 * equal HMAC-SHA256(secret, `${t}.${rawBody}`) (several are sent while a secret is being rolled),
 * and `t` must be within `toleranceSeconds` of now. Other schemes (`v0` test signatures) are
 * ignored, as Stripe's own libraries do.
 * @throws WebhookVerificationError `missing_signature`, `bad_signature` or `stale`.
 */
export function verifyStripeSignature(
  rawBody: Uint8Array | string,
  signatureHeader: string | null | undefined,
  secret: string,
  options: { toleranceSeconds: number; now?: number | undefined },
): void {
  if (!signatureHeader) throw reject('the Stripe-Signature header is missing.', 'missing_signature');
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of signatureHeader.split(',')) {
    const index = part.indexOf('=');
    if (index <= 0) continue;
    const key = part.slice(0, index).trim();
    const value = part.slice(index + 1).trim();
    if (key === 't' && /^\d+$/.test(value)) timestamp = Number(value);
    if (key === 'v1' && value) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) {
    throw reject('the Stripe-Signature header has no timestamp or no v1 signature.', 'bad_signature');
  }
  const body = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');
  const expected = hmac('sha256', secret, `${timestamp}.${body}`, 'hex');
  if (!signatures.some((signature) => timingSafeEqualString(signature, expected))) {
    throw reject(
      'no v1 signature matches. Check STRIPE_WEBHOOK_SECRET is this endpoint’s signing secret and that the body reaches us unmodified.',
      'bad_signature',
    );
  }
  assertFreshTimestamp(timestamp, {
    provider: PROVIDER,
    toleranceSeconds: options.toleranceSeconds,
    now: options.now,
  });
}

/**
 * Normalizes one verified Stripe event: `payment_intent.*` carry a Payment, `charge.refunded` a
 * Payment (from the charge) and its refund when included, `refund.*` a Refund,
 * `customer.subscription.*` a Subscription; anything else passes through as `other`.
 */
export function normalizeStripeEvent(event: StripeEventLike): InboundEvent {
  const base = {
    provider: PROVIDER,
    id: event.id,
    time: unixSecondsToIso(event.created),
    raw: event,
  };
  const object = event.data?.object;
  if (!object) return { ...base, type: 'other', name: event.type };
  if (event.type.startsWith('payment_intent.')) {
    return {
      ...base,
      type: 'payment',
      name: event.type,
      payment: mapPaymentIntent(object as unknown as StripePaymentIntentLike),
    };
  }
  if (event.type === 'charge.refunded') {
    const charge = object as StripeChargeLike;
    const latestRefund = charge.refunds?.data?.[0];
    return {
      ...base,
      type: 'payment',
      name: event.type,
      payment: mapChargeToPayment(charge),
      refund: latestRefund
        ? mapRefund({ ...latestRefund, payment_intent: latestRefund.payment_intent ?? charge.payment_intent })
        : undefined,
    };
  }
  if (event.type.startsWith('refund.') || event.type.startsWith('charge.refund.')) {
    return {
      ...base,
      type: 'payment',
      name: event.type,
      refund: mapRefund(object as unknown as StripeRefundLike),
    };
  }
  if (event.type.startsWith('customer.subscription.')) {
    return {
      ...base,
      type: 'payment',
      name: event.type,
      subscription: mapSubscription(object as unknown as StripeSubscriptionLike),
    };
  }
  return { ...base, type: 'other', name: event.type };
}

/**
 * Verifies and normalizes one webhook request (reads the raw body once, 1 MiB limit).
 * @throws WebhookVerificationError for a missing/forged/stale signature or a malformed body.
 */
export async function parseStripeWebhook(
  request: Request,
  secret: string,
  options: ParseWebhookOptions & { toleranceSeconds: number },
): Promise<WebhookResult> {
  assertContentType(request, ['application/json'], PROVIDER);
  const body = await readRawBody(request, PROVIDER);
  verifyStripeSignature(body, request.headers.get('stripe-signature'), secret, {
    toleranceSeconds: options.toleranceSeconds,
    now: options.now,
  });
  const event = parseJsonBody<StripeEventLike>(body, PROVIDER);
  if (typeof event?.id !== 'string' || typeof event.type !== 'string') {
    throw reject('the body is not a Stripe event (no id or type).', 'malformed');
  }
  return { events: [normalizeStripeEvent(event)] };
}
