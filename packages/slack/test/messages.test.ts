import {
  AuthenticationError,
  NotFoundError,
  PermissionError,
  ProviderError,
  RateLimitError,
  ValidationError,
} from '@infrafabric/core';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { createSlack } from '../src/index';
import { useSlackSimulator } from './setup';
import { CANARY_TOKEN, GENERAL, SIM_URL, slackError, USER } from './simulator';

const { adapter, simulator, server, requests, lastArgs } = useSlackSimulator();

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('slack messages', () => {
  it('check() calls auth.test and returns the bot identity', async () => {
    const identity = await adapter.check();
    expect(identity).toMatchObject({
      id: 'W23456789',
      name: 'bot',
      details: { teamId: 'T0G9PQBBK', botId: 'BZYBOTHED' },
    });
    await requests.settled();
    expect(requests.requests[0]?.headers.authorization).toBe(`Bearer ${CANARY_TOKEN}`);
  });

  it('posts plain text escaped, with mrkdwn off', async () => {
    const sent = await adapter.sendMessage({ to: { chatId: GENERAL }, text: 'a < b & *not bold*' });
    expect(sent.chatId).toBe(GENERAL);
    expect(sent.id).toMatch(/^\d+\.\d+$/);
    expect(sent.timestamp).toMatch(/^20\d\d-/);
    const args = await lastArgs('chat.postMessage');
    expect(args).toMatchObject({ channel: GENERAL, text: 'a &lt; b &amp; *not bold*', mrkdwn: 'false' });
  });

  it('translates markdown to mrkdwn', async () => {
    await adapter.sendMessage({
      to: { chatId: GENERAL },
      text: '**Deploy** of [v2](https://x.dev) is ~~late~~ *now*',
      format: 'markdown',
    });
    const args = await lastArgs('chat.postMessage');
    expect(args.text).toBe('*Deploy* of <https://x.dev|v2> is ~late~ _now_');
    expect(args.mrkdwn).toBeUndefined();
  });

  it('replies in a thread (replyTo becomes thread_ts) and sends blocks from providerOptions', async () => {
    const parent = await adapter.sendMessage({ to: { chatId: GENERAL }, text: 'parent' });
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*hi*' } }];
    const reply = await adapter.sendMessage({
      to: { chatId: GENERAL },
      text: 'fallback',
      replyTo: parent.id,
      providerOptions: { slack: { blocks, unfurlLinks: false } },
    });
    expect(reply.threadId).toBe(parent.id);
    const args = await lastArgs('chat.postMessage');
    expect(args.thread_ts).toBe(parent.id);
    expect(JSON.parse(args.blocks ?? '')).toEqual(blocks);
    expect(args.unfurl_links).toBe('false');
  });

  it('rejects unknown slack provider options, html and bad ids before any request', async () => {
    const bad = [
      adapter.sendMessage({ to: { chatId: GENERAL }, text: 'x', providerOptions: { slack: { blokcs: [] } } }),
      adapter.sendMessage({ to: { chatId: GENERAL }, text: 'x', format: 'html' }),
      adapter.sendMessage({ to: { chatId: 'general channel' }, text: 'x' }),
      adapter.sendMessage({ to: { chatId: GENERAL, threadId: '12' }, text: 'x' }),
      adapter.sendMessage({ to: { chatId: GENERAL }, text: 'x'.repeat(40_001) }),
    ];
    const fields = [];
    for (const call of bad) {
      const error = await rejection(call);
      expect(ValidationError.isInstance(error)).toBe(true);
      fields.push((error as ValidationError).field);
    }
    expect(fields).toEqual(['providerOptions.slack', 'format', 'to.chatId', 'to.threadId', 'text']);
    await requests.settled();
    expect(requests.requests).toHaveLength(0);
  });

  it('edits and deletes a message', async () => {
    const sent = await adapter.sendMessage({ to: { chatId: GENERAL }, text: 'draft' });
    const edited = await adapter.editMessage!({
      chatId: GENERAL,
      messageId: sent.id,
      text: '**final**',
      format: 'markdown',
    });
    expect(edited.id).toBe(sent.id);
    expect(await lastArgs('chat.update')).toMatchObject({ channel: GENERAL, ts: sent.id, text: '*final*' });
    await adapter.deleteMessage!({ chatId: GENERAL, messageId: sent.id });
    expect(simulator.channels.get(GENERAL)?.messages.some((m) => m.ts === sent.id)).toBe(false);
    const error = await rejection(adapter.deleteMessage!({ chatId: GENERAL, messageId: sent.id }));
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect((error as NotFoundError).providerCode).toBe('message_not_found');
  });

  it('uploads bytes with the external upload flow (never files.upload)', async () => {
    const data = new TextEncoder().encode('hello file');
    const sent = await adapter.sendMedia!({
      to: { chatId: GENERAL },
      media: { type: 'file', data, filename: 'hello.txt' },
      caption: 'see *this*',
      format: 'markdown',
    });
    expect(sent.id).toMatch(/^F\d+$/);
    await requests.settled();
    const paths = requests.requests.map((r) => r.url.pathname);
    expect(paths).toEqual([
      '/api/files.getUploadURLExternal',
      `/upload/v1/${sent.id}`,
      '/api/files.completeUploadExternal',
    ]);
    expect(await lastArgs('files.getUploadURLExternal')).toMatchObject({
      filename: 'hello.txt',
      length: String(data.byteLength),
    });
    const complete = await lastArgs('files.completeUploadExternal');
    expect(complete).toMatchObject({ channel_id: GENERAL, initial_comment: 'see _this_' });
    expect(simulator.uploads.get(sent.id)?.bytes).toEqual(data);
  });

  it('posts media by URL as an image block or a link, without downloading it', async () => {
    await adapter.sendMedia!({
      to: { chatId: GENERAL },
      media: { type: 'image', url: 'https://cdn.example.com/chart.png' },
      caption: 'Chart',
    });
    const image = await lastArgs('chat.postMessage');
    expect(JSON.parse(image.blocks ?? '')).toContainEqual({
      type: 'image',
      image_url: 'https://cdn.example.com/chart.png',
      alt_text: 'Chart',
    });
    await adapter.sendMedia!({
      to: { chatId: GENERAL },
      media: { type: 'image', url: 'https://cdn.example.com/chart.png' },
      caption: 'see **this**',
      format: 'markdown',
    });
    expect(JSON.parse((await lastArgs('chat.postMessage')).blocks ?? '')).toContainEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: 'see *this*' },
    });
    await adapter.sendMedia!({
      to: { chatId: GENERAL },
      media: { type: 'video', url: 'https://cdn.example.com/v.mp4', filename: 'v.mp4' },
    });
    expect((await lastArgs('chat.postMessage')).text).toBe('<https://cdn.example.com/v.mp4|v.mp4>');
    expect(requests.requests.every((r) => r.url.host === 'slack.test')).toBe(true);
  });

  it('sends attachments of a message as follow-up posts and returns their ids', async () => {
    const sent = await adapter.sendMessage({
      to: { chatId: GENERAL },
      text: 'with files',
      attachments: [{ type: 'image', url: 'https://cdn.example.com/a.png' }],
    });
    expect(sent.additionalIds).toHaveLength(1);
    expect(sent.additionalIds?.[0]).not.toBe(sent.id);
  });

  it('pages history with cursors, newest first, and reads thread replies', async () => {
    const channel = await adapter.createGroup!({ name: 'history-room' });
    const ids: string[] = [];
    for (const n of [1, 2, 3])
      ids.push((await adapter.sendMessage({ to: { chatId: channel.id }, text: `m${n}` })).id);
    await adapter.sendMessage({ to: { chatId: channel.id, threadId: ids[0] }, text: 'in thread' });
    const first = await adapter.getHistory!({ chatId: channel.id, limit: 2 });
    expect(first.items.map((m) => m.text)).toEqual(['m3', 'm2']);
    expect(first.nextCursor).toBeDefined();
    expect(await lastArgs('conversations.history')).toMatchObject({ channel: channel.id, limit: '2' });
    const second = await adapter.getHistory!({ chatId: channel.id, limit: 2, cursor: first.nextCursor });
    expect(second.items.map((m) => m.text)).toEqual(['m1']);
    expect(second.nextCursor).toBeUndefined();
    const thread = await adapter.getHistory!({ chatId: channel.id, threadId: ids[0] });
    expect(thread.items.map((m) => m.text)).toEqual(['m1', 'in thread']);
    expect(thread.items[1]?.threadId).toBe(ids[0]);
    expect(await lastArgs('conversations.replies')).toMatchObject({ ts: ids[0] });
  });

  it('creates a private channel with topic and members, invites, and reads info', async () => {
    const group = await adapter.createGroup!({
      name: 'ops-room',
      private: true,
      topic: 'Incidents',
      members: [USER],
    });
    expect(group).toMatchObject({ name: 'ops-room', private: true, topic: 'Incidents', memberCount: 2 });
    expect(await lastArgs('conversations.create')).toMatchObject({ name: 'ops-room', is_private: 'true' });
    await adapter.addMember!({ chatId: group.id, userId: 'U333CCC333' });
    expect(await lastArgs('conversations.invite')).toEqual({ channel: group.id, users: 'U333CCC333' });
    const info = await adapter.getGroupInfo!({ chatId: group.id });
    expect(info).toMatchObject({
      id: group.id,
      name: 'ops-room',
      private: true,
      topic: 'Incidents',
      memberCount: 3,
    });
    const already = await rejection(adapter.addMember!({ chatId: group.id, userId: 'U333CCC333' }));
    expect((already as ValidationError).providerCode).toBe('already_in_channel');
    const badName = await rejection(adapter.createGroup!({ name: 'Ops Room' }));
    expect((badName as ValidationError).field).toBe('name');
  });
});

