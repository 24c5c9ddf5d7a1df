import type { ChatMessage, GroupInfo, SentMessage } from '@infrafabric/core';

/** A Discord message object (lenient: only the fields we read). */
export interface DiscordMessage {
  id: string;
  channel_id?: string;
  author?: { id?: string; username?: string; global_name?: string | null; bot?: boolean };
  content?: string;
  timestamp?: string;
  attachments?: Array<{ id?: string; url?: string; content_type?: string }>;
  message_reference?: { message_id?: string; channel_id?: string };
  thread?: { id?: string };
}

/** A Discord channel object (lenient). */
export interface DiscordChannel {
  id: string;
  type?: number;
  guild_id?: string;
  name?: string | null;
  topic?: string | null;
  member_count?: number;
  parent_id?: string | null;
  permission_overwrites?: Array<{ id: string; type: number; allow?: string; deny?: string }>;
}

/** Channel types that are threads (announcement, public and private threads). */
export const THREAD_CHANNEL_TYPES = new Set([10, 11, 12]);
/** `VIEW_CHANNEL` permission bit. */
export const VIEW_CHANNEL = 1n << 10n;
/** `SEND_MESSAGES` permission bit. */
export const SEND_MESSAGES = 1n << 11n;
/** Discord's epoch (2015-01-01), the zero of snowflake timestamps. */
const DISCORD_EPOCH = 1_420_070_400_000n;

/** The creation time a snowflake id carries, ISO 8601 (undefined when `id` is not a snowflake). */
export function snowflakeTime(id: string): string | undefined {
  if (!/^\d{15,21}$/.test(id)) return undefined;
  return new Date(Number((BigInt(id) >> 22n) + DISCORD_EPOCH)).toISOString();
}

/** A created or edited message → `SentMessage`. `threadId` is set when it was posted into a thread. */
export function toSentMessage(message: DiscordMessage, channelId: string, threadId?: string): SentMessage {
  return {
    id: message.id,
    chatId: channelId,
    threadId,
    timestamp: message.timestamp ?? snowflakeTime(message.id),
  };
}

function attachmentType(mime: string | undefined): 'image' | 'video' | 'audio' | 'file' {
  if (mime?.startsWith('image/')) return 'image';
  if (mime?.startsWith('video/')) return 'video';
  if (mime?.startsWith('audio/')) return 'audio';
  return 'file';
}

/** A Discord message → `ChatMessage`. */
export function toChatMessage(message: DiscordMessage, channelId: string, threadId?: string): ChatMessage {
  const attachments = (message.attachments ?? []).map((a) => ({
    type: attachmentType(a.content_type),
    ...(a.id === undefined ? {} : { id: a.id }),
    ...(a.url === undefined ? {} : { url: a.url }),
    ...(a.content_type === undefined ? {} : { mimeType: a.content_type }),
  }));
  return {
    id: message.id,
    chatId: message.channel_id ?? channelId,
    threadId,
    sender: {
      id: message.author?.id ?? 'unknown',
      name: message.author?.global_name ?? message.author?.username,
      isBot: message.author?.bot === true,
    },
    text: message.content,
    timestamp: message.timestamp ?? snowflakeTime(message.id) ?? new Date(0).toISOString(),
    attachments: attachments.length > 0 ? attachments : undefined,
    replyTo: message.message_reference?.message_id,
  };
}

/**
 * A Discord channel → `GroupInfo`. A thread of type 12 is private; a guild channel is private when
 * its @everyone overwrite (the role whose id is the guild id) denies `VIEW_CHANNEL`.
 */
export function toGroupInfo(channel: DiscordChannel): GroupInfo {
  const everyone = channel.permission_overwrites?.find((o) => o.id === channel.guild_id && o.type === 0);
  const hidden = everyone?.deny !== undefined && (BigInt(everyone.deny) & VIEW_CHANNEL) !== 0n;
  return {
    id: channel.id,
    name: channel.name ?? undefined,
    private: channel.type === 12 || hidden,
    topic: channel.topic ?? undefined,
    memberCount: channel.member_count,
  };
}
