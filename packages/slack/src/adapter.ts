import {
  type AccountIdentity,
  type AddMemberInput,
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
import type { WebClient } from '@slack/web-api';
import { slackCapabilities } from './catalog';
import { createSlackClient, type SlackClientConfig } from './client';
import { mapSlackError } from './errors';
import { escapeSlackText, markdownToSlackMrkdwn } from './markdown';
import {
  type SlackConversation,
  type SlackMessage,
  toChatMessage,
  toGroupInfo,
  toSentMessage,
} from './mappers';
import {
  type ResolvedSlackOptions,
  type SlackCredentials,
  type SlackMessageOptions,
  type SlackOptions,
  slackCredentialsSchema,
  slackMessageOptionsSchema,
  slackOptionsSchema,
} from './options';
import { parseSlackWebhook } from './webhook';

const PROVIDER = 'slack';
/** Slack truncates message text beyond 40,000 characters; we reject it instead. */
export const SLACK_MAX_TEXT = slackCapabilities.maxTextLength; // one source: the catalog
/** `conversations.history`/`replies` return at most 999 messages per page. */
const SLACK_MAX_PAGE = 999;

/** The Slack chat adapter: `ChatAdapter` plus the SDK's `WebClient` for anything else. */
export interface SlackAdapter extends ChatAdapter {
  /** A `@slack/web-api` `WebClient` with this adapter's token and base URL (loaded on first call). */
  webClient(signal?: AbortSignal): Promise<WebClient>;
}

type Args = Record<string, unknown>;

function invalid(operation: string, field: string, rule: string, message: string): ValidationError {
  return new ValidationError(`${PROVIDER}.${operation}: invalid "${field}": ${message} (rule: ${rule}).`, {
    provider: PROVIDER,
    operation,
    field,
    rule,
  });
}

/** Conversation ids (`C…`, `G…`, `D…`), user ids (`U…`/`W…`, a DM) or `#channel-name`. */
function channelOf(value: string, operation: string, field: string): string {
  if (/^[CGDUW][A-Z0-9]{2,}$/.test(value) || /^#[a-z0-9._-]{1,80}$/.test(value)) return value;
  throw invalid(
    operation,
    field,
    'slack_channel_id',
    'must be a Slack conversation id such as C0123ABCD (or #channel-name)',
  );
}

/** User ids look like `U0123ABCD` (or `W…` on Enterprise Grid). */
function userOf(value: string, operation: string, field: string): string {
  if (/^[UW][A-Z0-9]{2,}$/.test(value)) return value;
  throw invalid(operation, field, 'slack_user_id', 'must be a Slack user id such as U0123ABCD');
}

/** Message timestamps (`ts`, `thread_ts`) look like `1503435956.000247`. */
function tsOf(value: string, operation: string, field: string): string {
  if (/^\d+\.\d+$/.test(value)) return value;
  throw invalid(operation, field, 'slack_ts', 'must be a Slack message timestamp such as 1503435956.000247');
}

function textFields(text: string, format: MessageFormat, operation: string, field: string): Args {
  if (format === 'html')
    throw invalid(
      operation,
      'format',
      'supported_format',
      'Slack does not render HTML; use "markdown" or "plain"',
    );
  if (text.length > SLACK_MAX_TEXT)
    throw invalid(
      operation,
      field,
      'max_length',
      `Slack messages hold at most ${SLACK_MAX_TEXT} characters (got ${text.length})`,
    );
  // mrkdwn:false keeps `*` and `_` in plain text literal.
  return format === 'markdown'
    ? { text: markdownToSlackMrkdwn(text) }
    : { text: escapeSlackText(text), mrkdwn: false };
}

function messageOptions(
  providerOptions: Record<string, Record<string, unknown>> | undefined,
  operation: string,
): Args {
  const parsed: SlackMessageOptions = parseInput(
    slackMessageOptionsSchema,
    providerOptions?.[PROVIDER] ?? {},
    {
      provider: PROVIDER,
      operation,
      path: 'providerOptions.slack',
    },
  );
  const out: Args = {};
  if (parsed.blocks !== undefined) out.blocks = parsed.blocks;
  if (parsed.unfurlLinks !== undefined) out.unfurl_links = parsed.unfurlLinks;
  if (parsed.unfurlMedia !== undefined) out.unfurl_media = parsed.unfurlMedia;
  if (parsed.replyBroadcast !== undefined) out.reply_broadcast = parsed.replyBroadcast;
  return out;
}

/** Slack channel names: lowercase letters, digits, `-` and `_`, at most 80 characters. */
function channelNameOf(name: string): string {
  if (/^[a-z0-9_-]{1,80}$/.test(name)) return name;
  throw invalid(
    'createGroup',
    'name',
    'slack_channel_name',
    'Slack channel names are 1-80 lowercase letters, digits, - or _ (no spaces)',
  );
}

/**
 * Creates a Slack Web API adapter (`@slack/web-api` under the hood, loaded on first use).
 *
 * @example
 * ```ts
 * const slack = createSlack({ token: process.env.SLACK_BOT_TOKEN! });
 * await slack.sendMessage({ to: { chatId: 'C0123ABCD' }, text: '**Deployed** v1.2', format: 'markdown' });
 * ```
 */
export function createSlack(credentials: SlackCredentials, options: SlackOptions = {}): SlackAdapter {
  const creds = parseInput(slackCredentialsSchema, credentials, {
    provider: PROVIDER,
    operation: 'createSlack',
    path: 'credentials',
  });
  const opts: ResolvedSlackOptions = parseInput(slackOptionsSchema, options, {
    provider: PROVIDER,
    operation: 'createSlack',
    path: 'options',
  });
  registerSecrets([creds.token, creds.signingSecret]);
  const config: SlackClientConfig = { token: creds.token, baseUrl: opts.baseUrl, fetch: opts.fetch };

  /** Calls one Web API method and maps any failure (including Slack's `{ ok: false }`). */
  async function call<T>(operation: string, method: string, args: Args, signal?: AbortSignal): Promise<T> {
    try {
      const client = await createSlackClient(config, signal);
      return (await client.apiCall(method, args)) as T;
    } catch (error) {
      throw mapSlackError(error, operation);
    }
  }

  async function post(
    operation: string,
    channel: string,
    fields: Args,
    signal?: AbortSignal,
  ): Promise<SentMessage> {
    const result = await call<{ channel?: string; ts?: string; message?: SlackMessage }>(
      operation,
      'chat.postMessage',
      { channel, ...fields },
      signal,
    );
    return toSentMessage(result, channel);
  }

  async function sendMedia(input: SendMediaInput, callOptions?: CallOptions): Promise<SentMessage> {
    const parsed = parseInput(sendMediaInputSchema, input, { provider: PROVIDER, operation: 'sendMedia' });
    const channel = channelOf(parsed.to.chatId, 'sendMedia', 'to.chatId');
    const threadTs = parsed.to.threadId ?? parsed.replyTo;
    const thread =
      threadTs === undefined
        ? {}
        : { thread_ts: tsOf(threadTs, 'sendMedia', parsed.to.threadId ? 'to.threadId' : 'replyTo') };
    const caption = parsed.caption ?? parsed.media.caption;
    const captionFields =
      caption === undefined ? undefined : textFields(caption, parsed.format, 'sendMedia', 'caption');
    const extra = messageOptions(parsed.providerOptions, 'sendMedia');
    const { media } = parsed;
    if (media.url !== undefined) {
      // Media by URL is not downloaded: Slack renders an image block from the URL itself, and
      // other media are posted as a link that Slack unfurls.
      const label = media.filename ?? media.url;
      if (media.type === 'image') {
        const block = { type: 'image', image_url: media.url, alt_text: caption ?? media.filename ?? 'image' };
        const captionBlock = captionFields
          ? [
              {
                type: 'section',
                // A mrkdwn block needs the converted caption, as the fallback `text` has it.
                text:
                  captionFields.mrkdwn === false
                    ? { type: 'plain_text', text: caption }
                    : { type: 'mrkdwn', text: captionFields.text },
              },
            ]
          : [];
        return post(
          'sendMedia',
          channel,
          { text: captionFields?.text ?? label, blocks: [...captionBlock, block], ...thread, ...extra },
          callOptions?.signal,
        );
      }
      const link = `<${media.url}|${escapeSlackText(label)}>`;
      const text = captionFields ? `${captionFields.text as string}\n${link}` : link;
      return post('sendMedia', channel, { text, ...thread, ...extra }, callOptions?.signal);
    }
    // Bytes: the current upload flow (files.getUploadURLExternal → upload → files.completeUploadExternal).
    const filename =
      media.filename ?? `${media.type}.${(media.mimeType?.split('/')[1] ?? 'bin').replace(/[^\w]/g, '')}`;
    let result: {
      files?: Array<{
        files?: Array<{ id?: string; shares?: Record<string, Record<string, Array<{ ts?: string }>>> }>;
      }>;
    };
    try {
      const client = await createSlackClient(config, callOptions?.signal);
      result = (await client.filesUploadV2({
        channel_id: channel,
        file: Buffer.from(media.data as Uint8Array),
        filename,
        title: media.filename ?? filename,
        ...(captionFields ? { initial_comment: captionFields.text as string } : {}),
        ...(thread.thread_ts ? { thread_ts: thread.thread_ts } : {}),
      } as Parameters<WebClient['filesUploadV2']>[0])) as typeof result;
    } catch (error) {
      throw mapSlackError(error, 'sendMedia');
    }
    const file = result.files?.[0]?.files?.[0];
    const shares = Object.values(file?.shares ?? {}).flatMap((byChannel) => byChannel[channel] ?? []);
    // Slack shares an uploaded file asynchronously: the message ts is known only when the share is
    // already listed; otherwise the file id (F…) is the handle.
    const id = shares[0]?.ts ?? file?.id ?? '';
    return { id, chatId: channel, threadId: thread.thread_ts };
  }

  async function getHistory(input: GetHistoryInput, callOptions?: CallOptions): Promise<Page<ChatMessage>> {
    const parsed = parseInput(getHistoryInputSchema, input, { provider: PROVIDER, operation: 'getHistory' });
    const channel = channelOf(parsed.chatId, 'getHistory', 'chatId');
    const args: Args = { channel, limit: Math.min(parsed.limit, SLACK_MAX_PAGE) };
    if (parsed.cursor !== undefined) args.cursor = parsed.cursor;
    const method = parsed.threadId === undefined ? 'conversations.history' : 'conversations.replies';
    if (parsed.threadId !== undefined) args.ts = tsOf(parsed.threadId, 'getHistory', 'threadId');
    const result = await call<{ messages?: SlackMessage[]; response_metadata?: { next_cursor?: string } }>(
      'getHistory',
      method,
      args,
      callOptions?.signal,
    );
    const next = result.response_metadata?.next_cursor;
    return {
      items: (result.messages ?? []).map((m) => toChatMessage(m, channel)),
      nextCursor: next ? next : undefined,
    };
  }

  async function getGroupInfo(input: GetGroupInfoInput, callOptions?: CallOptions): Promise<GroupInfo> {
    const parsed = parseInput(getGroupInfoInputSchema, input, {
      provider: PROVIDER,
      operation: 'getGroupInfo',
    });
    const channel = channelOf(parsed.chatId, 'getGroupInfo', 'chatId');
    const result = await call<{ channel?: SlackConversation }>(
      'getGroupInfo',
      'conversations.info',
      { channel, include_num_members: true },
      callOptions?.signal,
    );
    return toGroupInfo(result.channel ?? {}, channel);
  }

  const adapter: SlackAdapter = {
    specificationVersion: SPECIFICATION_VERSION,
    inputIsReadOnly: true,
    kind: 'chat',
    provider: PROVIDER,
    name: opts.name,
    capabilities: slackCapabilities,
    webClient: (signal) => createSlackClient(config, signal),

    async check(callOptions) {
      const me = await call<{
        user_id?: string;
        user?: string;
        team?: string;
        team_id?: string;
        bot_id?: string;
        url?: string;
      }>('check', 'auth.test', {}, callOptions?.signal);
      const identity: AccountIdentity = {
        id: me.user_id ?? me.bot_id ?? '',
        name: me.user,
        details: { team: me.team, teamId: me.team_id, botId: me.bot_id, url: me.url },
      };
      return identity;
    },

    async sendMessage(input: SendMessageInput, callOptions?: CallOptions): Promise<SentMessage> {
      const parsed = parseInput(sendMessageInputSchema, input, {
        provider: PROVIDER,
        operation: 'sendMessage',
      });
      const channel = channelOf(parsed.to.chatId, 'sendMessage', 'to.chatId');
      // A Slack reply is a thread reply: replying to a message starts (or joins) its thread.
      const threadTs = parsed.to.threadId ?? parsed.replyTo;
      const thread =
        threadTs === undefined
          ? {}
          : { thread_ts: tsOf(threadTs, 'sendMessage', parsed.to.threadId ? 'to.threadId' : 'replyTo') };
      const fields = {
        ...textFields(parsed.text, parsed.format, 'sendMessage', 'text'),
        ...thread,
        ...messageOptions(parsed.providerOptions, 'sendMessage'),
      };
      for (const [index, attachment] of (parsed.attachments ?? []).entries()) {
        parseInput(
          sendMediaInputSchema,
          { to: parsed.to, media: attachment },
          { provider: PROVIDER, operation: 'sendMessage', path: `attachments.${index}` },
        );
      }
      const sent = await post('sendMessage', channel, fields, callOptions?.signal);
      const additionalIds: string[] = [];
      for (const attachment of parsed.attachments ?? []) {
        const media = await sendMedia(
          { to: { chatId: channel, threadId: threadTs }, media: attachment },
          callOptions,
        );
        additionalIds.push(media.id);
      }
      return additionalIds.length > 0 ? { ...sent, additionalIds } : sent;
    },

    sendMedia,

    async editMessage(input: EditMessageInput, callOptions?: CallOptions): Promise<SentMessage> {
      const parsed = parseInput(editMessageInputSchema, input, {
        provider: PROVIDER,
        operation: 'editMessage',
      });
      const channel = channelOf(parsed.chatId, 'editMessage', 'chatId');
      const ts = tsOf(parsed.messageId, 'editMessage', 'messageId');
      const { mrkdwn: _unsupported, ...text } = textFields(parsed.text, parsed.format, 'editMessage', 'text');
      const result = await call<{ channel?: string; ts?: string; message?: SlackMessage }>(
        'editMessage',
        'chat.update',
        { channel, ts, ...text, ...messageOptions(parsed.providerOptions, 'editMessage') },
        callOptions?.signal,
      );
      return toSentMessage(result, channel);
    },

    async deleteMessage(input: DeleteMessageInput, callOptions?: CallOptions): Promise<void> {
      const parsed = parseInput(deleteMessageInputSchema, input, {
        provider: PROVIDER,
        operation: 'deleteMessage',
      });
      const channel = channelOf(parsed.chatId, 'deleteMessage', 'chatId');
      await call(
        'deleteMessage',
        'chat.delete',
        { channel, ts: tsOf(parsed.messageId, 'deleteMessage', 'messageId') },
        callOptions?.signal,
      );
    },

    getHistory,

    async createGroup(input: CreateGroupInput, callOptions?: CallOptions): Promise<GroupInfo> {
      const parsed = parseInput(createGroupInputSchema, input, {
        provider: PROVIDER,
        operation: 'createGroup',
      });
      const name = channelNameOf(parsed.name);
      const members = (parsed.members ?? []).map((m, i) => userOf(m, 'createGroup', `members.${i}`));
      const signal = callOptions?.signal;
      const created = await call<{ channel?: SlackConversation }>(
        'createGroup',
        'conversations.create',
        { name, is_private: parsed.private },
        signal,
      );
      const id = created.channel?.id ?? '';
      if (parsed.topic !== undefined)
        await call('createGroup', 'conversations.setTopic', { channel: id, topic: parsed.topic }, signal);
      let latest = created.channel ?? {};
      if (members.length > 0) {
        const invited = await call<{ channel?: SlackConversation }>(
          'createGroup',
          'conversations.invite',
          { channel: id, users: members.join(',') },
          signal,
        );
        latest = { ...latest, ...invited.channel };
      }
      return { ...toGroupInfo(latest, id), ...(parsed.topic === undefined ? {} : { topic: parsed.topic }) };
    },

    async addMember(input: AddMemberInput, callOptions?: CallOptions): Promise<void> {
      const parsed = parseInput(addMemberInputSchema, input, { provider: PROVIDER, operation: 'addMember' });
      const channel = channelOf(parsed.chatId, 'addMember', 'chatId');
      const user = userOf(parsed.userId, 'addMember', 'userId');
      await call('addMember', 'conversations.invite', { channel, users: user }, callOptions?.signal);
    },

    getGroupInfo,

    async parseWebhook(request: Request, webhookOptions?: ParseWebhookOptions): Promise<WebhookResult> {
      const signingSecret = requireWebhookSecret(creds.signingSecret, PROVIDER, 'SLACK_SIGNING_SECRET');
      return guardWebhookParsing(PROVIDER, () =>
        parseSlackWebhook(request, {
          signingSecret,
          toleranceSeconds: opts.webhookToleranceSeconds,
          now: webhookOptions?.now,
        }),
      );
    },
  };
  return adapter;
}
