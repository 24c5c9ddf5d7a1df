import {
  type CallOptions,
  type ChatAdapter,
  parseInput,
  registerSecrets,
  SPECIFICATION_VERSION,
  type SendMediaInput,
  type SendMessageInput,
  type SentMessage,
  sendMediaInputSchema,
  sendMessageInputSchema,
  ValidationError,
  type WebhookResult,
  z,
  guardWebhookParsing,
} from '@infrafabric/core';
import { whatsappCapabilities } from './catalog';
import { createGraphClient } from './client';
import { whatsappCostModel } from './cost';
import { markdownToWhatsApp } from './format';
import { toSentMessage, type WhatsAppSendResponse } from './mappers';
import {
  type ResolvedWhatsAppOptions,
  type WhatsAppCredentials,
  type WhatsAppOptions,
  type WhatsAppTemplate,
  whatsappCredentialsSchema,
  whatsappOptionsSchema,
  whatsappProviderOptionsSchema,
  whatsappTemplateSchema,
} from './options';
import { parseWhatsAppWebhook } from './webhook';

const PROVIDER = 'whatsapp';
/** Cloud API limit on text message bodies. */
export const WHATSAPP_MAX_TEXT = whatsappCapabilities.maxTextLength; // one source: the catalog
/** Cloud API limit on media captions. */
export const WHATSAPP_MAX_CAPTION = 1024;

/** Input of `WhatsAppAdapter.sendTemplate`. */
export interface SendTemplateInput {
  to: { chatId: string };
  template: WhatsAppTemplate;
  replyTo?: string | undefined;
}

/** Input of `WhatsAppAdapter.markAsRead`. */
export interface MarkAsReadInput {
  /** The inbound message id (`wamid...`) to mark as read. */
  messageId: string;
  /** Also show "typing…" to the user (up to 25 s or until you reply). */
  typing?: boolean | undefined;
}

/** Phone-number details returned by `check()`. */
export interface WhatsAppPhoneNumber {
  id: string;
  display_phone_number?: string;
  verified_name?: string;
}

/** The WhatsApp chat adapter: `ChatAdapter` plus template messages and read receipts. */
export type WhatsAppAdapter = ChatAdapter &
  Required<Pick<ChatAdapter, 'sendMedia' | 'parseWebhook'>> & {
    /** Sends an approved template (the only kind allowed outside the 24-hour customer-service window). */
    sendTemplate(input: SendTemplateInput, options?: CallOptions): Promise<SentMessage>;
    /** Marks an inbound message (and all earlier ones) as read: blue ticks for the user. */
    markAsRead(input: MarkAsReadInput, options?: CallOptions): Promise<void>;
  };

const sendTemplateInputSchema = z.object({
  to: z.object({ chatId: z.string().trim().min(1, { message: 'must not be empty' }) }),
  template: whatsappTemplateSchema,
  replyTo: z.string().min(1).optional(),
});
const markAsReadInputSchema = z.object({
  messageId: z.string().trim().min(1),
  typing: z.boolean().optional(),
});

const MEDIA_FIELD = { image: 'image', video: 'video', audio: 'audio', file: 'document' } as const;

function invalid(operation: string, field: string, rule: string, message: string): ValidationError {
  return new ValidationError(`${PROVIDER}.${operation}: invalid "${field}": ${message} (rule: ${rule}).`, {
    provider: PROVIDER,
    operation,
    field,
    rule,
  });
}

/** WhatsApp recipients are phone numbers in international format (with or without `+`), or a WhatsApp id. */
function recipientOf(to: { chatId: string; threadId?: string | undefined }, operation: string): string {
  if (to.threadId !== undefined)
    throw invalid(
      operation,
      'to.threadId',
      'not_supported',
      'WhatsApp has no threads; reply with replyTo instead',
    );
  const digits = to.chatId.replace(/[\s()-]/g, '');
  if (!/^\+?[1-9]\d{6,14}$/.test(digits))
    throw invalid(
      operation,
      'to.chatId',
      'e164',
      'must be a phone number in international format, e.g. +15551234567',
    );
  return digits.replace(/^\+/, '');
}

