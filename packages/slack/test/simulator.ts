import type { FaultKind } from '@infrafabric/testing';
import { HttpResponse, http } from 'msw';
import authTest from './__fixtures__/auth.test.json' with { type: 'json' };
import conversationsInfo from './__fixtures__/conversations.info.json' with { type: 'json' };
import postMessage from './__fixtures__/chat.postMessage.json' with { type: 'json' };
import completeUpload from './__fixtures__/files.completeUploadExternal.json' with { type: 'json' };
import getUploadUrl from './__fixtures__/files.getUploadURLExternal.json' with { type: 'json' };

/** Web API root the tests point the adapter at (msw intercepts it). */
export const SIM_URL = 'https://slack.test/api';
/** Where the simulator tells the adapter to upload file bytes (Slack's files.slack.com). */
export const UPLOAD_URL = 'https://files.slack.test/upload/v1';
/** Canary credentials: they must never appear in an error or log. */
export const CANARY_TOKEN = 'xoxb-canary-0000-SECRET-token';
export const CANARY_SIGNING_SECRET = 'canary-signing-secret-8f14e45fceea167a';
/** A public channel that exists in the simulator. */
export const GENERAL = 'C012AB3CD';
/** A user that exists in the simulator. */
export const USER = 'U222BBB222';

/** A channel as the simulator stores it. */
export interface SimChannel {
  id: string;
  name: string;
  is_private: boolean;
  topic: string;
  members: Set<string>;
  messages: Array<{
    type: 'message';
    ts: string;
    text: string;
    user: string;
    thread_ts?: string;
    blocks?: unknown;
    bot_id?: string;
  }>;
}

/** Slack's documented error body, `{ ok: false, error }`, as HTTP 200 (Slack's convention). */
export function slackError(error: string, init: { status?: number; headers?: Record<string, string> } = {}) {
  return HttpResponse.json({ ok: false, error }, { status: init.status ?? 200, headers: init.headers });
}

/** Fault responses as Slack sends them: auth/scope/not-found errors are HTTP 200 bodies. */
export function slackFaultResponse(
  fault: FaultKind,
  status: number,
  retryAfterSeconds: number | undefined,
): Response {
  if (fault === 'unauthorized') return slackError('invalid_auth');
  if (fault === 'forbidden') return slackError('missing_scope');
  if (fault === 'not_found') return slackError('channel_not_found');
  if (fault === 'rate_limited')
    return slackError('ratelimited', {
      status: 429,
      headers: { 'retry-after': String(retryAfterSeconds ?? 1) },
    });
  return new HttpResponse('<html>upstream error</html>', {
    status,
    headers: { 'content-type': 'text/html' },
  });
}

/**
 * An in-memory Slack workspace behind msw: the Web API methods the adapter uses, with Slack's
 * response shapes (from the documentation examples in __fixtures__), form-encoded arguments, bearer
 * token auth and the external file-upload flow.
 */
