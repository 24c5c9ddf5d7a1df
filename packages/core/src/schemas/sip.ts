import { z } from 'zod';
import { httpUrlSchema, idSchema, providerOptionsSchema } from './common';
import type { Money } from './money';
import { callPartySchema, phoneNumberSchema } from './phone';

/** Normalized call states. */
export const callStatusSchema = z.enum([
  'queued',
  'ringing',
  'in-progress',
  'completed',
  'busy',
  'failed',
  'no-answer',
  'canceled',
  'unknown',
]);
/** Normalized call state. */
export type CallStatus = z.infer<typeof callStatusSchema>;

/** Normalized SMS states. */
export const smsStatusSchema = z.enum([
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'received',
  'unknown',
]);
/** Normalized SMS state. */
export type SmsStatus = z.infer<typeof smsStatusSchema>;

/**
 * What happens when the callee answers. One portable form (`say`, optional `play`) or the
 * provider's own document (`url` that returns TwiML/NCCO, or inline `instructions`).
 */
export const answerInstructionsSchema = z.union([
  z.object({ say: z.string().min(1), voice: z.string().optional(), language: z.string().optional() }),
  z.object({ play: httpUrlSchema }),
  z.object({ url: httpUrlSchema }),
  z.object({ instructions: z.union([z.string().min(1), z.array(z.record(z.string(), z.unknown())).min(1)]) }),
  z.object({ conference: z.string().min(1) }),
]);
/** What happens when the callee answers. */
export type AnswerInstructions = z.infer<typeof answerInstructionsSchema>;

/** Input of `placeCall`. */
export const placeCallInputSchema = z.object({
  from: callPartySchema,
  to: callPartySchema,
  answer: answerInstructionsSchema,
  statusCallbackUrl: httpUrlSchema.optional(),
  /** Ring for at most this many seconds. */
  timeoutSeconds: z.number().int().min(1).max(600).optional(),
  record: z.boolean().optional(),
  providerOptions: providerOptionsSchema.optional(),
});
/** Input of `placeCall`. */
export type PlaceCallInput = z.input<typeof placeCallInputSchema>;

/** Input naming one call. */
export const callRefSchema = z.object({ id: idSchema });
/** Input naming one call. */
export type CallRef = z.input<typeof callRefSchema>;

/** Input of `sendSms`. */
export const sendSmsInputSchema = z.object({
  /** Sender: an E.164 number you own, or an alphanumeric sender id where the carrier allows. */
  from: z.union([
    phoneNumberSchema,
    z.string().regex(/^[A-Za-z0-9 ]{1,11}$/, {
      message: 'must be E.164 or an alphanumeric sender id of up to 11 characters',
    }),
  ]),
  to: phoneNumberSchema,
  text: z.string().min(1, { message: 'must not be empty' }).max(1600),
  /** MMS media URLs where supported. */
  mediaUrls: z.array(httpUrlSchema).max(10).optional(),
  statusCallbackUrl: httpUrlSchema.optional(),
  providerOptions: providerOptionsSchema.optional(),
});
/** Input of `sendSms`. */
export type SendSmsInput = z.input<typeof sendSmsInputSchema>;

/** Input of `searchNumbers`. */
export const searchNumbersInputSchema = z.object({
  /** ISO 3166-1 alpha-2 country, e.g. `GB`. */
  country: z.string().regex(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 code such as GB' }),
  type: z.enum(['local', 'mobile', 'tollfree']).default('local'),
  /** Digits the number should contain. */
  contains: z
    .string()
    .regex(/^[0-9*]+$/)
    .optional(),
  capabilities: z.array(z.enum(['voice', 'sms', 'mms'])).optional(),
  limit: z.number().int().min(1).max(100).default(20),
});
/** Input of `searchNumbers`. */
export type SearchNumbersInput = z.input<typeof searchNumbersInputSchema>;

/** Input of `buyNumber` and `releaseNumber`. */
export const numberRefSchema = z.object({
  number: phoneNumberSchema,
  /** Country, where the provider needs it to buy or cancel (Vonage). */
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
});
/** Input of `buyNumber` and `releaseNumber`. */
export type NumberRef = z.input<typeof numberRefSchema>;

/** Input of `createTrunk`. */
export const createTrunkInputSchema = z.object({
  name: z.string().min(1).max(64),
  /** SIP domain for the trunk where the provider lets you choose one. */
  domain: z.string().optional(),
  providerOptions: providerOptionsSchema.optional(),
});
/** Input of `createTrunk`. */
export type CreateTrunkInput = z.input<typeof createTrunkInputSchema>;

/** Input naming one trunk. */
export const trunkRefSchema = z.object({ id: idSchema });
/** Input naming one trunk. */
export type TrunkRef = z.input<typeof trunkRefSchema>;

/** A call. */
export interface Call {
  id: string;
  status: CallStatus;
  providerStatus?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  direction?: 'inbound' | 'outbound' | undefined;
  startedAt?: string | undefined;
  durationSeconds?: number | undefined;
  price?: Money | undefined;
}

/** An SMS. */
export interface SmsMessage {
  id: string;
  status: SmsStatus;
  providerStatus?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  segments?: number | undefined;
  price?: Money | undefined;
}

/** A number that can be bought. */
export interface AvailableNumber {
  number: string;
  country?: string | undefined;
  type?: string | undefined;
  capabilities: Array<'voice' | 'sms' | 'mms'>;
  monthlyPrice?: Money | undefined;
}

/** A number the account owns. */
export interface OwnedNumber {
  id: string;
  number: string;
  capabilities?: Array<'voice' | 'sms' | 'mms'> | undefined;
}

/** A SIP trunk. */
export interface SipTrunk {
  id: string;
  name?: string | undefined;
  domain?: string | undefined;
}
