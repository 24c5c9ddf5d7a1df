import { createHash } from 'node:crypto';
import {
  type AccountIdentity,
  type AddMemberInput,
  PushChannel,
  addMemberInputSchema,
  type CallOptions,
  type ChatAdapter,
  type ChatMessage,
  type CreateGroupInput,
  createGroupInputSchema,
  type DeleteMessageInput,
  deleteMessageInputSchema,
  type EditMessageInput,
  editMessageInputSchema,
  type GetGroupInfoInput,
  type GetHistoryInput,
  type GroupInfo,
  getGroupInfoInputSchema,
  getHistoryInputSchema,
  type InboundEvent,
  type MessageFormat,
  type Page,
  type ParseWebhookOptions,
  parseInput,
  registerSecrets,
  requireWebhookSecret,
  SPECIFICATION_VERSION,
  type SendMediaInput,
  type SendMessageInput,
  type SentMessage,
  sendMediaInputSchema,
  sendMessageInputSchema,
  ValidationError,
  type WebhookResult,
  guardWebhookParsing,
} from '@infrafabric/core';
import type { REST } from 'discord.js';
import { discordCapabilities } from './catalog';
import { createDiscordRest, type DiscordRestConfig, loadDiscord } from './client';
import { mapDiscordError } from './errors';
import { pipeGateway } from './gateway';
import { escapeDiscordMarkdown } from './markdown';
import {
  type DiscordChannel,
  type DiscordMessage,
  SEND_MESSAGES,
  THREAD_CHANNEL_TYPES,
  toChatMessage,
  toGroupInfo,
  toSentMessage,
  VIEW_CHANNEL,
} from './mappers';
import {
  type DiscordCredentials,
  type DiscordMessageOptions,
  type DiscordOptions,
  discordCredentialsSchema,
  discordMessageOptionsSchema,
  discordOptionsSchema,
  type ResolvedDiscordOptions,
} from './options';
import { parseDiscordWebhook } from './webhook';

const PROVIDER = 'discord';
/** Discord's limit on message content. */
export const DISCORD_MAX_TEXT = discordCapabilities.maxTextLength; // one source: the catalog
/** `GET /channels/{id}/messages` returns at most 100 messages. */
const DISCORD_MAX_PAGE = 100;
/** Discord accepts at most 10 files per message. */
const DISCORD_MAX_FILES = 10;
/** `SUPPRESS_NOTIFICATIONS` message flag. */
const SUPPRESS_NOTIFICATIONS = 1 << 12;
/** `GUILD_TEXT` channel type. */
const GUILD_TEXT = 0;

/** The Discord chat adapter: `ChatAdapter` plus discord.js's `REST` client for anything else. */
export interface DiscordAdapter extends ChatAdapter {
  /** discord.js's `REST` client with this adapter's token and base URL (loaded on first call). */
  rest(): Promise<REST>;
}

type Route = `/${string}`;
type Body = Record<string, unknown>;
interface RawFile {
  name: string;
  data: Uint8Array;
  contentType?: string;
}

function invalid(operation: string, field: string, rule: string, message: string): ValidationError {
  return new ValidationError(`${PROVIDER}.${operation}: invalid "${field}": ${message} (rule: ${rule}).`, {
    provider: PROVIDER,
    operation,
    field,
    rule,
  });
}

/** Discord ids are snowflakes: 15-21 decimal digits. */
function snowflakeOf(value: string, operation: string, field: string): string {
  if (/^\d{15,21}$/.test(value)) return value;
  throw invalid(operation, field, 'snowflake', 'must be a Discord id (a snowflake of 15-21 digits)');
}

/**
 * Discord's `nonce` holds at most 25 characters; longer idempotency keys are hashed to 25, the same
 * for every retry of one call, so `enforce_nonce` still deduplicates.
 */
export function nonceFromIdempotencyKey(key: string): string {
  return key.length <= 25 ? key : createHash('sha256').update(key).digest('base64url').slice(0, 25);
}

function contentOf(text: string, format: MessageFormat, operation: string, field: string): string {
  if (format === 'html')
    throw invalid(
      operation,
      'format',
      'supported_format',
      'Discord does not render HTML; use "markdown" or "plain"',
    );
  const content = format === 'markdown' ? text : escapeDiscordMarkdown(text);
  if (content.length > DISCORD_MAX_TEXT) {
    throw invalid(
      operation,
      field,
      'max_length',
      `Discord messages hold at most ${DISCORD_MAX_TEXT} characters (got ${content.length}${format === 'plain' ? ' after escaping' : ''})`,
    );
  }
  return content;
}

