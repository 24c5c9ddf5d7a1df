import type { InboundEvent } from '@infrafabric/core';
import { mapCallStatus, mapDirection, mapSmsStatus } from './mappers';

/** A webhook's parameters: Twilio sends flat form fields (a name may repeat). */
export type TwilioWebhookParams = Readonly<Record<string, string | readonly string[]>>;

function first(params: TwilioWebhookParams, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' ? value : value?.[0];
}

function toInteger(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

function timeOf(params: TwilioWebhookParams, now: number): string {
  const stamp = first(params, 'Timestamp');
  const parsed = stamp ? Date.parse(stamp) : Number.NaN;
  return new Date(Number.isNaN(parsed) ? now : parsed).toISOString();
}

/**
 * Normalizes one verified Twilio webhook (incoming call, call status callback, incoming SMS/MMS
 * or message status callback) into core events. `idempotencyToken` is Twilio's
 * `I-Twilio-Idempotency-Token` header, the same on every retry of one delivery, used as the event
 * id so that retries can be deduplicated.
 */
export function twilioWebhookToEvents(
  params: TwilioWebhookParams,
  context: { provider: string; idempotencyToken?: string | undefined; now: number },
): InboundEvent[] {
  const { provider, now } = context;
  const time = timeOf(params, now);
  const messageSid = first(params, 'MessageSid') ?? first(params, 'SmsSid');
  if (messageSid) {
    const providerStatus = first(params, 'MessageStatus') ?? first(params, 'SmsStatus');
    const incoming = providerStatus === 'received' || (providerStatus === undefined && 'Body' in params);
    return [
      {
        type: 'sms',
        event: incoming ? 'incoming' : 'status',
        provider,
        id: context.idempotencyToken ?? `${messageSid}:${providerStatus ?? 'received'}`,
        time,
        raw: params,
        sms: {
          id: messageSid,
          status: incoming ? 'received' : mapSmsStatus(providerStatus),
          providerStatus,
          from: first(params, 'From'),
          to: first(params, 'To'),
          segments: toInteger(first(params, 'NumSegments')),
          text: first(params, 'Body'),
        },
      },
    ];
  }
  const callSid = first(params, 'CallSid');
  if (callSid) {
    const providerStatus = first(params, 'CallStatus');
    // Status callbacks carry CallbackSource/Timestamp/SequenceNumber; the voice URL request does not.
    const isStatus =
      'CallbackSource' in params ||
      'SequenceNumber' in params ||
      'Timestamp' in params ||
      'CallDuration' in params;
    const direction = mapDirection(first(params, 'Direction'));
    return [
      {
        type: 'call',
        event: !isStatus && direction === 'inbound' ? 'incoming' : 'status',
        provider,
        id:
          context.idempotencyToken ??
          `${callSid}:${providerStatus ?? 'unknown'}${first(params, 'SequenceNumber') ? `:${first(params, 'SequenceNumber')}` : ''}`,
        time,
        raw: params,
        call: {
          id: callSid,
          status: mapCallStatus(providerStatus),
          providerStatus,
          from: first(params, 'From'),
          to: first(params, 'To'),
          direction,
          durationSeconds: toInteger(first(params, 'CallDuration')),
        },
      },
    ];
  }
  return [
    {
      type: 'other',
      name: first(params, 'EventType') ?? 'unknown',
      provider,
      id: context.idempotencyToken ?? `twilio:${now}`,
      time,
      raw: params,
    },
  ];
}
