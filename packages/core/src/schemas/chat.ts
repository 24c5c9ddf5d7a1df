import { z } from 'zod';
import { httpUrlSchema, idSchema, providerOptionsSchema } from './common';

/** How message text is formatted. Adapters translate `markdown` into their platform's dialect. */
export const messageFormatSchema = z.enum(['plain', 'markdown', 'html']);
/** How message text is formatted. */
export type MessageFormat = z.infer<typeof messageFormatSchema>;

/** Where a chat message goes: a channel, group, DM or phone number, optionally a thread in it. */
export const chatTargetSchema = z.object({
  /** Platform id of the chat: Slack channel `C0123`, Telegram chat id or `@channel`, WhatsApp E.164 number... */
  chatId: idSchema,
  /** Thread to post in (Slack `thread_ts`, Telegram topic, Discord thread channel). */
  threadId: idSchema.optional(),
});
/** Where a chat message goes. */
export type ChatTarget = z.infer<typeof chatTargetSchema>;

/** Kind of an attachment. */
export const attachmentTypeSchema = z.enum(['image', 'video', 'audio', 'file']);

/** A media attachment, by public URL or by bytes (exactly one of the two). */
export const attachmentSchema = z
  .object({
    type: attachmentTypeSchema,
    url: httpUrlSchema.optional(),
    data: z.instanceof(Uint8Array).optional(),
    filename: z.string().min(1).optional(),
    mimeType: z
      .string()
      .regex(/^[\w.+-]+\/[\w.+-]+$/, { message: 'must be a MIME type such as image/png' })
      .optional(),
    caption: z.string().optional(),
  })
  .refine((a) => (a.url === undefined) !== (a.data === undefined), {
    message: 'give exactly one of url or data',
    params: { rule: 'url_xor_data' },
    path: ['url'],
  });
/** A media attachment. */
export type Attachment = z.infer<typeof attachmentSchema>;

/** Input of `sendMessage`. */
export const sendMessageInputSchema = z.object({
  to: chatTargetSchema,
  text: z.string().min(1, { message: 'must not be empty' }),
  format: messageFormatSchema.default('plain'),
  /** Platform message id to reply to. */
  replyTo: idSchema.optional(),
  /** Attachments sent with the text where the platform allows (else as follow-up messages). */
  attachments: z.array(attachmentSchema).optional(),
  /** Send without a notification where the platform supports it. */
  silent: z.boolean().optional(),
  providerOptions: providerOptionsSchema.optional(),
});
/** Input of `sendMessage`. */
export type SendMessageInput = z.input<typeof sendMessageInputSchema>;

/** Input of `sendMedia`. */
export const sendMediaInputSchema = z.object({
  to: chatTargetSchema,
  media: attachmentSchema,
  caption: z.string().optional(),
  format: messageFormatSchema.default('plain'),
  replyTo: idSchema.optional(),
  providerOptions: providerOptionsSchema.optional(),
});
/** Input of `sendMedia`. */
export type SendMediaInput = z.input<typeof sendMediaInputSchema>;

/** Input of `editMessage`. */
export const editMessageInputSchema = z.object({
  chatId: idSchema,
  messageId: idSchema,
  text: z.string().min(1, { message: 'must not be empty' }),
  format: messageFormatSchema.default('plain'),
  providerOptions: providerOptionsSchema.optional(),
});
/** Input of `editMessage`. */
export type EditMessageInput = z.input<typeof editMessageInputSchema>;

/** Input of `deleteMessage`. */
export const deleteMessageInputSchema = z.object({ chatId: idSchema, messageId: idSchema });
/** Input of `deleteMessage`. */
export type DeleteMessageInput = z.input<typeof deleteMessageInputSchema>;

/** Input of `getHistory`. */
export const getHistoryInputSchema = z.object({
  chatId: idSchema,
  threadId: idSchema.optional(),
  limit: z.number().int().min(1).max(1000).default(50),
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor: z.string().min(1).optional(),
});
/** Input of `getHistory`. */
export type GetHistoryInput = z.input<typeof getHistoryInputSchema>;

/** Input of `createGroup`. */
export const createGroupInputSchema = z.object({
  name: z.string().min(1).max(100),
  /** Make the channel/group private where the platform distinguishes. */
  private: z.boolean().default(false),
  /** User ids to add right away. */
  members: z.array(idSchema).optional(),
  /** Container id where the platform needs one (Discord guild id). */
  parentId: idSchema.optional(),
  topic: z.string().optional(),
});
/** Input of `createGroup`. */
export type CreateGroupInput = z.input<typeof createGroupInputSchema>;

/** Input of `addMember`. */
export const addMemberInputSchema = z.object({ chatId: idSchema, userId: idSchema });
/** Input of `addMember`. */
export type AddMemberInput = z.input<typeof addMemberInputSchema>;

/** Input of `getGroupInfo`. */
export const getGroupInfoInputSchema = z.object({ chatId: idSchema });
/** Input of `getGroupInfo`. */
export type GetGroupInfoInput = z.input<typeof getGroupInfoInputSchema>;

/** Input of `setWebhook`. */
export const setWebhookInputSchema = z.object({
  url: httpUrlSchema.refine((u) => u.startsWith('https://'), {
    message: 'must use https',
    params: { rule: 'https' },
  }),
  /** Shared secret the platform will send back, where it supports one (Telegram secret_token). */
  secret: z.string().min(1).optional(),
  /** Event types to subscribe to, in the platform's own names. */
  events: z.array(z.string()).optional(),
});
/** Input of `setWebhook`. */
export type SetWebhookInput = z.input<typeof setWebhookInputSchema>;

/** Result of sending a message. */
export interface SentMessage {
  /** Platform message id (Slack `ts`, Telegram `message_id`, WhatsApp `wamid...`). */
  id: string;
  chatId: string;
  threadId?: string | undefined;
  /** ISO 8601 time the platform accepted it, when known. */
  timestamp?: string | undefined;
  /** Extra message ids when the platform needed several messages (long text split, attachments). */
  additionalIds?: string[] | undefined;
}

/** Who sent a message. */
export interface ChatUser {
  id: string;
  name?: string | undefined;
  isBot?: boolean | undefined;
}

/** A message read from history or received inbound. */
export interface ChatMessage {
  id: string;
  chatId: string;
  threadId?: string | undefined;
  sender: ChatUser;
  text?: string | undefined;
  /** ISO 8601. */
  timestamp: string;
  attachments?:
    | Array<{ type: 'image' | 'video' | 'audio' | 'file'; url?: string; id?: string; mimeType?: string }>
    | undefined;
  replyTo?: string | undefined;
}

/** A channel or group. */
export interface GroupInfo {
  id: string;
  name?: string | undefined;
  private?: boolean | undefined;
  topic?: string | undefined;
  memberCount?: number | undefined;
}

/** Where the platform will deliver events. */
export interface WebhookInfo {
  url: string;
  active: boolean;
  pendingUpdateCount?: number | undefined;
}