function messageOptions(
  providerOptions: Record<string, Record<string, unknown>> | undefined,
  operation: string,
): DiscordMessageOptions {
  return parseInput(discordMessageOptionsSchema, providerOptions?.[PROVIDER] ?? {}, {
    provider: PROVIDER,
    operation,
    path: 'providerOptions.discord',
  });
}

function extrasOf(options: DiscordMessageOptions): Body {
  return {
    // Nobody is pinged unless the caller says so: message text must not reach @everyone by accident.
    allowed_mentions: options.allowedMentions ?? { parse: [] },
    ...(options.embeds ? { embeds: options.embeds } : {}),
    ...(options.components ? { components: options.components } : {}),
    ...(options.tts !== undefined ? { tts: options.tts } : {}),
  };
}

interface MediaLike {
  type: 'image' | 'video' | 'audio' | 'file';
  url?: string | undefined;
  data?: Uint8Array | undefined;
  filename?: string | undefined;
  mimeType?: string | undefined;
  caption?: string | undefined;
}

/**
 * Splits media into what Discord can carry: bytes become multipart `files[n]` with their
 * `attachments` entries; image URLs become embeds (Discord renders them); other URLs become links
 * in the content (Discord unfurls them). Nothing is downloaded.
 */
function mediaParts(media: MediaLike[]): {
  files: RawFile[];
  attachments: Body[];
  embeds: Body[];
  links: string[];
} {
  const files: RawFile[] = [];
  const attachments: Body[] = [];
  const embeds: Body[] = [];
  const links: string[] = [];
  for (const item of media) {
    if (item.data !== undefined) {
      const name =
        item.filename ??
        `${item.type}-${files.length + 1}.${(item.mimeType?.split('/')[1] ?? 'bin').replace(/[^\w]/g, '')}`;
      attachments.push({
        id: files.length,
        filename: name,
        ...(item.caption ? { description: item.caption.slice(0, 1024) } : {}),
      });
      files.push({ name, data: item.data, ...(item.mimeType ? { contentType: item.mimeType } : {}) });
    } else if (item.url !== undefined && item.type === 'image') {
      embeds.push({ image: { url: item.url }, ...(item.caption ? { description: item.caption } : {}) });
    } else if (item.url !== undefined) {
      links.push(item.url);
    }
  }
  return { files, attachments, embeds, links };
}

/**
 * Creates a Discord adapter: discord.js's `REST` client for every operation (loaded on first use,
 * through `fetch`), and its gateway `Client` only when `receive()` is iterated.
 *
 * @example
 * ```ts
 * const discord = createDiscord({ token: process.env.DISCORD_BOT_TOKEN! });
 * await discord.sendMessage({ to: { chatId: '123456789012345678' }, text: '**Deployed** v1.2', format: 'markdown' });
 * ```
 */
