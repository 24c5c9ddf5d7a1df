import type {
  AvailableNumber,
  Call,
  CallStatus,
  OwnedNumber,
  SipTrunk,
  SmsMessage,
  SmsStatus,
} from '@infrafabric/core';
import { twilioPriceToMoney } from './money';

/** The fields of the SDK's CallInstance that we read (lenient: all optional). */
export interface TwilioCallLike {
  sid?: string;
  status?: string;
  from?: string;
  to?: string;
  direction?: string;
  startTime?: Date | string | null;
  duration?: string | number | null;
  price?: string | number | null;
  priceUnit?: string | null;
}

/** The fields of the SDK's MessageInstance that we read. */
export interface TwilioMessageLike {
  sid?: string;
  status?: string;
  from?: string | null;
  to?: string;
  numSegments?: string | number | null;
  price?: string | number | null;
  priceUnit?: string | null;
}

/** Twilio's capabilities object: `{ voice, SMS, MMS }` on available numbers, lower case on owned ones. */
export type TwilioCapabilitiesLike = Record<string, unknown> | null | undefined;

/** The fields of an AvailablePhoneNumber instance that we read. */
export interface TwilioAvailableNumberLike {
  phoneNumber?: string;
  isoCountry?: string;
  capabilities?: TwilioCapabilitiesLike;
}

/** The fields of an IncomingPhoneNumber instance that we read. */
export interface TwilioIncomingNumberLike {
  sid?: string;
  phoneNumber?: string;
  capabilities?: TwilioCapabilitiesLike;
}

/** The fields of a Trunk instance that we read. */
export interface TwilioTrunkLike {
  sid?: string;
  friendlyName?: string | null;
  domainName?: string | null;
}

const CALL_STATUSES: Readonly<Record<string, CallStatus>> = {
  queued: 'queued',
  initiated: 'queued',
  ringing: 'ringing',
  'in-progress': 'in-progress',
  answered: 'in-progress',
  completed: 'completed',
  busy: 'busy',
  failed: 'failed',
  'no-answer': 'no-answer',
  canceled: 'canceled',
};

const SMS_STATUSES: Readonly<Record<string, SmsStatus>> = {
  accepted: 'queued',
  scheduled: 'queued',
  queued: 'queued',
  sending: 'sending',
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  partially_delivered: 'undelivered',
  undelivered: 'undelivered',
  failed: 'failed',
  canceled: 'failed',
  receiving: 'received',
  received: 'received',
};

/** Twilio call status (resource or status callback) → core CallStatus. */
export function mapCallStatus(status: string | null | undefined): CallStatus {
  return (status && CALL_STATUSES[status]) || 'unknown';
}

/** Twilio message status → core SmsStatus. */
export function mapSmsStatus(status: string | null | undefined): SmsStatus {
  return (status && SMS_STATUSES[status]) || 'unknown';
}

/** Twilio direction (`inbound`, `outbound-api`, `outbound-dial`...) → inbound/outbound. */
export function mapDirection(direction: string | null | undefined): 'inbound' | 'outbound' | undefined {
  if (!direction) return undefined;
  return direction.startsWith('inbound')
    ? 'inbound'
    : direction.startsWith('outbound')
      ? 'outbound'
      : undefined;
}

function toInteger(value: string | number | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

function toIso(value: Date | string | null | undefined): string | undefined {
  if (!value) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** SDK CallInstance → core Call. */
export function toCall(call: TwilioCallLike): Call {
  return {
    id: call.sid ?? '',
    status: mapCallStatus(call.status),
    providerStatus: call.status,
    from: call.from,
    to: call.to,
    direction: mapDirection(call.direction),
    startedAt: toIso(call.startTime),
    durationSeconds: toInteger(call.duration),
    price: twilioPriceToMoney(call.price, call.priceUnit),
  };
}

/** SDK MessageInstance → core SmsMessage. */
export function toSmsMessage(message: TwilioMessageLike): SmsMessage {
  return {
    id: message.sid ?? '',
    status: mapSmsStatus(message.status),
    providerStatus: message.status,
    from: message.from ?? undefined,
    to: message.to,
    segments: toInteger(message.numSegments),
    price: twilioPriceToMoney(message.price, message.priceUnit),
  };
}

/** Twilio capabilities object → core capability list (keys compared case-insensitively). */
export function toCapabilities(capabilities: TwilioCapabilitiesLike): Array<'voice' | 'sms' | 'mms'> {
  const out: Array<'voice' | 'sms' | 'mms'> = [];
  const flags = new Map(Object.entries(capabilities ?? {}).map(([k, v]) => [k.toLowerCase(), v === true]));
  for (const key of ['voice', 'sms', 'mms'] as const) if (flags.get(key)) out.push(key);
  return out;
}

/** AvailablePhoneNumber instance → core AvailableNumber. */
export function toAvailableNumber(number: TwilioAvailableNumberLike, type: string): AvailableNumber {
  return {
    number: number.phoneNumber ?? '',
    country: number.isoCountry,
    type,
    capabilities: toCapabilities(number.capabilities),
  };
}

/** IncomingPhoneNumber instance → core OwnedNumber. */
export function toOwnedNumber(number: TwilioIncomingNumberLike): OwnedNumber {
  return {
    id: number.sid ?? '',
    number: number.phoneNumber ?? '',
    capabilities: toCapabilities(number.capabilities),
  };
}

/** Trunk instance → core SipTrunk. */
export function toSipTrunk(trunk: TwilioTrunkLike): SipTrunk {
  return {
    id: trunk.sid ?? '',
    name: trunk.friendlyName ?? undefined,
    domain: trunk.domainName ?? undefined,
  };
}
