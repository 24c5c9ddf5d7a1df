import { delay, HttpResponse, http } from 'msw';
import errors from './__fixtures__/errors.json' with { type: 'json' };
import getMe from './__fixtures__/getMe.json' with { type: 'json' };

/** Base URL the tests point the adapter at (intercepted by msw, never the network). */
export const SIM_URL = 'https://telegram.test';
/** Canary bot token: must never appear in an error or audit entry. */
export const CANARY_TOKEN = '123456789:AAcanary-telegram-token_SECRET';
/** Canary webhook secret. */
export const CANARY_WEBHOOK_SECRET = 'canary_webhook_secret-9f8e7d';

/** Forum supergroup with topics (thread ids 7 and 9). */
export const FORUM_CHAT = -1001234567890;
/** Private chat with user Ada. */
export const PRIVATE_CHAT = 1111111;
/** A user who blocked the bot. */
export const BLOCKED_CHAT = 2222222;

/** One message the simulator stored. */
export interface StoredMessage {
  message_id: number;
  chat_id: number | string;
  text?: string;
  caption?: string;
  kind: string;
  file?: { source: 'url' | 'upload'; value: string; size?: number };
  message_thread_id?: number;
  reply_to?: number;
  parse_mode?: string;
}

type Update = { update_id: number; [key: string]: unknown };

function fail(body: { ok: false; error_code: number; description: string; parameters?: unknown }) {
  return HttpResponse.json(body, { status: body.error_code });
}

/** Checks MarkdownV2 the way Telegram does for the characters that are never markup. */
function markdownV2Problem(text: string): string | undefined {
  let inCode = false;
  let inLinkUrl = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      i += 1;
      continue;
    }
    if (c === '`') inCode = !inCode;
    if (inCode) continue;
    if (inLinkUrl) {
      if (c === ')') inLinkUrl = false;
      continue;
    }
    if (c === '(' && text[i - 1] === ']') {
      inLinkUrl = true;
      continue;
    }
    if ('#+-={}.!()'.includes(c) || (c === '>' && i > 0 && text[i - 1] !== '\n')) {
      return `Bad Request: can't parse entities: Character '${c}' is reserved and must be escaped with the preceding '\\'`;
    }
  }
  return undefined;
}

/**
 * In-memory Telegram Bot API: chats, messages, webhook and an update queue, answering with the
 * Bot API's own `{ ok, result }` / `{ ok: false, error_code, description }` bodies.
 */
