import type { InboundMessageEvent } from '@infrafabric/core';
import type { Message } from 'discord.js';
import { toChatMessage } from './mappers';

/** A gateway `messageCreate` message (discord.js `Message`) → an inbound message event. */
export function inboundFromGatewayMessage(message: Message): InboundMessageEvent {
  const inThread = message.channel.isThread();
  const chatId = inThread ? (message.channel.parentId ?? message.channelId) : message.channelId;
  return {
    type: 'message',
    provider: 'discord',
    id: message.id,
    time: message.createdAt.toISOString(),
    message: toChatMessage(
      {
        id: message.id,
        channel_id: chatId,
        author: {
          id: message.author.id,
          username: message.author.username,
          global_name: message.author.globalName,
          bot: message.author.bot,
        },
        content: message.content,
        timestamp: message.createdAt.toISOString(),
        attachments: [...message.attachments.values()].map((a) => ({
          id: a.id,
          url: a.url,
          content_type: a.contentType ?? undefined,
        })),
        message_reference: message.reference?.messageId
          ? { message_id: message.reference.messageId }
          : undefined,
      },
      chatId,
      inThread ? message.channelId : undefined,
    ),
    raw: message.toJSON(),
  };
}
