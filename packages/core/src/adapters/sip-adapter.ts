import type {
  AvailableNumber,
  Call,
  CallRef,
  CreateTrunkInput,
  NumberRef,
  OwnedNumber,
  PlaceCallInput,
  SearchNumbersInput,
  SendSmsInput,
  SipTrunk,
  SmsMessage,
  TrunkRef,
} from '../schemas/sip';
import type { Adapter, BaseCapabilities, CallOptions } from './adapter';
import type { ParseWebhookOptions, WebhookResult } from './inbound';

/** Optional voice/SMS operations, each mirrored in `capabilities.operations`. */
export const SIP_OPERATIONS = [
  'placeCall',
  'getCall',
  'hangUpCall',
  'sendSms',
  'searchNumbers',
  'buyNumber',
  'releaseNumber',
  'listTrunks',
  'createTrunk',
  'deleteTrunk',
  'parseWebhook',
] as const;
/** Optional voice/SMS operation name. */
export type SipOperation = (typeof SIP_OPERATIONS)[number];

/** What a voice/SMS carrier can do. */
export interface SipCapabilities extends BaseCapabilities<SipOperation> {
  /** Answer-instruction forms accepted by `placeCall`. */
  readonly answerForms: ReadonlyArray<'say' | 'play' | 'url' | 'instructions' | 'conference'>;
  readonly mms: boolean;
}

/**
 * Voice, SMS and numbers: Twilio, Vonage, Telnyx... Every operation is optional (an SMS-only
 * gateway has no calls); `capabilities.operations` says which exist.
 */
export interface SipAdapter extends Adapter<'sip', SipCapabilities> {
  placeCall?(input: PlaceCallInput, options?: CallOptions): Promise<Call>;
  getCall?(input: CallRef, options?: CallOptions): Promise<Call>;
  hangUpCall?(input: CallRef, options?: CallOptions): Promise<Call>;
  sendSms?(input: SendSmsInput, options?: CallOptions): Promise<SmsMessage>;
  searchNumbers?(input: SearchNumbersInput, options?: CallOptions): Promise<AvailableNumber[]>;
  buyNumber?(input: NumberRef, options?: CallOptions): Promise<OwnedNumber>;
  releaseNumber?(input: NumberRef, options?: CallOptions): Promise<void>;
  listTrunks?(input?: Record<string, never>, options?: CallOptions): Promise<SipTrunk[]>;
  createTrunk?(input: CreateTrunkInput, options?: CallOptions): Promise<SipTrunk>;
  deleteTrunk?(input: TrunkRef, options?: CallOptions): Promise<void>;
  /** Verifies and normalizes an inbound call/SMS/status webhook. */
  parseWebhook?(request: Request, options?: ParseWebhookOptions): Promise<WebhookResult>;
}