export function createSlackSimulator() {
  let clock = 1_700_000_000;
  let seq = 0;
  const nextTs = () => `${clock++}.${String(++seq).padStart(6, '0')}`;
  const channels = new Map<string, SimChannel>();
  const uploads = new Map<string, { filename: string; length: number; bytes?: Uint8Array }>();
  channels.set(GENERAL, {
    id: GENERAL,
    name: 'general',
    is_private: false,
    topic: conversationsInfo.channel.topic.value,
    members: new Set([USER]),
    messages: [],
  });

  async function argsOf(request: Request): Promise<Record<string, string>> {
    const type = request.headers.get('content-type') ?? '';
    if (type.startsWith('application/json')) return (await request.json()) as Record<string, string>;
    if (type.startsWith('application/x-www-form-urlencoded'))
      return Object.fromEntries(new URLSearchParams(await request.text()));
    return {};
  }

  const channelOr = (id: string | undefined) => (id ? channels.get(id) : undefined);

  const methods: Record<string, (args: Record<string, string>) => Response> = {
    'auth.test': () => HttpResponse.json(authTest),
    'chat.postMessage': (args) => {
      const channel = channelOr(args.channel);
      if (!channel) return slackError('channel_not_found');
      if (!args.text && !args.blocks) return slackError('no_text');
      if (args.thread_ts && !channel.messages.some((m) => m.ts === args.thread_ts))
        return slackError('thread_not_found');
      const message = {
        type: 'message' as const,
        ts: nextTs(),
        text: args.text ?? '',
        user: authTest.user_id,
        bot_id: authTest.bot_id,
        ...(args.thread_ts ? { thread_ts: args.thread_ts } : {}),
        ...(args.blocks ? { blocks: JSON.parse(args.blocks) as unknown } : {}),
      };
      channel.messages.push(message);
      return HttpResponse.json({
        ...postMessage,
        channel: channel.id,
        ts: message.ts,
        message: { ...postMessage.message, ...message },
      });
    },
    'chat.update': (args) => {
      const channel = channelOr(args.channel);
      if (!channel) return slackError('channel_not_found');
      const message = channel.messages.find((m) => m.ts === args.ts);
      if (!message) return slackError('message_not_found');
      message.text = args.text ?? message.text;
      return HttpResponse.json({
        ok: true,
        channel: channel.id,
        ts: message.ts,
        text: message.text,
        message: { text: message.text, user: message.user },
      });
    },
    'chat.delete': (args) => {
      const channel = channelOr(args.channel);
      if (!channel) return slackError('channel_not_found');
      const index = channel.messages.findIndex((m) => m.ts === args.ts);
      if (index < 0) return slackError('message_not_found');
      channel.messages.splice(index, 1);
      return HttpResponse.json({ ok: true, channel: channel.id, ts: args.ts });
    },
    'conversations.history': (args) =>
      pageOf(channelOr(args.channel), args, (m) => m.thread_ts === undefined || m.thread_ts === m.ts, true),
    'conversations.replies': (args) =>
      pageOf(
        channelOr(args.channel),
        args,
        (m) => m.ts === args.ts || m.thread_ts === args.ts,
        false,
        args.ts,
      ),
    'conversations.info': (args) => {
      const channel = channelOr(args.channel);
      if (!channel) return slackError('channel_not_found');
      return HttpResponse.json({ ...conversationsInfo, channel: infoOf(channel) });
    },
    'conversations.create': (args) => {
      if (!args.name || !/^[a-z0-9_-]{1,80}$/.test(args.name)) return slackError('invalid_name_specials');
      if ([...channels.values()].some((c) => c.name === args.name)) return slackError('name_taken');
      const id = `C${String(channels.size + 100).padStart(8, '0')}`;
      const channel: SimChannel = {
        id,
        name: args.name,
        is_private: args.is_private === 'true',
        topic: '',
        members: new Set([authTest.user_id]),
        messages: [],
      };
      channels.set(id, channel);
      return HttpResponse.json({ ok: true, channel: infoOf(channel) });
    },
    'conversations.setTopic': (args) => {
      const channel = channelOr(args.channel);
      if (!channel) return slackError('channel_not_found');
      channel.topic = args.topic ?? '';
      return HttpResponse.json({ ok: true, channel: infoOf(channel) });
    },
    'conversations.invite': (args) => {
      const channel = channelOr(args.channel);
      if (!channel) return slackError('channel_not_found');
      const users = (args.users ?? '').split(',').filter(Boolean);
      if (users.length === 0) return slackError('no_user');
      if (users.some((u) => !u.startsWith('U') && !u.startsWith('W'))) return slackError('user_not_found');
      if (users.some((u) => channel.members.has(u))) return slackError('already_in_channel');
      for (const u of users) channel.members.add(u);
      return HttpResponse.json({ ok: true, channel: infoOf(channel) });
    },
    'files.getUploadURLExternal': (args) => {
      if (!args.filename || !args.length) return slackError('invalid_arguments');
      const fileId = `F${String(uploads.size + 1).padStart(8, '0')}`;
      uploads.set(fileId, { filename: args.filename, length: Number(args.length) });
      return HttpResponse.json({ ...getUploadUrl, upload_url: `${UPLOAD_URL}/${fileId}`, file_id: fileId });
    },
    'files.completeUploadExternal': (args) => {
      const files = JSON.parse(args.files ?? '[]') as Array<{ id: string; title?: string }>;
      const missing = files.find((f) => !uploads.get(f.id)?.bytes);
      if (files.length === 0 || missing) return slackError('file_not_found');
      const channel = channelOr(args.channel_id);
      if (args.channel_id && !channel) return slackError('channel_not_found');
      if (channel)
        channel.messages.push({
          type: 'message',
          ts: nextTs(),
          text: args.initial_comment ?? '',
          user: authTest.user_id,
          ...(args.thread_ts ? { thread_ts: args.thread_ts } : {}),
        });
      return HttpResponse.json({
        ...completeUpload,
        files: files.map((f) => ({
          ...completeUpload.files[0],
          id: f.id,
          title: f.title ?? uploads.get(f.id)?.filename,
        })),
      });
    },
  };

  function infoOf(channel: SimChannel) {
    return {
      ...conversationsInfo.channel,
      id: channel.id,
      name: channel.name,
      name_normalized: channel.name,
      is_general: channel.id === GENERAL,
      is_private: channel.is_private,
      topic: { ...conversationsInfo.channel.topic, value: channel.topic },
      num_members: channel.members.size,
    };
  }

  function pageOf(
    channel: SimChannel | undefined,
    args: Record<string, string>,
    keep: (m: SimChannel['messages'][number]) => boolean,
    newestFirst: boolean,
    threadTs?: string,
  ) {
    if (!channel) return slackError('channel_not_found');
    if (threadTs !== undefined && !channel.messages.some((m) => m.ts === threadTs))
      return slackError('thread_not_found');
    const all = channel.messages.filter(keep);
    if (newestFirst) all.reverse();
    const start = args.cursor
      ? Number(Buffer.from(args.cursor, 'base64').toString().replace('offset:', ''))
      : 0;
    if (!Number.isInteger(start)) return slackError('invalid_cursor');
    const limit = Number(args.limit ?? 100);
    const messages = all.slice(start, start + limit);
    const more = start + limit < all.length;
    return HttpResponse.json({
      ok: true,
      messages,
      has_more: more,
      pin_count: 0,
      response_metadata: {
        next_cursor: more ? Buffer.from(`offset:${start + limit}`).toString('base64') : '',
      },
    });
  }

  const handlers = [
    http.post(`${SIM_URL}/:method`, async ({ request, params }) => {
      if (request.headers.get('authorization') !== `Bearer ${CANARY_TOKEN}`)
        return slackError('invalid_auth');
      const method = methods[String(params.method)];
      if (!method) return slackError('unknown_method');
      return method(await argsOf(request));
    }),
    http.post(`${UPLOAD_URL}/:fileId`, async ({ request, params }) => {
      const upload = uploads.get(String(params.fileId));
      if (!upload) return new HttpResponse('not found', { status: 404 });
      const form = await request.formData();
      const part = [...form.values()].find((v): v is File => typeof v !== 'string');
      if (!part) return new HttpResponse('no file', { status: 400 });
      upload.bytes = new Uint8Array(await part.arrayBuffer());
      return new HttpResponse(`OK - ${upload.bytes.byteLength}`, { status: 200 });
    }),
  ];

  return { handlers, channels, uploads };
}
