import type { ChatMessage, GroupInfo, InboundEvent, SentMessage } from '@infrafabric/core';
import { unixSecondsToIso } from '@infrafabric/core';

/** The parts of a Telegram `User` we read. */
export interface TelegramUser {
  id: number;
  is_bot?: boolean;
  first_name?: string;
  username?: string;
}

/** The parts of a Telegram `Chat`/`ChatFullInfo` we read (lenient: Telegram adds fields often). */
export interface TelegramChat {
  id: number;
  type?: string;
  title?: string;
  username?: string;
  first_name?: string;
  description?: string;
  is_forum?: boolean;
}

interface TelegramFile {
  file_id: string;
  mime_type?: string;
}

/** The parts of a Telegram `Message` we read. */
export interface TelegramMessage {
  message_id: number;
  date?: number;
  chat: TelegramChat;
  from?: TelegramUser;
  sender_chat?: TelegramChat;
  message_thread_id?: number;
  is_topic_message?: boolean;
  text?: string;
  caption?: string;
  reply_to_message?: { message_id: number };
  photo?: TelegramFile[];
  video?: TelegramFile;
  audio?: TelegramFile;
  voice?: TelegramFile;
  document?: TelegramFile;
}

/** The parts of a Telegram `Update` we read. */
export interface TelegramUpdate {
  update_id: number;
  message?: TelegramMessage;
  channel_post?: TelegramMessage;
  callback_query?: {
    id: string;
    from: TelegramUser;
    data?: string;
    message?: TelegramMessage;
  };
  [other: string]: unknown;
}

const iso = (unixSeconds: number | undefined): string => unixSecondsToIso(unixSeconds);

/** Telegram `Message` → the id, chat and thread of what was sent. */
export function toSentMessage(message: TelegramMessage): SentMessage {
  return {
    id: String(message.message_id),
    chatId: String(message.chat.id),
    threadId:
      message.is_topic_message && message.message_thread_id !== undefined
        ? String(message.message_thread_id)
        : undefined,
    timestamp: message.date === undefined ? undefined : iso(message.date),
  };
}

function attachmentsOf(message: TelegramMessage): ChatMessage['attachments'] {
  const found: NonNullable<ChatMessage['attachments']> = [];
  const largestPhoto = message.photo?.at(-1);
  if (largestPhoto) found.push({ type: 'image', id: largestPhoto.file_id });
  const withMime = (type: 'video' | 'audio' | 'file', file: TelegramFile | undefined) => {
    if (file) found.push({ type, id: file.file_id, ...(file.mime_type ? { mimeType: file.mime_type } : {}) });
  };
  withMime('video', message.video);
  withMime('audio', message.audio ?? message.voice);
  withMime('file', message.document);
  return found.length > 0 ? found : undefined;
}

/** Telegram `Message` → core `ChatMessage`. Channel posts have no `from`; their sender is the channel. */
export function toChatMessage(message: TelegramMessage): ChatMessage {
  const sender = message.from
    ? {
        id: String(message.from.id),
        name: message.from.username ?? message.from.first_name,
        isBot: message.from.is_bot,
      }
    : {
        id: String(message.sender_chat?.id ?? message.chat.id),
        name: message.sender_chat?.title ?? message.chat.title,
      };
  return {
    id: String(message.message_id),
    chatId: String(message.chat.id),
    threadId:
      message.is_topic_message && message.message_thread_id !== undefined
        ? String(message.message_thread_id)
        : undefined,
    sender,
    text: message.text ?? message.caption,
    timestamp: iso(message.date),
    attachments: attachmentsOf(message),
    replyTo: message.reply_to_message ? String(message.reply_to_message.message_id) : undefined,
  };
}

/**
 * Telegram `Update` → core events: new messages and channel posts become `message`, button
 * presses `interaction`, everything else (edits, reactions, member changes...) `other` by name.
 */
export function toInboundEvents(update: TelegramUpdate): InboundEvent[] {
  const base = { provider: 'telegram', id: String(update.update_id), raw: update };
  const message = update.message ?? update.channel_post;
  if (message)
    return [{ ...base, type: 'message', time: iso(message.date), message: toChatMessage(message) }];
  if (update.callback_query) {
    const query = update.callback_query;
    return [
      {
        ...base,
        type: 'interaction',
        time: iso(query.message?.date),
        name: 'callback_query',
        chatId: query.message ? String(query.message.chat.id) : undefined,
        userId: String(query.from.id),
        value: query.data,
      },
    ];
  }
  const name = Object.keys(update).find((key) => key !== 'update_id') ?? 'unknown';
  return [{ ...base, type: 'other', time: iso(undefined), name }];
}

/** `getChat` + `getChatMemberCount` → core `GroupInfo`. Chats without a public @username are private. */
export function toGroupInfo(chat: TelegramChat, memberCount: number | undefined): GroupInfo {
  return {
    id: String(chat.id),
    name: chat.title ?? chat.first_name ?? chat.username,
    private: chat.username === undefined,
    topic: chat.description,
    memberCount,
  };
}