export function createTelegramSimulator(options: { baseUrl?: string; token?: string } = {}) {
  const base = options.baseUrl ?? SIM_URL;
  const token = options.token ?? CANARY_TOKEN;
  const chats = new Map<string, Record<string, unknown>>([
    [
      String(FORUM_CHAT),
      {
        id: FORUM_CHAT,
        title: 'Ops',
        type: 'supergroup',
        is_forum: true,
        description: 'Operations room',
        members: 12,
        topics: [7, 9],
      },
    ],
    [
      String(PRIVATE_CHAT),
      { id: PRIVATE_CHAT, first_name: 'Ada', username: 'ada', type: 'private', members: 2 },
    ],
    [
      String(BLOCKED_CHAT),
      { id: BLOCKED_CHAT, first_name: 'Bob', type: 'private', blocked: true, members: 2 },
    ],
    [
      '-1009876543210',
      {
        id: -1009876543210,
        title: 'InfraFabric News',
        username: 'infrafabric_news',
        type: 'channel',
        members: 340,
      },
    ],
  ]);
  const messages: StoredMessage[] = [];
  const updates: Update[] = [];
  const state = {
    messages,
    updates,
    webhook: {
      url: '',
      secret_token: undefined as string | undefined,
      allowed_updates: undefined as unknown,
    },
    getUpdatesOffsets: [] as Array<number | undefined>,
    nextMessageId: 100,
  };

  const chatOf = (id: unknown) =>
    typeof id === 'string' && id.startsWith('@')
      ? [...chats.values()].find((c) => `@${c.username}` === id)
      : chats.get(String(id));
  const findMessage = (chatId: unknown, messageId: unknown) =>
    messages.find(
      (m) => String(m.chat_id) === String(chatOf(chatId)?.id ?? chatId) && m.message_id === Number(messageId),
    );

  async function readPayload(
    request: Request,
  ): Promise<{ payload: Record<string, unknown>; uploads: Map<string, File> }> {
    const type = request.headers.get('content-type') ?? '';
    const uploads = new Map<string, File>();
    if (type.startsWith('multipart/form-data')) {
      const form = await request.formData();
      const payload: Record<string, unknown> = {};
      for (const [key, value] of form.entries()) {
        if (typeof value === 'string') {
          payload[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
        } else uploads.set(key, value);
      }
      return { payload, uploads };
    }
    const text = await request.text();
    return { payload: text ? (JSON.parse(text) as Record<string, unknown>) : {}, uploads };
  }

  function messageJson(m: StoredMessage) {
    const chat = chatOf(m.chat_id)!;
    const { members: _m, topics: _t, blocked: _b, description: _d, ...publicChat } = chat;
    return {
      message_id: m.message_id,
      from: {
        id: getMe.result.id,
        is_bot: true,
        first_name: getMe.result.first_name,
        username: getMe.result.username,
      },
      chat: publicChat,
      date: 1732450000 + m.message_id,
      ...(m.message_thread_id === undefined
        ? {}
        : { message_thread_id: m.message_thread_id, is_topic_message: true }),
      ...(m.text === undefined ? {} : { text: m.text }),
      ...(m.caption === undefined ? {} : { caption: m.caption }),
      ...(m.reply_to === undefined
        ? {}
        : { reply_to_message: { message_id: m.reply_to, chat: publicChat, date: 1732450000 } }),
      ...(m.kind === 'photo'
        ? {
            photo: [
              { file_id: `file-${m.message_id}`, file_unique_id: `u${m.message_id}`, width: 90, height: 90 },
            ],
          }
        : {}),
      ...(m.kind !== 'photo' && m.kind !== 'text'
        ? { [m.kind]: { file_id: `file-${m.message_id}`, file_unique_id: `u${m.message_id}` } }
        : {}),
    };
  }

  /** Common checks of every send: chat exists, not blocked, topic exists, reply target exists. */
  function checkTarget(payload: Record<string, unknown>) {
    if (payload.chat_id === undefined || payload.chat_id === '')
      return fail({ ok: false, error_code: 400, description: 'Bad Request: chat_id is empty' });
    const chat = chatOf(payload.chat_id);
    if (!chat) return fail(errors.chatNotFound as never);
    if (chat.blocked) return fail(errors.blocked as never);
    if (
      payload.message_thread_id !== undefined &&
      !(chat.topics as number[] | undefined)?.includes(Number(payload.message_thread_id))
    )
      return fail({ ok: false, error_code: 400, description: 'Bad Request: message thread not found' });
    const reply = payload.reply_parameters as { message_id?: number } | undefined;
    if (reply && !findMessage(payload.chat_id, reply.message_id))
      return fail({
        ok: false,
        error_code: 400,
        description: 'Bad Request: message to be replied not found',
      });
    return undefined;
  }

  function checkEntities(text: string, parseMode: unknown) {
    if (parseMode === 'MarkdownV2') {
      const problem = markdownV2Problem(text);
      if (problem) return fail({ ok: false, error_code: 400, description: problem });
    }
    if (
      parseMode !== undefined &&
      parseMode !== 'MarkdownV2' &&
      parseMode !== 'HTML' &&
      parseMode !== 'Markdown'
    )
      return fail({
        ok: false,
        error_code: 400,
        description: `Bad Request: unsupported parse_mode "${String(parseMode)}"`,
      });
    return undefined;
  }

  function store(
    payload: Record<string, unknown>,
    kind: string,
    extra: Partial<StoredMessage>,
  ): StoredMessage {
    const stored: StoredMessage = {
      message_id: state.nextMessageId++,
      chat_id: chatOf(payload.chat_id)!.id as number,
      kind,
      ...(payload.message_thread_id === undefined
        ? {}
        : { message_thread_id: Number(payload.message_thread_id) }),
      ...(payload.reply_parameters
        ? { reply_to: (payload.reply_parameters as { message_id: number }).message_id }
        : {}),
      ...(typeof payload.parse_mode === 'string' ? { parse_mode: payload.parse_mode } : {}),
      ...extra,
    };
    messages.push(stored);
    return stored;
  }

  const ok = (result: unknown) => HttpResponse.json({ ok: true, result });

  const methods: Record<
    string,
    (
      payload: Record<string, unknown>,
      uploads: Map<string, File>,
      request: Request,
    ) => Promise<Response> | Response
  > = {
    getMe: () => ok(getMe.result),
    sendMessage: (p) => {
      const problem = checkTarget(p);
      if (problem) return problem;
      const text = String(p.text ?? '');
      if (text.length === 0)
        return fail({ ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
      if (text.length > 4096) return fail(errors.tooLong as never);
      const bad = checkEntities(text, p.parse_mode);
      if (bad) return bad;
      return ok(messageJson(store(p, 'text', { text })));
    },
    editMessageText: (p) => {
      if (!chatOf(p.chat_id)) return fail(errors.chatNotFound as never);
      const found = findMessage(p.chat_id, p.message_id);
      if (!found)
        return fail({ ok: false, error_code: 400, description: 'Bad Request: message to edit not found' });
      const text = String(p.text ?? '');
      if (text.length > 4096) return fail(errors.tooLong as never);
      const bad = checkEntities(text, p.parse_mode);
      if (bad) return bad;
      if (found.text === text)
        return fail({
          ok: false,
          error_code: 400,
          description:
            'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
        });
      found.text = text;
      return ok(messageJson(found));
    },
    deleteMessage: (p) => {
      if (!chatOf(p.chat_id)) return fail(errors.chatNotFound as never);
      const found = findMessage(p.chat_id, p.message_id);
      if (!found)
        return fail({ ok: false, error_code: 400, description: 'Bad Request: message to delete not found' });
      messages.splice(messages.indexOf(found), 1);
      return ok(true);
    },
    getChat: (p) => {
      const chat = chatOf(p.chat_id);
      if (!chat) return fail(errors.chatNotFound as never);
      const { members: _m, topics: _t, blocked: _b, ...info } = chat;
      return ok({ ...info, accent_color_id: 0, max_reaction_count: 11, accepted_gift_types: {} });
    },
    getChatMemberCount: (p) => {
      const chat = chatOf(p.chat_id);
      return chat ? ok(chat.members) : fail(errors.chatNotFound as never);
    },
    setWebhook: (p) => {
      const url = String(p.url ?? '');
      if (url !== '' && !url.startsWith('https://'))
        return fail({
          ok: false,
          error_code: 400,
          description: 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook',
        });
      if (p.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(String(p.secret_token)))
        return fail({
          ok: false,
          error_code: 400,
          description: 'Bad Request: bad webhook: Secret token contains unallowed characters',
        });
      state.webhook = {
        url,
        secret_token: p.secret_token as string | undefined,
        allowed_updates: p.allowed_updates,
      };
      return ok(true);
    },
    getWebhookInfo: () =>
      ok({
        url: state.webhook.url,
        has_custom_certificate: false,
        pending_update_count: updates.length,
        ...(state.webhook.allowed_updates ? { allowed_updates: state.webhook.allowed_updates } : {}),
      }),
    getUpdates: async (p, _u, request) => {
      if (state.webhook.url !== '') return fail(errors.conflict as never);
      const offset = p.offset === undefined ? undefined : Number(p.offset);
      state.getUpdatesOffsets.push(offset);
      if (offset !== undefined) {
        // Telegram forgets every update below the offset: they are confirmed.
        for (let i = updates.length - 1; i >= 0; i--)
          if (updates[i]!.update_id < offset) updates.splice(i, 1);
      }
      if (updates.length === 0) {
        // Long polling: hold the request briefly (not `timeout` seconds, to keep tests fast).
        await Promise.race([
          delay(Math.min(Number(p.timeout ?? 0) * 1000, 30)),
          new Promise((r) => request.signal.addEventListener('abort', r)),
        ]);
      }
      return ok(updates.slice(0, Number(p.limit ?? 100)));
    },
  };

  for (const [method, field] of [
    ['sendPhoto', 'photo'],
    ['sendVideo', 'video'],
    ['sendAudio', 'audio'],
    ['sendDocument', 'document'],
  ] as const) {
    methods[method] = (p, uploads) => {
      const problem = checkTarget(p);
      if (problem) return problem;
      const caption = p.caption === undefined ? undefined : String(p.caption);
      if (caption !== undefined && caption.length > 1024)
        return fail({ ok: false, error_code: 400, description: 'Bad Request: message caption is too long' });
      if (caption !== undefined) {
        const bad = checkEntities(caption, p.parse_mode);
        if (bad) return bad;
      }
      const value = p[field];
      let file: StoredMessage['file'];
      if (typeof value === 'string' && value.startsWith('attach://')) {
        const upload = uploads.get(value.slice('attach://'.length));
        if (!upload)
          return fail({
            ok: false,
            error_code: 400,
            description: `Bad Request: there is no ${field} in the request`,
          });
        file = { source: 'upload', value: upload.name, size: upload.size };
      } else if (typeof value === 'string' && /^https?:\/\//.test(value)) file = { source: 'url', value };
      else if (uploads.has(field)) {
        const upload = uploads.get(field)!;
        file = { source: 'upload', value: upload.name, size: upload.size };
      } else
        return fail({
          ok: false,
          error_code: 400,
          description: `Bad Request: there is no ${field} in the request`,
        });
      return ok(messageJson(store(p, field, { file, ...(caption === undefined ? {} : { caption }) })));
    };
  }

  const handlers = [
    http.post(`${base}/*`, async ({ request }) => {
      const match = /^\/bot([^/]+)\/(\w+)$/.exec(new URL(request.url).pathname);
      if (!match) return fail(errors.notFound as never);
      if (decodeURIComponent(match[1]!) !== token) return fail(errors.unauthorized as never);
      const handler = methods[match[2]!];
      if (!handler) return fail(errors.notFound as never);
      const { payload, uploads } = await readPayload(request);
      return handler(payload, uploads, request);
    }),
  ];

  return {
    handlers,
    state,
    /** Queues an update for `getUpdates` (ids must increase). */
    pushUpdate(update: Update) {
      updates.push(update);
    },
    /** Seeds a message the bot can edit, delete or reply to. */
    seedMessage(chatId: number, text: string, threadId?: number): number {
      return store(
        { chat_id: chatId, ...(threadId === undefined ? {} : { message_thread_id: threadId }) },
        'text',
        { text },
      ).message_id;
    },
  };
}

/** Telegram-shaped error bodies for the conformance suite's fault injector. */
export function telegramErrorResponse(
  _fault: string,
  status: number,
  retryAfterSeconds: number | undefined,
): Response {
  const description: Record<number, string> = {
    401: 'Unauthorized',
    403: 'Forbidden: bot was kicked from the supergroup chat',
    404: 'Not Found',
    429: `Too Many Requests: retry after ${retryAfterSeconds ?? 1}`,
    503: 'Service Unavailable',
  };
  return HttpResponse.json(
    {
      ok: false,
      error_code: status,
      description: description[status] ?? 'Error',
      ...(status === 429 ? { parameters: { retry_after: retryAfterSeconds ?? 1 } } : {}),
    },
    { status },
  );
}
