import type { AccountIdentity } from '../schemas/common';
import type {
  AddMemberInput,
  ChatMessage,
  CreateGroupInput,
  DeleteMessageInput,
  EditMessageInput,
  GetGroupInfoInput,
  GetHistoryInput,
  GroupInfo,
  MessageFormat,
  SendMediaInput,
  SendMessageInput,
  SentMessage,
  SetWebhookInput,
  WebhookInfo,
} from '../schemas/chat';
import type { Page } from '../schemas/common';
import type { Adapter, BaseCapabilities, CallOptions } from './adapter';
import type { InboundEvent, ParseWebhookOptions, WebhookResult } from './inbound';

/** Optional chat operations, each mirrored in `capabilities.operations`. */
export const CHAT_OPERATIONS = [
  'sendMedia',
  'editMessage',
  'deleteMessage',
  'getHistory',
  'createGroup',
  'addMember',
  'getGroupInfo',
  'setWebhook',
  'parseWebhook',
  'receive',
] as const;
/** Optional chat operation name. */
export type ChatOperation = (typeof CHAT_OPERATIONS)[number];

/** What a chat platform can do. */
export interface ChatCapabilities extends BaseCapabilities<ChatOperation> {
  /** Text formats the adapter accepts (it translates `markdown` to the platform dialect). */
  readonly formats: readonly MessageFormat[];
  /** Longest text one message may hold; longer text is split or rejected (see the adapter README). */
  readonly maxTextLength: number;
  /** Replies to a message id. */
  readonly replies: boolean;
  /** Threads (Slack threads, Telegram topics, Discord threads). */
  readonly threads: boolean;
  /** How media can be given. */
  readonly media: { readonly url: boolean; readonly bytes: boolean };
}

/**
 * A chat platform: Slack, Telegram, Discord, WhatsApp... `sendMessage` and `check` are required;
 * everything else is optional and listed in `capabilities.operations`.
 */
export interface ChatAdapter extends Adapter<'chat', ChatCapabilities> {
  /** Sends a text message (with formatting, reply, thread). */
  sendMessage(input: SendMessageInput, options?: CallOptions): Promise<SentMessage>;
  /** Sends one image, video, audio clip or file, by URL or bytes. */
  sendMedia?(input: SendMediaInput, options?: CallOptions): Promise<SentMessage>;
  editMessage?(input: EditMessageInput, options?: CallOptions): Promise<SentMessage>;
  deleteMessage?(input: DeleteMessageInput, options?: CallOptions): Promise<void>;
  /** Reads messages, newest first, with a cursor for older pages. */
  getHistory?(input: GetHistoryInput, options?: CallOptions): Promise<Page<ChatMessage>>;
  createGroup?(input: CreateGroupInput, options?: CallOptions): Promise<GroupInfo>;
  addMember?(input: AddMemberInput, options?: CallOptions): Promise<void>;
  getGroupInfo?(input: GetGroupInfoInput, options?: CallOptions): Promise<GroupInfo>;
  /** Points the platform's event delivery at `url`. */
  setWebhook?(input: SetWebhookInput, options?: CallOptions): Promise<WebhookInfo>;
  /** Verifies and normalizes an inbound webhook request. */
  parseWebhook?(request: Request, options?: ParseWebhookOptions): Promise<WebhookResult>;
  /** Streams inbound events by polling or a gateway connection, until `signal` aborts. */
  receive?(options?: { signal?: AbortSignal }): AsyncIterable<InboundEvent>;
}

/** The chat `check()` result. */
export type BotIdentity = AccountIdentity;
