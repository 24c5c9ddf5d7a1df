import {
  AuthenticationError,
  NotFoundError,
  PermissionError,
  type ProviderError,
  RateLimitError,
  ValidationError,
} from '@infrafabric/core';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  createDiscord,
  discordErrorFromBody,
  escapeDiscordMarkdown,
  nonceFromIdempotencyKey,
} from '../src/index';
import errors from './__fixtures__/errors.json' with { type: 'json' };
import { useDiscordSimulator } from './setup';
import { CANARY_TOKEN, CHANNEL, discordError, GUILD, MEMBER, SIM_URL } from './simulator';

const { adapter, simulator, server, requests, lastBody } = useDiscordSimulator();
const MESSAGES = /\/channels\/\d+\/messages$/;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('discord messages', () => {
  it('check() reads GET /users/@me with the Bot token', async () => {
    expect(await adapter.check()).toMatchObject({
      id: '80351110224678912',
      name: 'Nelly',
      details: { bot: true },
    });
    await requests.settled();
    expect(requests.requests[0]?.url.pathname).toBe('/api/v10/users/@me');
    expect(requests.requests[0]?.headers.authorization).toBe(`Bot ${CANARY_TOKEN}`);
  });

  it('sends markdown as is, escapes plain text, and pings nobody by default', async () => {
    const sent = await adapter.sendMessage({
      to: { chatId: CHANNEL },
      text: '**bold** @everyone',
      format: 'markdown',
    });
    expect(sent).toMatchObject({ chatId: CHANNEL });
    expect(sent.id).toMatch(/^\d+$/);
    expect(await lastBody('POST', MESSAGES)).toMatchObject({
      content: '**bold** @everyone',
      allowed_mentions: { parse: [] },
    });
    await adapter.sendMessage({ to: { chatId: CHANNEL }, text: '2 * 3 = *six*' });
    expect((await lastBody('POST', MESSAGES)).content).toBe('2 \\* 3 = \\*six\\*');
  });

  it('passes the idempotency key as nonce with enforce_nonce, and Discord dedupes', async () => {
    const key = '3f0c9b8e-7f6d-4e1a-9c5b-2a1d0e9f8c7b';
    const first = await adapter.sendMessage(
      { to: { chatId: CHANNEL }, text: 'once' },
      { idempotencyKey: key },
    );
    const again = await adapter.sendMessage(
      { to: { chatId: CHANNEL }, text: 'once' },
      { idempotencyKey: key },
    );
    expect(again.id).toBe(first.id);
    const body = await lastBody('POST', MESSAGES);
    expect(body).toMatchObject({ nonce: nonceFromIdempotencyKey(key), enforce_nonce: true });
    expect(String(body.nonce).length).toBeLessThanOrEqual(25);
    expect(nonceFromIdempotencyKey('short-key')).toBe('short-key');
  });

  it('replies with message_reference, sends embeds and silent flags, posts into threads', async () => {
    const parent = await adapter.sendMessage({ to: { chatId: CHANNEL }, text: 'parent' });
    const embeds = [{ title: 'Build', description: 'green', color: 0x2ecc71 }];
    await adapter.sendMessage({
      to: { chatId: CHANNEL },
      text: 'reply',
      replyTo: parent.id,
      silent: true,
      providerOptions: { discord: { embeds } },
    });
    expect(await lastBody('POST', MESSAGES)).toMatchObject({
      message_reference: { message_id: parent.id },
      embeds,
      flags: 4096,
    });
    const threaded = await adapter.sendMessage({
      to: { chatId: CHANNEL },
      text: 'start',
      providerOptions: { discord: { startThread: { name: 'Incident 42', autoArchiveDuration: 1440 } } },
    });
    expect(threaded.threadId).toBe(threaded.id);
    expect(await lastBody('POST', /\/threads$/)).toEqual({
      name: 'Incident 42',
      auto_archive_duration: 1440,
    });
    const inThread = await adapter.sendMessage({
      to: { chatId: CHANNEL, threadId: threaded.threadId },
      text: 'in thread',
    });
    expect(inThread.threadId).toBe(threaded.threadId);
    await requests.settled();
    expect(requests.requests.at(-1)?.url.pathname).toBe(`/api/v10/channels/${threaded.threadId}/messages`);
  });

  it('uploads bytes as multipart files[n] with an attachments array; image URLs become embeds', async () => {
    const data = new TextEncoder().encode('report body');
    await adapter.sendMedia!({
      to: { chatId: CHANNEL },
      media: { type: 'file', data, filename: 'report.txt', mimeType: 'text/plain' },
      caption: 'Report',
    });
    await requests.settled();
    const upload = requests.requests.at(-1)!;
    expect(upload.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(upload.body).toContain('name="files[0]"; filename="report.txt"');
    expect(await lastBody('POST', MESSAGES)).toMatchObject({
      content: 'Report',
      attachments: [{ id: 0, filename: 'report.txt' }],
    });
    expect(simulator.uploads.at(-1)).toMatchObject({ name: 'report.txt', bytes: data });
    await adapter.sendMessage({
      to: { chatId: CHANNEL },
      text: 'two things',
      attachments: [
        { type: 'image', url: 'https://cdn.example.com/a.png' },
        { type: 'file', data: new Uint8Array([1]), filename: 'b.bin' },
      ],
    });
    expect(await lastBody('POST', MESSAGES)).toMatchObject({
      embeds: [{ image: { url: 'https://cdn.example.com/a.png' } }],
      attachments: [{ id: 0, filename: 'b.bin' }],
    });
  });

  it('edits and deletes', async () => {
    const sent = await adapter.sendMessage({ to: { chatId: CHANNEL }, text: 'draft' });
    await adapter.editMessage!({
      chatId: CHANNEL,
      messageId: sent.id,
      text: '**final**',
      format: 'markdown',
    });
    expect(simulator.messages.get(CHANNEL)?.find((m) => m.id === sent.id)?.content).toBe('**final**');
    await adapter.deleteMessage!({ chatId: CHANNEL, messageId: sent.id });
    const error = await rejection(adapter.deleteMessage!({ chatId: CHANNEL, messageId: sent.id }));
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect((error as NotFoundError).providerCode).toBe('10008');
  });

  it('pages history newest first with the before= cursor', async () => {
    const channel = await adapter.createGroup!({ name: 'history', parentId: GUILD });
    for (const n of [1, 2, 3]) await adapter.sendMessage({ to: { chatId: channel.id }, text: `m${n}` });
    const first = await adapter.getHistory!({ chatId: channel.id, limit: 2 });
    expect(first.items.map((m) => m.text)).toEqual(['m3', 'm2']);
    expect(first.nextCursor).toBe(first.items[1]?.id);
    const second = await adapter.getHistory!({ chatId: channel.id, limit: 2, cursor: first.nextCursor });
    expect(second.items.map((m) => m.text)).toEqual(['m1']);
    expect(second.nextCursor).toBeUndefined();
    await requests.settled();
    expect(requests.requests.at(-1)?.url.searchParams.get('before')).toBe(first.nextCursor);
  });

  it('creates a private guild text channel with member overwrites, and reads it back', async () => {
    const group = await adapter.createGroup!({
      name: 'ops',
      parentId: GUILD,
      private: true,
      topic: 'Incidents',
      members: [MEMBER],
    });
    expect(group).toMatchObject({ name: 'ops', private: true, topic: 'Incidents' });
    expect(await lastBody('POST', /\/guilds\/\d+\/channels$/)).toEqual({
      name: 'ops',
      type: 0,
      topic: 'Incidents',
      permission_overwrites: [
        { id: GUILD, type: 0, deny: 1024 },
        { id: MEMBER, type: 1, allow: 3072 },
      ],
    });
    expect(await adapter.getGroupInfo!({ chatId: group.id })).toMatchObject({ id: group.id, private: true });
    const noGuild = await rejection(adapter.createGroup!({ name: 'x' }));
    expect((noGuild as ValidationError).field).toBe('parentId');
  });

  it('addMember adds to a thread, or grants view+send on a guild channel', async () => {
    const threaded = await adapter.sendMessage({
      to: { chatId: CHANNEL },
      text: 't',
      providerOptions: { discord: { startThread: { name: 'T' } } },
    });
    await adapter.addMember!({ chatId: threaded.threadId!, userId: MEMBER });
    expect(simulator.channels.get(threaded.threadId!)?.threadMembers.has(MEMBER)).toBe(true);
    expect((await adapter.getGroupInfo!({ chatId: threaded.threadId! })).memberCount).toBe(2);
    await adapter.addMember!({ chatId: CHANNEL, userId: MEMBER });
    expect(simulator.channels.get(CHANNEL)?.permission_overwrites).toContainEqual({
      id: MEMBER,
      type: 1,
      allow: '3072',
      deny: '0',
    });
  });

  it('validates ids, length, format and provider options before any request', async () => {
    const calls = [
      adapter.sendMessage({ to: { chatId: 'general' }, text: 'x' }),
      adapter.sendMessage({ to: { chatId: CHANNEL }, text: 'x'.repeat(2001), format: 'markdown' }),
      adapter.sendMessage({ to: { chatId: CHANNEL }, text: 'x', format: 'html' }),
      adapter.sendMessage({
        to: { chatId: CHANNEL },
        text: 'x',
        providerOptions: { discord: { embedz: [] } },
      }),
      adapter.getHistory!({ chatId: CHANNEL, cursor: 'abc' }),
    ];
    const fields = [];
    for (const call of calls) {
      const error = await rejection(call);
      expect(ValidationError.isInstance(error), String(error)).toBe(true);
      fields.push((error as ValidationError).field);
    }
    expect(fields).toEqual(['to.chatId', 'text', 'format', 'providerOptions.discord', 'cursor']);
    await requests.settled();
    expect(requests.requests).toHaveLength(0);
  });

  it('escapeDiscordMarkdown escapes markers', () => {
    expect(escapeDiscordMarkdown('> quote\n# head\n`code` ~x~ |s| _i_ [l](u)')).toBe(
      '\\> quote\n\\# head\n\\`code\\` \\~x\\~ \\|s\\| \\_i\\_ \\[l\\](u)',
    );
  });
});

describe('discord error mapping', () => {
  const cases: Array<[number, object, { isInstance(v: unknown): boolean }, string]> = [
    [404, errors.unknownChannel, NotFoundError, '10003'],
    [403, errors.missingAccess, PermissionError, '50001'],
    [403, errors.missingPermissions, PermissionError, '50013'],
    [401, errors.unauthorized, AuthenticationError, '0'],
    [400, errors.invalidFormBody, ValidationError, '50035'],
  ];
  for (const [status, body, errorClass, code] of cases) {
    it(`maps HTTP ${status} code ${code}`, async () => {
      server.use(http.post(`${SIM_URL}/v10/channels/:id/messages`, () => discordError(status, body)));
      const error = await rejection(adapter.sendMessage({ to: { chatId: CHANNEL }, text: 'x' }));
      expect(errorClass.isInstance(error), String(error)).toBe(true);
      expect((error as ProviderError).providerCode).toBe(code);
      expect((error as ProviderError).status).toBe(status);
    });
  }

  it('keeps working after a 401 (the REST client forgets its token otherwise)', async () => {
    server.use(
      http.get(`${SIM_URL}/v10/users/@me`, () => discordError(401, errors.unauthorized), { once: true }),
    );
    expect(AuthenticationError.isInstance(await rejection(adapter.check()))).toBe(true);
    expect((await adapter.check()).id).toBe('80351110224678912');
  });

  it('maps 429 to RateLimitError with the wait, in one request', async () => {
    server.use(
      http.post(
        `${SIM_URL}/v10/channels/:id/messages`,
        () =>
          discordError(
            429,
            { ...errors.rateLimited, retry_after: 3.5 },
            { 'retry-after': '4', 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' },
          ),
        { once: true },
      ),
    );
    const fresh = createDiscord({ token: CANARY_TOKEN }, { baseUrl: SIM_URL });
    const error = (await rejection(
      fresh.sendMessage({ to: { chatId: CHANNEL }, text: 'x' }),
    )) as RateLimitError;
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(3_900);
    expect(error.retryAfterMs).toBeLessThanOrEqual(4_000);
    await requests.settled();
    expect(requests.requests).toHaveLength(1);
    await fresh.close?.();
  });

  it('maps 5xx to a retryable ProviderError without internal retries', async () => {
    server.use(
      http.post(`${SIM_URL}/v10/channels/:id/messages`, () =>
        HttpResponse.json({ message: 'oops', code: 0 }, { status: 502 }),
      ),
    );
    const error = (await rejection(
      adapter.sendMessage({ to: { chatId: CHANNEL }, text: 'x' }),
    )) as ProviderError;
    expect(error.retryable).toBe(true);
    expect(error.status).toBe(502);
    await requests.settled();
    expect(requests.requests).toHaveLength(1);
  });

  it('honours the abort signal', async () => {
    server.use(
      http.post(`${SIM_URL}/v10/channels/:id/messages`, () => new Promise<Response>(() => undefined)),
    );
    const controller = new AbortController();
    const pending = rejection(
      adapter.sendMessage({ to: { chatId: CHANNEL }, text: 'x' }, { signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 20);
    expect(((await pending) as ProviderError).code).toBe('timeout');
  });
});

describe('discordErrorFromBody', () => {
  it('maps 40001 (Unauthorized) to AuthenticationError, not a permission problem', () => {
    const error = discordErrorFromBody(401, { code: 40001, message: 'Unauthorized' }, 'sendMessage');
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.providerCode).toBe('40001');
    const missing = discordErrorFromBody(403, { code: 50013, message: 'Missing Permissions' }, 'sendMessage');
    expect(PermissionError.isInstance(missing)).toBe(true);
  });
});