/**
 * Creates a WhatsApp Business Cloud API adapter (Graph API over ky, loaded on first use).
 *
 * @example
 * ```ts
 * const whatsapp = createWhatsApp({ accessToken: process.env.WHATSAPP_ACCESS_TOKEN!, phoneNumberId: '1234567890' });
 * await whatsapp.sendMessage({ to: { chatId: '+15551234567' }, text: '**Order shipped**', format: 'markdown' });
 * ```
 */
export function createWhatsApp(
  credentials: WhatsAppCredentials,
  options: WhatsAppOptions = {},
): WhatsAppAdapter {
  const creds = parseInput(whatsappCredentialsSchema, credentials, {
    provider: PROVIDER,
    operation: 'createWhatsApp',
    path: 'credentials',
  });
  const opts: ResolvedWhatsAppOptions = parseInput(whatsappOptionsSchema, options, {
    provider: PROVIDER,
    operation: 'createWhatsApp',
    path: 'options',
  });
  registerSecrets([creds.accessToken, creds.appSecret, creds.verifyToken]);
  const graph = createGraphClient({
    baseUrl: opts.baseUrl,
    apiVersion: opts.apiVersion,
    accessToken: creds.accessToken,
    fetch: opts.fetch,
  });
  const messagesPath = `${creds.phoneNumberId}/messages`;

  async function send(
    operation: string,
    to: string,
    message: Record<string, unknown>,
    replyTo: string | undefined,
    signal?: AbortSignal,
  ) {
    const response = await graph<WhatsAppSendResponse>(operation, {
      method: 'POST',
      path: messagesPath,
      json: {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to,
        ...(replyTo === undefined ? {} : { context: { message_id: replyTo } }),
        ...message,
      },
      signal,
    });
    return toSentMessage(response, to, operation);
  }

  async function sendTemplate(input: SendTemplateInput, callOptions?: CallOptions): Promise<SentMessage> {
    const parsed = parseInput(sendTemplateInputSchema, input, {
      provider: PROVIDER,
      operation: 'sendTemplate',
    });
    const to = recipientOf(parsed.to, 'sendTemplate');
    const { name, language, components } = parsed.template;
    return send(
      'sendTemplate',
      to,
      {
        type: 'template',
        template: {
          name,
          // `deterministic` is the only language policy Meta accepts; the spec lists it as required.
          language:
            typeof language === 'string'
              ? { policy: 'deterministic', code: language }
              : { policy: 'deterministic', ...language },
          ...(components ? { components } : {}),
        },
      },
      parsed.replyTo,
      callOptions?.signal,
    );
  }

  async function sendMedia(input: SendMediaInput, callOptions?: CallOptions): Promise<SentMessage> {
    const parsed = parseInput(sendMediaInputSchema, input, { provider: PROVIDER, operation: 'sendMedia' });
    const to = recipientOf(parsed.to, 'sendMedia');
    const caption = parsed.caption ?? parsed.media.caption;
    const field = MEDIA_FIELD[parsed.media.type];
    if (caption !== undefined && field === 'audio')
      throw invalid('sendMedia', 'caption', 'not_supported', 'WhatsApp audio messages have no caption');
    if (caption !== undefined && caption.length > WHATSAPP_MAX_CAPTION)
      throw invalid(
        'sendMedia',
        'caption',
        'max_length',
        `WhatsApp captions hold at most ${WHATSAPP_MAX_CAPTION} characters (got ${caption.length})`,
      );
    if (parsed.media.data && !parsed.media.mimeType)
      throw invalid(
        'sendMedia',
        'media.mimeType',
        'required',
        'uploads need the MIME type (Meta checks it against its supported types)',
      );
    let reference: { id: string } | { link: string };
    if (parsed.media.data) {
      // Bytes go up first (POST /media) and the message refers to the returned media id.
      const form = new FormData();
      form.set('messaging_product', 'whatsapp');
      form.set('type', parsed.media.mimeType!);
      form.set(
        'file',
        new Blob([parsed.media.data], { type: parsed.media.mimeType! }),
        parsed.media.filename ?? 'upload',
      );
      const uploaded = await graph<{ id: string }>('sendMedia', {
        method: 'POST',
        path: `${creds.phoneNumberId}/media`,
        body: form,
        signal: callOptions?.signal,
      });
      reference = { id: uploaded.id };
    } else reference = { link: parsed.media.url! };
    const object = {
      ...reference,
      ...(caption === undefined
        ? {}
        : { caption: parsed.format === 'markdown' ? markdownToWhatsApp(caption) : caption }),
      ...(field === 'document' && parsed.media.filename ? { filename: parsed.media.filename } : {}),
    };
    return send('sendMedia', to, { type: field, [field]: object }, parsed.replyTo, callOptions?.signal);
  }

  const adapter: WhatsAppAdapter = {
    specificationVersion: SPECIFICATION_VERSION,
    inputIsReadOnly: true,
    kind: 'chat',
    provider: PROVIDER,
    name: opts.name,
    capabilities: whatsappCapabilities,
    costModel: whatsappCostModel(opts.templatePrice),

    async check(callOptions) {
      const phone = await graph<WhatsAppPhoneNumber>('check', {
        method: 'GET',
        path: creds.phoneNumberId,
        searchParams: { fields: 'display_phone_number,verified_name' },
        signal: callOptions?.signal,
      });
      return {
        id: phone.id ?? creds.phoneNumberId,
        name: phone.verified_name,
        details: { displayPhoneNumber: phone.display_phone_number, verifiedName: phone.verified_name },
      };
    },

    async sendMessage(input: SendMessageInput, callOptions?: CallOptions): Promise<SentMessage> {
      const parsed = parseInput(sendMessageInputSchema, input, {
        provider: PROVIDER,
        operation: 'sendMessage',
      });
      const extra = parseInput(whatsappProviderOptionsSchema, parsed.providerOptions?.[PROVIDER] ?? {}, {
        provider: PROVIDER,
        operation: 'sendMessage',
        path: 'providerOptions.whatsapp',
      });
      if (parsed.format === 'html')
        throw invalid(
          'sendMessage',
          'format',
          'not_supported',
          'WhatsApp has no HTML; use markdown or plain',
        );
      const to = recipientOf(parsed.to, 'sendMessage');
      if (extra.template) {
        return sendTemplate(
          { to: { chatId: to }, template: extra.template, replyTo: parsed.replyTo },
          callOptions,
        );
      }
      const body = parsed.format === 'markdown' ? markdownToWhatsApp(parsed.text) : parsed.text;
      if (body.length > WHATSAPP_MAX_TEXT)
        throw invalid(
          'sendMessage',
          'text',
          'max_length',
          `WhatsApp text messages hold at most ${WHATSAPP_MAX_TEXT} characters (got ${body.length})`,
        );
      const sent = await send(
        'sendMessage',
        to,
        { type: 'text', text: { body, preview_url: extra.previewUrl ?? false } },
        parsed.replyTo,
        callOptions?.signal,
      );
      // WhatsApp cannot attach files to a text message: each attachment follows as its own message.
      const more: string[] = [];
      for (const media of parsed.attachments ?? [])
        more.push((await sendMedia({ to: parsed.to, media }, callOptions)).id);
      return more.length > 0 ? { ...sent, additionalIds: more } : sent;
    },

    sendMedia,
    sendTemplate,

    async markAsRead(input: MarkAsReadInput, callOptions?: CallOptions): Promise<void> {
      const parsed = parseInput(markAsReadInputSchema, input, {
        provider: PROVIDER,
        operation: 'markAsRead',
      });
      await graph<{ success?: boolean }>('markAsRead', {
        method: 'POST',
        path: messagesPath,
        json: {
          messaging_product: 'whatsapp',
          status: 'read',
          message_id: parsed.messageId,
          ...(parsed.typing ? { typing_indicator: { type: 'text' } } : {}),
        },
        signal: callOptions?.signal,
      });
    },

    parseWebhook(request: Request): Promise<WebhookResult> {
      return guardWebhookParsing(PROVIDER, () =>
        parseWhatsAppWebhook(request, { appSecret: creds.appSecret, verifyToken: creds.verifyToken }),
      );
    },
  };
  return adapter;
}