describe('slack error mapping', () => {
  const cases: Array<[string, { isInstance(v: unknown): boolean }]> = [
    ['invalid_auth', AuthenticationError],
    ['token_revoked', AuthenticationError],
    ['account_inactive', AuthenticationError],
    ['missing_scope', PermissionError],
    ['channel_not_found', NotFoundError],
    ['user_not_found', NotFoundError],
    ['invalid_arguments', ValidationError],
    ['msg_too_long', ValidationError],
    ['no_text', ValidationError],
  ];
  for (const [code, errorClass] of cases) {
    it(`maps ${code}`, async () => {
      server.use(http.post(`${SIM_URL}/chat.postMessage`, () => slackError(code)));
      const error = await rejection(adapter.sendMessage({ to: { chatId: GENERAL }, text: 'x' }));
      expect(errorClass.isInstance(error), String(error)).toBe(true);
      expect((error as ProviderError).providerCode).toBe(code);
      expect((error as ProviderError).message).not.toContain(CANARY_TOKEN);
    });
  }

  it('maps fatal_error and internal_error to retryable provider errors', async () => {
    for (const code of ['fatal_error', 'internal_error']) {
      server.use(http.post(`${SIM_URL}/chat.postMessage`, () => slackError(code)));
      const error = (await rejection(
        adapter.sendMessage({ to: { chatId: GENERAL }, text: 'x' }),
      )) as ProviderError;
      expect(ProviderError.isInstance(error)).toBe(true);
      expect(error.retryable).toBe(true);
      expect(error.providerCode).toBe(code);
    }
  });

  it('maps HTTP 429 with Retry-After to RateLimitError without retrying inside the SDK', async () => {
    server.use(
      http.post(`${SIM_URL}/chat.postMessage`, () =>
        slackError('ratelimited', { status: 429, headers: { 'retry-after': '7' } }),
      ),
    );
    const error = (await rejection(
      adapter.sendMessage({ to: { chatId: GENERAL }, text: 'x' }),
    )) as RateLimitError;
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error.retryAfterMs).toBe(7000);
    await requests.settled();
    expect(requests.requests).toHaveLength(1);
  });

  it('maps HTTP 5xx to a retryable provider error after exactly one request', async () => {
    server.use(http.post(`${SIM_URL}/chat.postMessage`, () => new HttpResponse('down', { status: 500 })));
    const error = (await rejection(
      adapter.sendMessage({ to: { chatId: GENERAL }, text: 'x' }),
    )) as ProviderError;
    expect(error.retryable).toBe(true);
    expect(error.status).toBe(500);
    await requests.settled();
    expect(requests.requests).toHaveLength(1);
  });

  it('honours the abort signal', async () => {
    server.use(http.post(`${SIM_URL}/chat.postMessage`, () => new Promise<Response>(() => undefined)));
    const controller = new AbortController();
    const pending = rejection(
      adapter.sendMessage({ to: { chatId: GENERAL }, text: 'x' }, { signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 20);
    const error = (await pending) as ProviderError;
    expect(error.code).toBe('timeout');
  });

  it('a wrong token is an AuthenticationError (the simulator checks the bearer token)', async () => {
    const other = createSlack({ token: 'xoxb-wrong-token-123' }, { baseUrl: SIM_URL });
    const error = await rejection(other.check());
    expect(AuthenticationError.isInstance(error)).toBe(true);
  });
});
