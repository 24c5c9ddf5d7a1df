import type {
  AvailableNumber,
  Call,
  CallStatus,
  OwnedNumber,
  SmsMessage,
  SmsStatus,
} from '@infrafabric/core';
import { sumDecimalPrices, vonagePriceToMoney } from './money';

const CALL_STATUSES: Readonly<Record<string, CallStatus>> = {
  started: 'queued',
  ringing: 'ringing',
  answered: 'in-progress',
  machine: 'in-progress',
  human: 'in-progress',
  completed: 'completed',
  busy: 'busy',
  cancelled: 'canceled',
  failed: 'failed',
  rejected: 'failed',
  timeout: 'no-answer',
  unanswered: 'no-answer',
};

const SMS_STATUSES: Readonly<Record<string, SmsStatus>> = {
  // SMS API delivery receipts
  accepted: 'sent',
  buffered: 'sending',
  delivered: 'delivered',
  expired: 'undelivered',
  failed: 'failed',
  rejected: 'failed',
  unknown: 'unknown',
  // Messages API status webhooks
  submitted: 'sent',
  undeliverable: 'undelivered',
  read: 'delivered',
};

/** Vonage call status (REST resource or event webhook) → core CallStatus. */
export function mapCallStatus(status: string | null | undefined): CallStatus {
  return (status && CALL_STATUSES[status]) || 'unknown';
}

/** Vonage delivery-receipt / Messages API status → core SmsStatus. */
export function mapSmsStatus(status: string | null | undefined): SmsStatus {
  return (status && SMS_STATUSES[status]) || 'unknown';
}

/** Vonage writes numbers without the `+` (`447700900000`); core uses E.164. */
export function toE164(msisdn: string | number | null | undefined): string | undefined {
  if (msisdn === null || msisdn === undefined || msisdn === '') return undefined;
  const text = String(msisdn);
  return /^\d+$/.test(text) ? `+${text}` : text;
}

/** E.164 → Vonage's digits-only msisdn. */
export function toMsisdn(e164: string): string {
  return e164.replace(/^\+/, '');
}

/** A Vonage endpoint (`{ type: 'phone', number }` / `{ type: 'sip', uri }`) → a core call party. */
function endpointAddress(endpoint: unknown): string | undefined {
  if (!endpoint || typeof endpoint !== 'object')
    return typeof endpoint === 'string' ? toE164(endpoint) : undefined;
  const e = endpoint as { number?: string; uri?: string; user?: string };
  return e.uri ?? toE164(e.number) ?? e.user;
}

/** The fields of an SDK call object (camelCased by the SDK) that we read. */
export interface VonageCallLike {
  uuid?: string;
  status?: string;
  direction?: string;
  from?: unknown;
  to?: unknown;
  startTime?: string | null;
  duration?: string | number | null;
  price?: string | number | null;
}

function toInteger(value: string | number | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

function toIso(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  // Vonage writes "2020-01-01 12:00:00" (UTC) on the REST resource and ISO 8601 on webhooks.
  const date = new Date(/^\d{4}-\d{2}-\d{2} \d/.test(value) ? `${value.replace(' ', 'T')}Z` : value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** SDK call object → core Call. */
export function toCall(call: VonageCallLike, currency: string): Call {
  return {
    id: call.uuid ?? '',
    status: mapCallStatus(call.status),
    providerStatus: call.status,
    from: endpointAddress(call.from),
    to: endpointAddress(Array.isArray(call.to) ? call.to[0] : call.to),
    direction:
      call.direction === 'inbound' ? 'inbound' : call.direction === 'outbound' ? 'outbound' : undefined,
    startedAt: toIso(call.startTime),
    durationSeconds: toInteger(call.duration),
    price: vonagePriceToMoney(call.price, currency),
  };
}

/** The fields of the SDK's SMS send result (camelCased) that we read. */
export interface VonageSmsResultLike {
  messageCount?: string | number;
  messages?: Array<{ to?: string; messageId?: string; status?: string; messagePrice?: string }>;
}

/** SMS API send result (one entry per part of a long message) → core SmsMessage. */
export function toSmsMessage(
  result: VonageSmsResultLike,
  input: { from: string },
  currency: string,
): SmsMessage {
  const parts = result.messages ?? [];
  const total = sumDecimalPrices(parts.map((p) => p.messagePrice));
  return {
    id: parts[0]?.messageId ?? '',
    status: 'sent',
    providerStatus: parts[0]?.status,
    from: input.from,
    to: toE164(parts[0]?.to),
    segments: toInteger(result.messageCount) ?? parts.length,
    price: vonagePriceToMoney(total, currency),
  };
}

/** One number of a `/number/search` response. */
export interface VonageAvailableNumberLike {
  country?: string;
  msisdn?: string;
  type?: string;
  cost?: string;
  features?: string[];
}

/** Vonage features (`VOICE`, `SMS`, `MMS`) → core capabilities. */
export function toCapabilities(features: readonly string[] | undefined): Array<'voice' | 'sms' | 'mms'> {
  const set = new Set((features ?? []).map((f) => f.toLowerCase()));
  return (['voice', 'sms', 'mms'] as const).filter((f) => set.has(f));
}

/**
 * `/number/search` entry → core AvailableNumber. `type` is the core type that was searched
 * (`local`, not Vonage's `landline`), as for every provider; `cost` is the monthly price in the
 * account currency.
 */
export function toAvailableNumber(
  number: VonageAvailableNumberLike,
  type: string,
  currency: string,
): AvailableNumber {
  return {
    number: toE164(number.msisdn) ?? '',
    country: number.country,
    type,
    capabilities: toCapabilities(number.features),
    monthlyPrice: vonagePriceToMoney(number.cost, currency),
  };
}

/** A bought number: Vonage has no number id, so the E.164 number is the id. */
export function toOwnedNumber(e164: string): OwnedNumber {
  return { id: e164, number: e164 };
}
