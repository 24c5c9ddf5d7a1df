import {
  type AccountIdentity,
  type CallOptions,
  type ChatAdapter,
  type DeleteMessageInput,
  deleteMessageInputSchema,
  type EditMessageInput,
  editMessageInputSchema,
  type GetGroupInfoInput,
  type GroupInfo,
  getGroupInfoInputSchema,
  type InboundEvent,
  type MessageFormat,
  parseInput,
  RateLimitError,
  registerSecrets,
  SPECIFICATION_VERSION,
  type SendMediaInput,
  type SendMessageInput,
  type SentMessage,
  type SetWebhookInput,
  sendMediaInputSchema,
  sendMessageInputSchema,
  setWebhookInputSchema,
  sleep,
  ValidationError,
  type WebhookInfo,
  type WebhookResult,
  guardWebhookParsing,
} from '@infrafabric/core';
import type { Api } from 'grammy';
import { telegramCapabilities } from './catalog';
import { createTelegramApi, loadGrammy } from './client';
import { mapTelegramError } from './errors';
import { markdownToTelegramV2 } from './markdown';
import {
  type TelegramChat,
  type TelegramMessage,
  type TelegramUpdate,
  toGroupInfo,
  toInboundEvents,
  toSentMessage,
} from './mappers';
import {
  type ResolvedTelegramOptions,
  type TelegramCredentials,
  type TelegramOptions,
  telegramCredentialsSchema,
  telegramOptionsSchema,
  telegramSecretTokenSchema,
} from './options';
import { splitPlainText } from './split-text';
import { verifyTelegramWebhook } from './webhook';

const PROVIDER = 'telegram';
/** Bot API limit on message text, after entity parsing. */
export const TELEGRAM_MAX_TEXT = telegramCapabilities.maxTextLength; // one source: the catalog
/** Bot API limit on media captions. */
export const TELEGRAM_MAX_CAPTION = 1024;

/** Operations the Telegram adapter always has (optional in `ChatAdapter`). */
export type TelegramOperations =
  | 'sendMedia'
  | 'editMessage'
  | 'deleteMessage'
  | 'getGroupInfo'
  | 'setWebhook'
  | 'parseWebhook'
  | 'receive';

/** The Telegram chat adapter: `ChatAdapter` plus the raw grammy `Api` for anything else. */
export type TelegramAdapter = ChatAdapter &
  Required<Pick<ChatAdapter, TelegramOperations>> & {
    /** grammy's `Api` client (loaded on first call), for Bot API methods InfraFabric does not cover. */
    api(): Promise<Api>;
  };

type SendPayload = Record<string, unknown>;
const NO_PAYLOAD = new Set(['getMe', 'getWebhookInfo']);
type MediaMethod = 'sendPhoto' | 'sendVideo' | 'sendAudio' | 'sendDocument';
const MEDIA: Record<'image' | 'video' | 'audio' | 'file', { method: MediaMethod; field: string }> = {
  image: { method: 'sendPhoto', field: 'photo' },
  video: { method: 'sendVideo', field: 'video' },
  audio: { method: 'sendAudio', field: 'audio' },
  file: { method: 'sendDocument', field: 'document' },
};

function invalid(operation: string, field: string, rule: string, message: string): ValidationError {
  return new ValidationError(`${PROVIDER}.${operation}: invalid "${field}": ${message} (rule: ${rule}).`, {
    provider: PROVIDER,
    operation,
    field,
    rule,
  });
}

/** Telegram chat ids are integers or `@channelusername`. */
function chatIdOf(value: string, operation: string, field: string): number | string {
  if (/^-?\d+$/.test(value)) return Number(value);
  if (/^@\w{4,}$/.test(value)) return value;
  throw invalid(operation, field, 'telegram_chat_id', 'must be a numeric chat id or @channelusername');
}

function integerOf(value: string, operation: string, field: string): number {
  if (!/^\d+$/.test(value)) throw invalid(operation, field, 'integer', 'must be a positive integer id');
  return Number(value);
}

function formatted(
  text: string,
  format: MessageFormat,
): { text: string; parse_mode?: 'MarkdownV2' | 'HTML' } {
  if (format === 'markdown') return { text: markdownToTelegramV2(text), parse_mode: 'MarkdownV2' };
  if (format === 'html') return { text, parse_mode: 'HTML' };
  return { text };
}

