import type { ChatMessage } from '../schemas/chat';
import type { Payment, Refund, Subscription } from '../schemas/payment';
import type { Call, SmsMessage } from '../schemas/sip';

interface InboundBase {
  /** Adapter name on the bus (the provider name unless the adapter was created with a `name`). */
  provider: string;
  /** Provider's event id, used to deduplicate the provider's retries. */
  id: string;
  /** ISO 8601 time the provider says the event happened (or when it was received). */
  time: string;
  /** The provider's payload for this event, unmodified. */
  raw?: unknown;
}

/** A chat message arrived. */
export interface InboundMessageEvent extends InboundBase {
  type: 'message';
  message: ChatMessage;
}

/** A button click, slash command or other interaction. */
export interface InboundInteractionEvent extends InboundBase {
  type: 'interaction';
  /** Platform's interaction kind, e.g. `block_actions`, `APPLICATION_COMMAND`. */
  name: string;
  chatId?: string | undefined;
  userId?: string | undefined;
  /** Action id / command name / callback data. */
  value?: string | undefined;
}

/** An incoming call or a call status change. */
export interface InboundCallEvent extends InboundBase {
  type: 'call';
  event: 'incoming' | 'status';
  call: Call;
}

/** An incoming SMS, or a delivery receipt for one we sent. */
export interface InboundSmsEvent extends InboundBase {
  type: 'sms';
  event: 'incoming' | 'status';
  sms: SmsMessage & { text?: string | undefined };
}

/** A payment-side event (succeeded, failed, refunded, dispute, subscription change). */
export interface InboundPaymentEvent extends InboundBase {
  type: 'payment';
  /** The provider's event type, e.g. `payment_intent.succeeded`. */
  name: string;
  payment?: Payment | undefined;
  refund?: Refund | undefined;
  subscription?: Subscription | undefined;
}

/** Anything else the provider sends (reactions, membership changes...), passed through by name. */
export interface InboundOtherEvent extends InboundBase {
  type: 'other';
  name: string;
}

/** Normalized inbound event from any provider. */
export type InboundEvent =
  | InboundMessageEvent
  | InboundInteractionEvent
  | InboundCallEvent
  | InboundSmsEvent
  | InboundPaymentEvent
  | InboundOtherEvent;

/** Options for verifying one webhook request. */
export interface ParseWebhookOptions {
  /** Clock for replay windows, epoch ms. Defaults to `Date.now()`. */
  now?: number | undefined;
  /**
   * The public URL the provider called, when it differs from `request.url` behind a proxy
   * (Twilio signs the full public URL).
   */
  publicUrl?: string | undefined;
}

/** What an adapter made of a verified webhook request. */
export interface WebhookResult {
  /** Normalized events (possibly none, e.g. for a handshake). */
  events: InboundEvent[];
  /**
   * The response the provider expects, when it is more than `200 OK` (Slack's URL-verification
   * challenge, WhatsApp's `hub.challenge`, Discord's PONG).
   */
  response?: Response | undefined;
}

/** Every adapter that receives webhooks implements this; verification is not optional. */
export interface WebhookReceiver {
  /**
   * Verifies the request's signature (rejecting forged, stale and malformed requests with a
   * `WebhookVerificationError`) and normalizes its events. Reads the body once.
   */
  parseWebhook(request: Request, options?: ParseWebhookOptions): Promise<WebhookResult>;
}