export function createDiscord(credentials: DiscordCredentials, options: DiscordOptions = {}): DiscordAdapter {
  const creds = parseInput(discordCredentialsSchema, credentials, {
    provider: PROVIDER,
    operation: 'createDiscord',
    path: 'credentials',
  });
  const opts: ResolvedDiscordOptions = parseInput(discordOptionsSchema, options, {
    provider: PROVIDER,
    operation: 'createDiscord',
    path: 'options',
  });
  registerSecrets([creds.token]);
  const config: DiscordRestConfig = {
    token: creds.token,
    baseUrl: opts.baseUrl,
    fetch: opts.fetch,
    timeoutMs: opts.timeoutMs,
  };

  let restClient: Promise<REST> | undefined;
  const rest = () => {
    restClient ??= createDiscordRest(config).catch((error: unknown) => {
      restClient = undefined;
      throw error;
    });
    return restClient;
  };

  /** One REST call with the error mapping. */
  async function call<T>(
    operation: string,
    method: 'get' | 'post' | 'patch' | 'put' | 'delete',
    route: Route,
    data: { body?: Body; files?: RawFile[]; query?: URLSearchParams } = {},
    signal?: AbortSignal,
  ): Promise<T> {
    try {
      const client = await rest();
      // The REST client forgets its token after any 401; set it again so one bad answer does not
      // poison every later call.
      client.setToken(creds.token);
      return (await client[method](route, { ...data, signal })) as T;
    } catch (error) {
      throw mapDiscordError(error, operation);
    }
  }

  async function postMessage(
    operation: string,
    channel: string,
    body: Body,
    files: RawFile[],
    signal?: AbortSignal,
  ): Promise<DiscordMessage> {
    return call<DiscordMessage>(
      operation,
      'post',
      `/channels/${channel}/messages`,
      files.length > 0 ? { body, files } : { body },
      signal,
    );
  }

  function nonceOf(callOptions: CallOptions | undefined): Body {
    return callOptions?.idempotencyKey
      ? { nonce: nonceFromIdempotencyKey(callOptions.idempotencyKey), enforce_nonce: true }
      : {};
  }

  function targetOf(
    to: { chatId: string; threadId?: string | undefined },
    operation: string,
  ): { chatId: string; channel: string; threadId?: string } {
    const chatId = snowflakeOf(to.chatId, operation, 'to.chatId');
    if (to.threadId === undefined) return { chatId, channel: chatId };
    const threadId = snowflakeOf(to.threadId, operation, 'to.threadId');
    return { chatId, channel: threadId, threadId };
  }

  async function sendMedia(input: SendMediaInput, callOptions?: CallOptions): Promise<SentMessage> {
    const parsed = parseInput(sendMediaInputSchema, input, { provider: PROVIDER, operation: 'sendMedia' });
    const target = targetOf(parsed.to, 'sendMedia');
    const caption = parsed.caption ?? parsed.media.caption;
    const content =
      caption === undefined ? undefined : contentOf(caption, parsed.format, 'sendMedia', 'caption');
    const extra = extrasOf(messageOptions(parsed.providerOptions, 'sendMedia'));
    const parts = mediaParts([{ ...parsed.media, caption: undefined }]);
    const text = [content, ...parts.links].filter((t) => t !== undefined).join('\n');
    if (text.length > DISCORD_MAX_TEXT)
      throw invalid(
        'sendMedia',
        'caption',
        'max_length',
        `caption and link exceed ${DISCORD_MAX_TEXT} characters`,
      );
    const body: Body = {
      ...extra,
      ...(text ? { content: text } : {}),
      ...(parts.embeds.length > 0
        ? { embeds: [...((extra.embeds as Body[] | undefined) ?? []), ...parts.embeds] }
        : {}),
      ...(parts.attachments.length > 0 ? { attachments: parts.attachments } : {}),
      ...(parsed.replyTo
        ? { message_reference: { message_id: snowflakeOf(parsed.replyTo, 'sendMedia', 'replyTo') } }
        : {}),
      ...nonceOf(callOptions),
    };
    const message = await postMessage('sendMedia', target.channel, body, parts.files, callOptions?.signal);
    return toSentMessage(message, target.chatId, target.threadId);
  }

  async function getHistory(input: GetHistoryInput, callOptions?: CallOptions): Promise<Page<ChatMessage>> {
    const parsed = parseInput(getHistoryInputSchema, input, { provider: PROVIDER, operation: 'getHistory' });
    const chatId = snowflakeOf(parsed.chatId, 'getHistory', 'chatId');
    const threadId =
      parsed.threadId === undefined ? undefined : snowflakeOf(parsed.threadId, 'getHistory', 'threadId');
    const limit = Math.min(parsed.limit, DISCORD_MAX_PAGE);
    const query = new URLSearchParams({ limit: String(limit) });
    if (parsed.cursor !== undefined) query.set('before', snowflakeOf(parsed.cursor, 'getHistory', 'cursor'));
    const messages = await call<DiscordMessage[]>(
      'getHistory',
      'get',
      `/channels/${threadId ?? chatId}/messages`,
      { query },
      callOptions?.signal,
    );
    const items = messages.map((m) => toChatMessage(m, chatId, threadId));
    // Discord returns newest first; the oldest id of a full page is the cursor for the next one.
    return { items, nextCursor: messages.length === limit ? messages.at(-1)?.id : undefined };
  }

  async function getChannel(operation: string, id: string, signal?: AbortSignal): Promise<DiscordChannel> {
    return call<DiscordChannel>(operation, 'get', `/channels/${id}`, {}, signal);
  }

  const adapter: DiscordAdapter = {
    specificationVersion: SPECIFICATION_VERSION,
    inputIsReadOnly: true,
    kind: 'chat',
    provider: PROVIDER,
    name: opts.name,
    capabilities: discordCapabilities,
    rest,

    async check(callOptions) {
      const me = await call<{ id: string; username?: string; global_name?: string | null; bot?: boolean }>(
        'check',
        'get',
        '/users/@me',
        {},
        callOptions?.signal,
      );
      const identity: AccountIdentity = {
        id: me.id,
        name: me.username,
        details: { bot: me.bot, globalName: me.global_name ?? undefined },
      };
      return identity;
    },

    async sendMessage(input: SendMessageInput, callOptions?: CallOptions): Promise<SentMessage> {
      const parsed = parseInput(sendMessageInputSchema, input, {
        provider: PROVIDER,
        operation: 'sendMessage',
      });
      const target = targetOf(parsed.to, 'sendMessage');
      const content = contentOf(parsed.text, parsed.format, 'sendMessage', 'text');
      const discordOptions = messageOptions(parsed.providerOptions, 'sendMessage');
      const extra = extrasOf(discordOptions);
      const parts = mediaParts(parsed.attachments ?? []);
      if (parts.files.length > DISCORD_MAX_FILES)
        throw invalid(
          'sendMessage',
          'attachments',
          'max_items',
          `Discord carries at most ${DISCORD_MAX_FILES} files per message`,
        );
      const text = [content, ...parts.links].join('\n');
      if (text.length > DISCORD_MAX_TEXT)
        throw invalid(
          'sendMessage',
          'attachments',
          'max_length',
          `text plus attachment links exceed ${DISCORD_MAX_TEXT} characters`,
        );
      if (discordOptions.startThread && target.threadId) {
        throw invalid(
          'sendMessage',
          'providerOptions.discord.startThread',
          'not_in_thread',
          'a thread cannot be started from a message inside a thread',
        );
      }
      const embeds = [...(discordOptions.embeds ?? []), ...parts.embeds];
      const body: Body = {
        ...extra,
        content: text,
        ...(embeds.length > 0 ? { embeds } : {}),
        ...(parts.attachments.length > 0 ? { attachments: parts.attachments } : {}),
        ...(parsed.replyTo
          ? { message_reference: { message_id: snowflakeOf(parsed.replyTo, 'sendMessage', 'replyTo') } }
          : {}),
        ...(parsed.silent ? { flags: SUPPRESS_NOTIFICATIONS } : {}),
        ...nonceOf(callOptions),
      };
      const message = await postMessage(
        'sendMessage',
        target.channel,
        body,
        parts.files,
        callOptions?.signal,
      );
      let threadId = target.threadId;
      if (discordOptions.startThread) {
        const thread = await call<DiscordChannel>(
          'sendMessage',
          'post',
          `/channels/${target.channel}/messages/${message.id}/threads`,
          {
            body: {
              name: discordOptions.startThread.name,
              ...(discordOptions.startThread.autoArchiveDuration
                ? { auto_archive_duration: discordOptions.startThread.autoArchiveDuration }
                : {}),
            },
          },
          callOptions?.signal,
        );
        threadId = thread.id;
      }
      return toSentMessage(message, target.chatId, threadId);
    },

    sendMedia,

    async editMessage(input: EditMessageInput, callOptions?: CallOptions): Promise<SentMessage> {
      const parsed = parseInput(editMessageInputSchema, input, {
        provider: PROVIDER,
        operation: 'editMessage',
      });
      const channel = snowflakeOf(parsed.chatId, 'editMessage', 'chatId');
      const id = snowflakeOf(parsed.messageId, 'editMessage', 'messageId');
      const content = contentOf(parsed.text, parsed.format, 'editMessage', 'text');
      const extra = extrasOf(messageOptions(parsed.providerOptions, 'editMessage'));
      const { tts: _notEditable, ...editable } = extra;
      const message = await call<DiscordMessage>(
        'editMessage',
        'patch',
        `/channels/${channel}/messages/${id}`,
        { body: { ...editable, content } },
        callOptions?.signal,
      );
      return toSentMessage(message, channel);
    },

    async deleteMessage(input: DeleteMessageInput, callOptions?: CallOptions): Promise<void> {
      const parsed = parseInput(deleteMessageInputSchema, input, {
        provider: PROVIDER,
        operation: 'deleteMessage',
      });
      const channel = snowflakeOf(parsed.chatId, 'deleteMessage', 'chatId');
      const id = snowflakeOf(parsed.messageId, 'deleteMessage', 'messageId');
      await call('deleteMessage', 'delete', `/channels/${channel}/messages/${id}`, {}, callOptions?.signal);
    },

    getHistory,

    async createGroup(input: CreateGroupInput, callOptions?: CallOptions): Promise<GroupInfo> {
      const parsed = parseInput(createGroupInputSchema, input, {
        provider: PROVIDER,
        operation: 'createGroup',
      });
      if (parsed.parentId === undefined)
        throw invalid(
          'createGroup',
          'parentId',
          'required',
          'Discord channels live in a guild: pass the guild id as parentId',
        );
      const guild = snowflakeOf(parsed.parentId, 'createGroup', 'parentId');
      const members = (parsed.members ?? []).map((m, i) => snowflakeOf(m, 'createGroup', `members.${i}`));
      // Permission bits go out as integers (the spec's type; both bits fit well below 2^53).
      const overwrites: Body[] = [];
      // Private: hide the channel from @everyone (the role whose id is the guild id).
      if (parsed.private) overwrites.push({ id: guild, type: 0, deny: Number(VIEW_CHANNEL) });
      for (const member of members)
        overwrites.push({ id: member, type: 1, allow: Number(VIEW_CHANNEL | SEND_MESSAGES) });
      const channel = await call<DiscordChannel>(
        'createGroup',
        'post',
        `/guilds/${guild}/channels`,
        {
          body: {
            name: parsed.name,
            type: GUILD_TEXT,
            ...(parsed.topic !== undefined ? { topic: parsed.topic } : {}),
            ...(overwrites.length > 0 ? { permission_overwrites: overwrites } : {}),
          },
        },
        callOptions?.signal,
      );
      return toGroupInfo(channel);
    },

    async addMember(input: AddMemberInput, callOptions?: CallOptions): Promise<void> {
      const parsed = parseInput(addMemberInputSchema, input, { provider: PROVIDER, operation: 'addMember' });
      const channelId = snowflakeOf(parsed.chatId, 'addMember', 'chatId');
      const user = snowflakeOf(parsed.userId, 'addMember', 'userId');
      const channel = await getChannel('addMember', channelId, callOptions?.signal);
      if (channel.type !== undefined && THREAD_CHANNEL_TYPES.has(channel.type)) {
        await call(
          'addMember',
          'put',
          `/channels/${channelId}/thread-members/${user}`,
          {},
          callOptions?.signal,
        );
        return;
      }
      // A guild channel has no member list: "adding" a user grants them view and send rights.
      await call(
        'addMember',
        'put',
        `/channels/${channelId}/permissions/${user}`,
        { body: { type: 1, allow: Number(VIEW_CHANNEL | SEND_MESSAGES) } },
        callOptions?.signal,
      );
    },

    async getGroupInfo(input: GetGroupInfoInput, callOptions?: CallOptions): Promise<GroupInfo> {
      const parsed = parseInput(getGroupInfoInputSchema, input, {
        provider: PROVIDER,
        operation: 'getGroupInfo',
      });
      return toGroupInfo(
        await getChannel(
          'getGroupInfo',
          snowflakeOf(parsed.chatId, 'getGroupInfo', 'chatId'),
          callOptions?.signal,
        ),
      );
    },

    async parseWebhook(request: Request, webhookOptions?: ParseWebhookOptions): Promise<WebhookResult> {
      const publicKey = requireWebhookSecret(creds.publicKey, PROVIDER, 'DISCORD_PUBLIC_KEY');
      return guardWebhookParsing(PROVIDER, () =>
        parseDiscordWebhook(request, {
          publicKey,
          toleranceSeconds: opts.webhookToleranceSeconds,
          now: webhookOptions?.now,
        }),
      );
    },

    async *receive(receiveOptions: { signal?: AbortSignal } = {}): AsyncIterable<InboundEvent> {
      const { signal } = receiveOptions;
      if (signal?.aborted) return;
      const discord = await loadDiscord();
      const intents = opts.intents.map((name) => {
        const bit = (discord.GatewayIntentBits as unknown as Record<string, number | undefined>)[name];
        if (bit === undefined)
          throw invalid('receive', 'options.intents', 'gateway_intent', `unknown gateway intent "${name}"`);
        return bit;
      });
      const client = new discord.Client({
        intents,
        rest: { api: opts.baseUrl, makeRequest: (await rest()).options.makeRequest },
      });
      const channel = new PushChannel<InboundEvent>();
      pipeGateway(client as unknown as Parameters<typeof pipeGateway>[0], channel);
      try {
        await client.login(creds.token);
      } catch (error) {
        await client.destroy();
        throw mapDiscordError(error, 'receive');
      }
      const onAbort = () => channel.close();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        for await (const event of channel) {
          if (signal?.aborted) return;
          yield event;
        }
      } finally {
        signal?.removeEventListener('abort', onAbort);
        await client.destroy();
      }
    },

    async close() {
      const client = await restClient?.catch(() => undefined);
      client?.clearHashSweeper();
      client?.clearHandlerSweeper();
    },
  };
  return adapter;
}