/** `providerOptions.telegram`: Bot API fields InfraFabric does not model; the modelled fields win over them. */
function extras(providerOptions: Record<string, Record<string, unknown>> | undefined): SendPayload {
  return { ...(providerOptions?.[PROVIDER] ?? {}) };
}

/**
 * Creates a Telegram Bot API adapter (grammy under the hood, loaded on first use).
 *
 * @example
 * ```ts
 * const telegram = createTelegram({ token: process.env.TELEGRAM_BOT_TOKEN! });
 * await telegram.sendMessage({ to: { chatId: '-1001234567890' }, text: '**Deployed** v1.2', format: 'markdown' });
 * ```
 */
export function createTelegram(
  credentials: TelegramCredentials,
  options: TelegramOptions = {},
): TelegramAdapter {
  const creds = parseInput(telegramCredentialsSchema, credentials, {
    provider: PROVIDER,
    operation: 'createTelegram',
    path: 'credentials',
  });
  const opts: ResolvedTelegramOptions = parseInput(telegramOptionsSchema, options, {
    provider: PROVIDER,
    operation: 'createTelegram',
    path: 'options',
  });
  registerSecrets([creds.token, creds.webhookSecret]);
  /** The secret Telegram sends back: the one last registered by setWebhook, else the configured one. */
  let webhookSecret = creds.webhookSecret;

  let client: Promise<Api> | undefined;
  const api = () => {
    client ??= createTelegramApi(creds.token, opts.baseUrl, opts.fetch).catch((error: unknown) => {
      client = undefined;
      throw error;
    });
    return client;
  };

  /** Calls one Bot API method through grammy's raw API and maps any failure. */
  async function call<T>(
    operation: string,
    method: string,
    payload: SendPayload,
    signal?: AbortSignal,
  ): Promise<T> {
    try {
      const raw = (await api()).raw as unknown as Record<string, (...args: unknown[]) => Promise<T>>;
      // grammy binds an empty payload to parameterless methods: their first argument is the signal.
      return await (NO_PAYLOAD.has(method) ? raw[method]!(signal) : raw[method]!(payload, signal));
    } catch (error) {
      throw mapTelegramError(error, operation);
    }
  }

  function target(to: { chatId: string; threadId?: string | undefined }, operation: string): SendPayload {
    return {
      chat_id: chatIdOf(to.chatId, operation, 'to.chatId'),
      ...(to.threadId === undefined
        ? {}
        : { message_thread_id: integerOf(to.threadId, operation, 'to.threadId') }),
    };
  }

  async function sendMedia(input: SendMediaInput, callOptions?: CallOptions): Promise<SentMessage> {
    const parsed = parseInput(sendMediaInputSchema, input, { provider: PROVIDER, operation: 'sendMedia' });
    const caption = parsed.caption ?? parsed.media.caption;
    if (caption !== undefined && caption.length > TELEGRAM_MAX_CAPTION) {
      throw invalid(
        'sendMedia',
        'caption',
        'max_length',
        `Telegram captions hold at most ${TELEGRAM_MAX_CAPTION} characters (got ${caption.length}); send the text as a separate message`,
      );
    }
    const payload = {
      ...extras(parsed.providerOptions),
      ...target(parsed.to, 'sendMedia'),
      ...(parsed.replyTo === undefined
        ? {}
        : { reply_parameters: { message_id: integerOf(parsed.replyTo, 'sendMedia', 'replyTo') } }),
    };
    const { method, field } = MEDIA[parsed.media.type];
    let file: unknown = parsed.media.url;
    if (parsed.media.data) {
      const { InputFile } = await loadGrammy();
      file = new InputFile(parsed.media.data, parsed.media.filename);
    }
    const captionFields =
      caption === undefined
        ? {}
        : (({ text, parse_mode }) => ({ caption: text, parse_mode }))(formatted(caption, parsed.format));
    const message = await call<TelegramMessage>(
      'sendMedia',
      method,
      { ...payload, [field]: file, ...captionFields },
      callOptions?.signal,
    );
    return toSentMessage(message);
  }

  const adapter: TelegramAdapter = {
    specificationVersion: SPECIFICATION_VERSION,
    inputIsReadOnly: true,
    kind: 'chat',
    provider: PROVIDER,
    name: opts.name,
    capabilities: telegramCapabilities,
    api,

    async check(callOptions) {
      const me = await call<{
        id: number;
        username?: string;
        first_name?: string;
        can_join_groups?: boolean;
        supports_inline_queries?: boolean;
      }>('check', 'getMe', {}, callOptions?.signal);
      const identity: AccountIdentity = {
        id: String(me.id),
        name: me.username,
        details: {
          firstName: me.first_name,
          canJoinGroups: me.can_join_groups,
          supportsInlineQueries: me.supports_inline_queries,
        },
      };
      return identity;
    },

    async sendMessage(input: SendMessageInput, callOptions?: CallOptions): Promise<SentMessage> {
      const parsed = parseInput(sendMessageInputSchema, input, {
        provider: PROVIDER,
        operation: 'sendMessage',
      });
      const base = {
        ...extras(parsed.providerOptions),
        ...target(parsed.to, 'sendMessage'),
        ...(parsed.silent ? { disable_notification: true } : {}),
      };
      const replyTo =
        parsed.replyTo === undefined ? undefined : integerOf(parsed.replyTo, 'sendMessage', 'replyTo');
      let texts = [parsed.text];
      if (parsed.text.length > TELEGRAM_MAX_TEXT) {
        if (parsed.format !== 'plain' || opts.longText === 'reject') {
          throw invalid(
            'sendMessage',
            'text',
            'max_length',
            `Telegram messages hold at most ${TELEGRAM_MAX_TEXT} characters (got ${parsed.text.length})${parsed.format === 'plain' ? '' : '; formatted text is never split, as a split could cut an entity'}`,
          );
        }
        texts = splitPlainText(parsed.text, TELEGRAM_MAX_TEXT);
      }
      for (const attachment of parsed.attachments ?? []) {
        if ((attachment.caption?.length ?? 0) > TELEGRAM_MAX_CAPTION) {
          throw invalid(
            'sendMessage',
            'attachments.caption',
            'max_length',
            `Telegram captions hold at most ${TELEGRAM_MAX_CAPTION} characters`,
          );
        }
      }
      const sent: SentMessage[] = [];
      for (const [index, text] of texts.entries()) {
        const message = await call<TelegramMessage>(
          'sendMessage',
          'sendMessage',
          {
            ...base,
            ...formatted(text, parsed.format),
            ...(index === 0 && replyTo !== undefined ? { reply_parameters: { message_id: replyTo } } : {}),
          },
          callOptions?.signal,
        );
        sent.push(toSentMessage(message));
      }
      // Telegram cannot attach files to a text message: each attachment follows as its own message.
      for (const media of parsed.attachments ?? []) {
        sent.push(
          await sendMedia(
            { to: parsed.to, media, format: 'plain', providerOptions: parsed.providerOptions },
            callOptions,
          ),
        );
      }
      const [first, ...rest] = sent;
      return { ...first!, additionalIds: rest.length > 0 ? rest.map((m) => m.id) : undefined };
    },

    sendMedia,

    async editMessage(input: EditMessageInput, callOptions?: CallOptions): Promise<SentMessage> {
      const parsed = parseInput(editMessageInputSchema, input, {
        provider: PROVIDER,
        operation: 'editMessage',
      });
      if (parsed.text.length > TELEGRAM_MAX_TEXT) {
        throw invalid(
          'editMessage',
          'text',
          'max_length',
          `Telegram messages hold at most ${TELEGRAM_MAX_TEXT} characters`,
        );
      }
      const chatId = chatIdOf(parsed.chatId, 'editMessage', 'chatId');
      const messageId = integerOf(parsed.messageId, 'editMessage', 'messageId');
      const result = await call<TelegramMessage | true>(
        'editMessage',
        'editMessageText',
        {
          ...extras(parsed.providerOptions),
          chat_id: chatId,
          message_id: messageId,
          ...formatted(parsed.text, parsed.format),
        },
        callOptions?.signal,
      );
      return result === true ? { id: parsed.messageId, chatId: parsed.chatId } : toSentMessage(result);
    },

    async deleteMessage(input: DeleteMessageInput, callOptions?: CallOptions): Promise<void> {
      const parsed = parseInput(deleteMessageInputSchema, input, {
        provider: PROVIDER,
        operation: 'deleteMessage',
      });
      await call<true>(
        'deleteMessage',
        'deleteMessage',
        {
          chat_id: chatIdOf(parsed.chatId, 'deleteMessage', 'chatId'),
          message_id: integerOf(parsed.messageId, 'deleteMessage', 'messageId'),
        },
        callOptions?.signal,
      );
    },

    async getGroupInfo(input: GetGroupInfoInput, callOptions?: CallOptions): Promise<GroupInfo> {
      const parsed = parseInput(getGroupInfoInputSchema, input, {
        provider: PROVIDER,
        operation: 'getGroupInfo',
      });
      const chatId = chatIdOf(parsed.chatId, 'getGroupInfo', 'chatId');
      const [chat, count] = await Promise.all([
        call<TelegramChat>('getGroupInfo', 'getChat', { chat_id: chatId }, callOptions?.signal),
        call<number>('getGroupInfo', 'getChatMemberCount', { chat_id: chatId }, callOptions?.signal),
      ]);
      return toGroupInfo(chat, count);
    },

    async setWebhook(input: SetWebhookInput, callOptions?: CallOptions): Promise<WebhookInfo> {
      const parsed = parseInput(setWebhookInputSchema, input, {
        provider: PROVIDER,
        operation: 'setWebhook',
      });
      const secret = parsed.secret ?? webhookSecret;
      if (secret === undefined) {
        throw invalid(
          'setWebhook',
          'secret',
          'required',
          'give a secret (or set TELEGRAM_WEBHOOK_SECRET) so inbound calls can be verified',
        );
      }
      parseInput(telegramSecretTokenSchema, secret, {
        provider: PROVIDER,
        operation: 'setWebhook',
        path: 'secret',
      });
      await call<true>(
        'setWebhook',
        'setWebhook',
        {
          url: parsed.url,
          secret_token: secret,
          ...(parsed.events ? { allowed_updates: parsed.events } : {}),
        },
        callOptions?.signal,
      );
      // From now on Telegram sends this secret: parseWebhook must verify against it.
      registerSecrets([secret]);
      webhookSecret = secret;
      const info = await call<{ url: string; pending_update_count?: number }>(
        'setWebhook',
        'getWebhookInfo',
        {},
        callOptions?.signal,
      );
      return { url: info.url, active: info.url !== '', pendingUpdateCount: info.pending_update_count };
    },

    parseWebhook(request: Request): Promise<WebhookResult> {
      return guardWebhookParsing(PROVIDER, () => verifyTelegramWebhook(request, webhookSecret));
    },

    async *receive(receiveOptions: { signal?: AbortSignal } = {}): AsyncIterable<InboundEvent> {
      const { signal } = receiveOptions;
      let offset: number | undefined;
      let confirmed: number | undefined;
      try {
        while (!signal?.aborted) {
          let updates: TelegramUpdate[];
          try {
            updates = await call<TelegramUpdate[]>(
              'receive',
              'getUpdates',
              {
                ...(offset === undefined ? {} : { offset }),
                timeout: opts.pollTimeoutSeconds,
                ...(opts.allowedUpdates ? { allowed_updates: opts.allowedUpdates } : {}),
              },
              signal,
            );
            confirmed = offset;
          } catch (error) {
            if (signal?.aborted) return;
            // Flood control on getUpdates is temporary: wait as told and poll again.
            if (RateLimitError.isInstance(error) && error.retryAfterMs !== undefined) {
              await sleep(error.retryAfterMs, signal).catch(() => undefined);
              continue;
            }
            throw error;
          }
          for (const update of updates) {
            // Advanced before the yield: an update counts as delivered once the consumer got it.
            offset = update.update_id + 1;
            yield* toInboundEvents(update);
          }
        }
      } finally {
        // Telegram confirms updates only through the next getUpdates offset; send it when the
        // consumer stops, or the last delivered updates would come again to the next poller.
        if (offset !== undefined && offset !== confirmed) {
          await call(
            'receive',
            'getUpdates',
            { offset, limit: 1, timeout: 0 },
            AbortSignal.timeout(5_000),
          ).catch(() => undefined);
        }
      }
    },
  };
  return adapter;
}
