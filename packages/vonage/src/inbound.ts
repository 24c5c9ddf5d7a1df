import type { InboundEvent } from '@infrafabric/core';
import { mapCallStatus, mapSmsStatus, toE164 } from './mappers';
import { vonagePriceToMoney } from './money';

/** A webhook payload: the JSON body, or the query of a GET webhook. */
export type VonageWebhookPayload = Readonly<Record<string, unknown>>;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

function party(value: unknown): string | undefined {
  if (value && typeof value === 'object') {
    const v = value as { number?: unknown; uri?: unknown; id?: unknown };
    return text(v.uri) ?? toE164(text(v.number)) ?? text(v.id);
  }
  return toE164(text(value));
}

function timeOf(payload: VonageWebhookPayload, now: number): string {
  const stamp = text(payload.timestamp) ?? text(payload['message-timestamp']);
  // SMS API timestamps are "2020-01-01 12:00:00" (UTC); Voice and Messages use ISO 8601.
  const parsed = stamp
    ? Date.parse(/^\d{4}-\d{2}-\d{2} \d/.test(stamp) ? `${stamp.replace(' ', 'T')}Z` : stamp)
    : Number.NaN;
  return new Date(Number.isNaN(parsed) ? now : parsed).toISOString();
}

function toInteger(value: unknown): number | undefined {
  const n = Number(text(value));
  return text(value) !== undefined && Number.isFinite(n) ? Math.trunc(n) : undefined;
}

/**
 * Normalizes one verified Vonage webhook: Voice answer (incoming call) and event webhooks, SMS
 * API inbound messages and delivery receipts, and Messages API inbound/status webhooks for SMS.
 * `tokenId` is the signed JWT's `jti` when there is one (unique per delivery).
 */
export function vonageWebhookToEvents(
  payload: VonageWebhookPayload,
  context: { provider: string; now: number; tokenId?: string | undefined; currency: string },
): InboundEvent[] {
  const { provider, now } = context;
  const time = timeOf(payload, now);

  // SMS API: inbound message or delivery receipt.
  const smsId = text(payload.messageId) ?? text(payload['message-id']);
  if (smsId) {
    const receiptStatus = text(payload.status);
    const incoming = receiptStatus === undefined && 'text' in payload;
    return [
      {
        type: 'sms',
        event: incoming ? 'incoming' : 'status',
        provider,
        id: context.tokenId ?? `${smsId}:${receiptStatus ?? 'received'}`,
        time,
        raw: payload,
        sms: {
          id: smsId,
          status: incoming ? 'received' : mapSmsStatus(receiptStatus),
          providerStatus: receiptStatus,
          // Inbound: msisdn is the sender; a receipt's msisdn is the number we sent to.
          from: incoming ? toE164(text(payload.msisdn)) : toE164(text(payload.to)),
          to: incoming ? toE164(text(payload.to)) : toE164(text(payload.msisdn)),
          segments: toInteger(payload['concat-total']),
          price: vonagePriceToMoney(text(payload.price), context.currency),
          text: text(payload.text),
        },
      },
    ];
  }

  // Messages API (SMS channel): inbound message or status.
  const messageUuid = text(payload.message_uuid);
  if (messageUuid) {
    const status = text(payload.status);
    const incoming = status === undefined;
    return [
      {
        type: 'sms',
        event: incoming ? 'incoming' : 'status',
        provider,
        id: context.tokenId ?? `${messageUuid}:${status ?? 'received'}`,
        time,
        raw: payload,
        sms: {
          id: messageUuid,
          status: incoming ? 'received' : mapSmsStatus(status),
          providerStatus: status,
          from: party(payload.from),
          to: party(payload.to),
          text: text(payload.text),
        },
      },
    ];
  }

  // Voice API: answer webhook (no status) or call event.
  const callId = text(payload.uuid);
  if (callId) {
    const status = text(payload.status);
    const incoming = status === undefined;
    return [
      {
        type: 'call',
        event: incoming ? 'incoming' : 'status',
        provider,
        id: context.tokenId ?? `${callId}:${status ?? 'answer'}`,
        time,
        raw: payload,
        call: {
          id: callId,
          status: incoming ? 'ringing' : mapCallStatus(status),
          providerStatus: status,
          from: party(payload.from),
          to: party(payload.to),
          direction: incoming
            ? 'inbound'
            : text(payload.direction) === 'inbound'
              ? 'inbound'
              : text(payload.direction) === 'outbound'
                ? 'outbound'
                : undefined,
          durationSeconds: toInteger(payload.duration),
          price: vonagePriceToMoney(text(payload.price), context.currency),
        },
      },
    ];
  }

  return [
    {
      type: 'other',
      name: text(payload.type) ?? text(payload.status) ?? 'unknown',
      provider,
      id: context.tokenId ?? `vonage:${now}`,
      time,
      raw: payload,
    },
  ];
}
