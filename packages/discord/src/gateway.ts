import {
  AuthenticationError,
  type InboundEvent,
  type InboundMessageEvent,
  type InfraFabricError,
  NetworkError,
  PermissionError,
  type PushChannel,
  ValidationError,
} from '@infrafabric/core';
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

/**
 * The error for a gateway that Discord closed for good (discord.js emits `shardDisconnect` only for
 * close codes it will not reconnect after): bad token, disallowed intents, invalid intents.
 */
export function gatewayClosedError(code: number | undefined): InfraFabricError {
  const base = {
    provider: 'discord',
    operation: 'receive',
    providerCode: code === undefined ? undefined : String(code),
  };
  if (code === 4004)
    return new AuthenticationError(
      'discord.receive: the gateway rejected the bot token (close code 4004). Check DISCORD_BOT_TOKEN.',
      base,
    );
  if (code === 4014)
    return new PermissionError(
      'discord.receive: the gateway refused a privileged intent (close code 4014). Enable it under Bot → Privileged Gateway Intents, or drop it from `intents`.',
      base,
    );
  if (code === 4013)
    return new ValidationError(
      'discord.receive: invalid gateway intents (close code 4013). Fix `intents`.',
      base,
    );
  return new NetworkError(
    `discord.receive: the gateway closed${code === undefined ? '' : ` (close code ${code})`} and will not reconnect. Iterate receive() again to reconnect.`,
    base,
  );
}

/**
 * Feeds a gateway client's messages into `channel` and ends it with a typed error when Discord
 * closes the gateway for good, so a `for await` over receive() never waits forever.
 */
export function pipeGateway(
  client: { on(event: string, listener: (...args: never[]) => void): unknown },
  channel: PushChannel<InboundEvent>,
): void {
  client.on('messageCreate', (message: Message) => channel.push(inboundFromGatewayMessage(message)));
  client.on('shardDisconnect', (event: { code?: number } | undefined) =>
    channel.close(gatewayClosedError(event?.code)),
  );
}
