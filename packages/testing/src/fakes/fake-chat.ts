import {
  type CallOptions,
  type ChatAdapter,
  type ChatCapabilities,
  type ChatMessage,
  type CreateGroupInput,
  type DeleteMessageInput,
  type EditMessageInput,
  type GetHistoryInput,
  type GroupInfo,
  type InboundEvent,
  NotFoundError,
  type Page,
  SPECIFICATION_VERSION,
  type SendMediaInput,
  type SendMessageInput,
  type SentMessage,
  createGroupInputSchema,
  deleteMessageInputSchema,
  editMessageInputSchema,
  getHistoryInputSchema,
  parseInput,
  sendMediaInputSchema,
  sendMessageInputSchema,
} from '@infrafabric/core';
import { FailurePlan, type FakeOptions, simulateLatency } from './fake-failures';

/** A message the fake chat platform received. */
export interface FakeChatRecord extends ChatMessage {
  format: string;
  idempotencyKey?: string | undefined;
}

/**
 * An in-memory chat platform for your own tests: records every message it is sent, supports
 * edit/delete/history/groups, and can be told to fail (`failures.failNext(...)`).
 *
 * @example
 * ```ts
 * const chat = new FakeChatAdapter({ name: 'team-chat' });
 * bus.use(chat);
 * await bus.chat.send('team-chat', { to: { chatId: 'ops' }, text: 'hi' });
 * expect(chat.sent).toHaveLength(1);
 * ```
 */
export class FakeChatAdapter implements ChatAdapter {
  readonly specificationVersion = SPECIFICATION_VERSION;
  readonly inputIsReadOnly = true;
  readonly kind = 'chat' as const;
  readonly provider = 'fake-chat';
  readonly name: string;
  readonly capabilities: ChatCapabilities = {
    operations: {
      sendMedia: true,
      editMessage: true,
      deleteMessage: true,
      getHistory: true,
      createGroup: true,
      addMember: false,
      getGroupInfo: false,
      setWebhook: false,
      parseWebhook: false,
      receive: false,
    },
    formats: ['plain', 'markdown'],
    maxTextLength: 4000,
    replies: true,
    threads: true,
    media: { url: true, bytes: true },
    idempotencyKeys: true,
  };
  /** Planned failures. */
  readonly failures = new FailurePlan();
  /** Every message sent, oldest first (deleted ones removed). */
  readonly sent: FakeChatRecord[] = [];
  private readonly groups: GroupInfo[] = [];
  private readonly byKey = new Map<string, SentMessage>();
  private counter = 0;

  constructor(private readonly options: FakeOptions = {}) {
    this.name = options.name ?? this.provider;
  }

  async check() {
    return { id: `${this.name}-bot`, name: 'Fake bot' };
  }

  async sendMessage(raw: SendMessageInput, call: CallOptions = {}): Promise<SentMessage> {
    const input = parseInput(sendMessageInputSchema, raw, { provider: this.name, operation: 'sendMessage' });
    await simulateLatency(this.options.latencyMs, call.signal);
    this.failures.maybeThrow('sendMessage');
    const previous = call.idempotencyKey ? this.byKey.get(call.idempotencyKey) : undefined;
    if (previous) return previous;
    const id = `m${++this.counter}`;
    this.sent.push({
      id,
      chatId: input.to.chatId,
      threadId: input.to.threadId,
      sender: { id: `${this.name}-bot`, isBot: true },
      text: input.text,
      format: input.format,
      timestamp: new Date().toISOString(),
      replyTo: input.replyTo,
      idempotencyKey: call.idempotencyKey,
    });
    const result = { id, chatId: input.to.chatId, threadId: input.to.threadId };
    if (call.idempotencyKey) this.byKey.set(call.idempotencyKey, result);
    return result;
  }

  async sendMedia(raw: SendMediaInput, call: CallOptions = {}): Promise<SentMessage> {
    const input = parseInput(sendMediaInputSchema, raw, { provider: this.name, operation: 'sendMedia' });
    return this.sendMessage({ to: input.to, text: input.caption ?? `[${input.media.type}]` }, call);
  }

  async editMessage(raw: EditMessageInput): Promise<SentMessage> {
    const input = parseInput(editMessageInputSchema, raw, { provider: this.name, operation: 'editMessage' });
    this.failures.maybeThrow('editMessage');
    const message = this.sent.find((m) => m.id === input.messageId && m.chatId === input.chatId);
    if (!message) throw new NotFoundError(undefined, { provider: this.name, operation: 'editMessage' });
    message.text = input.text;
    return { id: message.id, chatId: message.chatId };
  }

  async deleteMessage(raw: DeleteMessageInput): Promise<void> {
    const input = parseInput(deleteMessageInputSchema, raw, {
      provider: this.name,
      operation: 'deleteMessage',
    });
    this.failures.maybeThrow('deleteMessage');
    const index = this.sent.findIndex((m) => m.id === input.messageId && m.chatId === input.chatId);
    if (index < 0) throw new NotFoundError(undefined, { provider: this.name, operation: 'deleteMessage' });
    this.sent.splice(index, 1);
  }

  async getHistory(raw: GetHistoryInput): Promise<Page<ChatMessage>> {
    const input = parseInput(getHistoryInputSchema, raw, { provider: this.name, operation: 'getHistory' });
    const all = this.sent.filter((m) => m.chatId === input.chatId).reverse();
    const start = input.cursor ? Number(input.cursor) : 0;
    const items = all.slice(start, start + input.limit);
    const next = start + input.limit < all.length ? String(start + input.limit) : undefined;
    return { items, nextCursor: next };
  }

  async createGroup(raw: CreateGroupInput): Promise<GroupInfo> {
    const input = parseInput(createGroupInputSchema, raw, { provider: this.name, operation: 'createGroup' });
    const group = {
      id: `g${this.groups.length + 1}`,
      name: input.name,
      private: input.private,
      memberCount: input.members?.length ?? 0,
    };
    this.groups.push(group);
    return group;
  }

  /** Builds an inbound message event as if a user wrote `text` in `chatId` (for routing tests). */
  inbound(chatId: string, text: string, userId = 'user-1'): InboundEvent {
    const id = `in${++this.counter}`;
    return {
      type: 'message',
      provider: this.name,
      id,
      time: new Date().toISOString(),
      message: { id, chatId, sender: { id: userId }, text, timestamp: new Date().toISOString() },
    };
  }
}
