import type { ChatMessage, InboundEvent, SentMessage } from '@infrafabric/core';
import { ProviderError, unixSecondsToIso } from '@infrafabric/core';

/** Response of `POST /{phone-number-id}/messages`. */
export interface WhatsAppSendResponse {
  messaging_product?: string;
  contacts?: Array<{ input?: string; wa_id?: string }>;
  messages?: Array<{ id: string; message_status?: string }>;
}

type MediaKind = 'image' | 'video' | 'audio' | 'document' | 'sticker' | 'voice';
interface InboundMedia {
  id: string;
  mime_type?: string;
  caption?: string;
  filename?: string;
}

/** One inbound message of a webhook `value.messages[]` (lenient). */
export interface WhatsAppInboundMessage {
  from: string;
  id: string;
  timestamp?: string;
  type: string;
  text?: { body: string };
  context?: { from?: string; id?: string };
  button?: { text?: string; payload?: string };
  interactive?: {
    type?: string;
    button_reply?: { id: string; title?: string };
    list_reply?: { id: string; title?: string };
  };
  [media: string]: unknown;
}

/** One delivery status of a webhook `value.statuses[]`. */
export interface WhatsAppStatus {
  id: string;
  status: string;
  timestamp?: string;
  recipient_id?: string;
  errors?: Array<{ code?: number; title?: string; message?: string }>;
}

/** The `value` of one webhook change with `field: 'messages'`. */
export interface WhatsAppChangeValue {
  messaging_product?: string;
  metadata?: { display_phone_number?: string; phone_number_id?: string };
  contacts?: Array<{ wa_id?: string; profile?: { name?: string } }>;
  messages?: WhatsAppInboundMessage[];
  statuses?: WhatsAppStatus[];
}

const iso = (unixSeconds: string | undefined): string => unixSecondsToIso(unixSeconds);

/** Send response → core `SentMessage` (the chat is the recipient's WhatsApp id). */
export function toSentMessage(
  response: WhatsAppSendResponse,
  to: string,
  operation = 'sendMessage',
): SentMessage {
  const id = response.messages?.[0]?.id;
  if (!id)
    // A 200 without an id: the message may well have been sent, so it must not be sent again.
    throw new ProviderError(
      `whatsapp.${operation}: WhatsApp answered without a message id; the message may have been sent. Check the chat before sending again.`,
      {
        provider: 'whatsapp',
        operation,
        retryable: false,
        outcomeUnknown: true,
      },
    );
  return { id, chatId: response.contacts?.[0]?.wa_id ?? to.replace(/^\+/, '') };
}

const MEDIA_TYPES: Record<MediaKind, 'image' | 'video' | 'audio' | 'file'> = {
  image: 'image',
  sticker: 'image',
  video: 'video',
  audio: 'audio',
  voice: 'audio',
  document: 'file',
};

/** Inbound message → core `ChatMessage`; media arrive as ids (download with GET /{media-id}). */
export function toChatMessage(message: WhatsAppInboundMessage, senderName: string | undefined): ChatMessage {
  const kind = message.type as MediaKind;
  const media = kind in MEDIA_TYPES ? (message[kind] as InboundMedia | undefined) : undefined;
  return {
    id: message.id,
    chatId: message.from,
    sender: { id: message.from, name: senderName, isBot: false },
    text: message.text?.body ?? media?.caption ?? message.button?.text,
    timestamp: iso(message.timestamp),
    attachments: media
      ? [{ type: MEDIA_TYPES[kind], id: media.id, ...(media.mime_type ? { mimeType: media.mime_type } : {}) }]
      : undefined,
    replyTo: message.context?.id,
  };
}

/**
 * One webhook change value → core events: text/media/button messages become `message`,
 * interactive replies `interaction`, reactions and other types `other`, and each delivery status
 * `other` named `status.<sent|delivered|read|failed>` (failed ones carry Meta's error codes in
 * `raw`, e.g. 131047 when the 24-hour window had closed).
 */
export function toInboundEvents(value: WhatsAppChangeValue): InboundEvent[] {
  const names = new Map((value.contacts ?? []).map((c) => [c.wa_id, c.profile?.name]));
  const events: InboundEvent[] = [];
  for (const message of value.messages ?? []) {
    const base = { provider: 'whatsapp', id: message.id, time: iso(message.timestamp), raw: message };
    const reply = message.interactive?.button_reply ?? message.interactive?.list_reply;
    if (message.type === 'interactive' && reply) {
      events.push({
        ...base,
        type: 'interaction',
        name: message.interactive?.type ?? 'interactive',
        chatId: message.from,
        userId: message.from,
        value: reply.id,
      });
    } else if (message.type === 'text' || message.type === 'button' || message.type in MEDIA_TYPES) {
      events.push({ ...base, type: 'message', message: toChatMessage(message, names.get(message.from)) });
    } else {
      events.push({ ...base, type: 'other', name: message.type });
    }
  }
  for (const status of value.statuses ?? []) {
    events.push({
      provider: 'whatsapp',
      // One message goes through several statuses; each is its own event.
      id: `${status.id}:${status.status}`,
      time: iso(status.timestamp),
      type: 'other',
      name: `status.${status.status}`,
      raw: status,
    });
  }
  return events;
}
