import { NotFoundError, PermissionError, RateLimitError, ValidationError } from '@infrafabric/core';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { createTelegram } from '../src/index';
import errors from './__fixtures__/errors.json' with { type: 'json' };
import { useTelegramSimulator } from './setup';
import { BLOCKED_CHAT, CANARY_TOKEN, FORUM_CHAT, PRIVATE_CHAT, SIM_URL } from './simulator';

const { simulator, server, requests, adapter, lastBody } = useTelegramSimulator();

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('check', () => {
  it('returns the bot identity from getMe', async () => {
    const identity = await adapter.check();
    expect(identity).toMatchObject({
      id: '123456789',
      name: 'infrafabric_test_bot',
      details: { canJoinGroups: true },
    });
  });

  it('maps a revoked token to AuthenticationError without leaking it', async () => {
    const other = createTelegram({ token: '999:revoked-token-value' }, { baseUrl: SIM_URL });
    const error = (await rejection(other.check())) as Error;
    expect(error.name).toBe('AuthenticationError');
    expect(JSON.stringify({ m: error.message, s: error.stack })).not.toContain('revoked-token-value');
  });
});

describe('sendMessage', () => {
  it('converts markdown to MarkdownV2 the simulator accepts', async () => {
    const sent = await adapter.sendMessage({
      to: { chatId: String(PRIVATE_CHAT) },
      text: '**Deploy** v1.2 done (prod)!',
      format: 'markdown',
    });
    expect(await lastBody('sendMessage')).toMatchObject({
      chat_id: PRIVATE_CHAT,
      parse_mode: 'MarkdownV2',
      text: '*Deploy* v1\\.2 done \\(prod\\)\\!',
    });
    expect(simulator.state.messages.find((m) => String(m.message_id) === sent.id)?.parse_mode).toBe(
      'MarkdownV2',
    );
  });

  it.each([
    'Release 2.0.1 - see #42 (beta) = done!',
    'a_b*c [x] {y} |z| ~w~ > q + r',
    '**bold _nested_** and `code (1.0)` and [link](https://e.x/a?b=c&d=(1))',
    '```\nif (a > b) { return c.d(); }\n```',
    'unclosed **bold and *italic and `code',
    '\\ backslash \\* escaped',
  ])('converts %j into MarkdownV2 Telegram accepts', async (text) => {
    await adapter.sendMessage({ to: { chatId: String(PRIVATE_CHAT) }, text, format: 'markdown' });
    expect(simulator.state.messages.at(-1)?.parse_mode).toBe('MarkdownV2');
  });

  it('shows the simulator rejects unescaped MarkdownV2 (so the cases above prove something)', async () => {
    const error = await rejection(
      adapter.sendMessage({
        to: { chatId: String(PRIVATE_CHAT) },
        text: 'v1.2',
        providerOptions: { telegram: { parse_mode: 'MarkdownV2' } },
      }),
    );
    expect(ValidationError.isInstance(error) && error.providerCode).toMatch(
      /^Bad Request: can't parse entities: Character '\.' is reserved/,
    );
  });

  it('does not let providerOptions.telegram override the modelled fields', async () => {
    await adapter.sendMessage({
      to: { chatId: String(PRIVATE_CHAT) },
      text: 'mine',
      providerOptions: { telegram: { chat_id: 999, text: 'theirs', protect_content: true } },
    });
    expect(await lastBody('sendMessage')).toMatchObject({
      chat_id: PRIVATE_CHAT,
      text: 'mine',
      protect_content: true,
    });
  });

  it('passes HTML through with parse_mode HTML and plain text without a parse mode', async () => {
    await adapter.sendMessage({ to: { chatId: String(PRIVATE_CHAT) }, text: '<b>hi</b>', format: 'html' });
    expect(await lastBody('sendMessage')).toMatchObject({ parse_mode: 'HTML', text: '<b>hi</b>' });
    await adapter.sendMessage({ to: { chatId: String(PRIVATE_CHAT) }, text: 'a.b!' });
    expect(await lastBody('sendMessage')).not.toHaveProperty('parse_mode');
  });

  it('posts in a forum topic and replies with reply_parameters', async () => {
    const original = simulator.seedMessage(FORUM_CHAT, 'question', 7);
    const sent = await adapter.sendMessage({
      to: { chatId: String(FORUM_CHAT), threadId: '7' },
      text: 'answer',
      replyTo: String(original),
      silent: true,
    });
    expect(await lastBody('sendMessage')).toMatchObject({
      message_thread_id: 7,
      reply_parameters: { message_id: original },
      disable_notification: true,
    });
    expect(sent).toMatchObject({ chatId: String(FORUM_CHAT), threadId: '7' });
  });

  it('accepts @channelusername targets and passes providerOptions.telegram through', async () => {
    await adapter.sendMessage({
      to: { chatId: '@infrafabric_news' },
      text: 'news',
      providerOptions: { telegram: { link_preview_options: { is_disabled: true } } },
    });
    expect(await lastBody('sendMessage')).toMatchObject({
      chat_id: '@infrafabric_news',
      link_preview_options: { is_disabled: true },
    });
  });

  it('splits plain text over 4096 characters and reports the extra ids', async () => {
    const text = `${'a'.repeat(4000)}\n${'b'.repeat(3000)}`;
    const sent = await adapter.sendMessage({ to: { chatId: String(PRIVATE_CHAT) }, text });
    expect(sent.additionalIds).toHaveLength(1);
    const stored = simulator.state.messages.slice(-2).map((m) => m.text);
    expect(stored).toEqual(['a'.repeat(4000), 'b'.repeat(3000)]);
  });

  it('rejects formatted text over 4096 characters, or any when longText is reject, before any request', async () => {
    const error = await rejection(
      adapter.sendMessage({
        to: { chatId: String(PRIVATE_CHAT) },
        text: 'x'.repeat(4097),
        format: 'markdown',
      }),
    );
    expect(ValidationError.isInstance(error) && error.field === 'text' && error.rule === 'max_length').toBe(
      true,
    );
    const strict = createTelegram({ token: CANARY_TOKEN }, { baseUrl: SIM_URL, longText: 'reject' });
    expect(
      ValidationError.isInstance(
        await rejection(strict.sendMessage({ to: { chatId: '1' }, text: 'x'.repeat(4097) })),
      ),
    ).toBe(true);
    expect(requests.requests).toHaveLength(0);
  });

  it('rejects non-numeric thread and reply ids with the field name', async () => {
    const error = await rejection(
      adapter.sendMessage({ to: { chatId: '1', threadId: 'general' }, text: 'x' }),
    );
    expect((error as ValidationError).field).toBe('to.threadId');
    const reply = await rejection(adapter.sendMessage({ to: { chatId: '1' }, text: 'x', replyTo: 'abc' }));
    expect((reply as ValidationError).field).toBe('replyTo');
    expect(
      ((await rejection(adapter.sendMessage({ to: { chatId: 'general' }, text: 'x' }))) as ValidationError)
        .field,
    ).toBe('to.chatId');
  });

  it('sends attachments as follow-up messages', async () => {
    const sent = await adapter.sendMessage({
      to: { chatId: String(PRIVATE_CHAT) },
      text: 'report',
      attachments: [{ type: 'file', url: 'https://example.com/r.pdf' }],
    });
    expect(sent.additionalIds).toHaveLength(1);
    expect(simulator.state.messages.at(-1)).toMatchObject({
      kind: 'document',
      file: { source: 'url', value: 'https://example.com/r.pdf' },
    });
  });
});

describe('error mapping', () => {
  it('maps "chat not found" to NotFoundError and a blocked bot to PermissionError', async () => {
    const missing = await rejection(adapter.sendMessage({ to: { chatId: '424242' }, text: 'x' }));
    expect(NotFoundError.isInstance(missing)).toBe(true);
    expect((missing as NotFoundError).providerCode).toBe('Bad Request: chat not found');
    const blocked = await rejection(adapter.sendMessage({ to: { chatId: String(BLOCKED_CHAT) }, text: 'x' }));
    expect(PermissionError.isInstance(blocked)).toBe(true);
    expect((blocked as PermissionError).message).toContain('blocked');
  });

  it('maps other 400s to ValidationError keeping the description', async () => {
    server.use(http.post(`${SIM_URL}/*`, () => HttpResponse.json(errors.cantParse, { status: 400 })));
    const error = await rejection(adapter.sendMessage({ to: { chatId: '1' }, text: 'x' }));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).status).toBe(400);
    expect((error as ValidationError).message).toContain("can't parse entities");
  });

  it('maps 429 with parameters.retry_after to RateLimitError', async () => {
    server.use(http.post(`${SIM_URL}/*`, () => HttpResponse.json(errors.tooMany, { status: 429 })));
    const error = await rejection(adapter.sendMessage({ to: { chatId: '1' }, text: 'x' }));
    expect(RateLimitError.isInstance(error) && error.retryAfterMs).toBe(35_000);
  });

  it('keeps the status of a non-JSON gateway error (retryable) and its Retry-After', async () => {
    server.use(
      http.post(
        `${SIM_URL}/*`,
        () =>
          new HttpResponse('<html>502 Bad Gateway</html>', {
            status: 502,
            headers: { 'content-type': 'text/html' },
          }),
      ),
    );
    const error = (await rejection(adapter.sendMessage({ to: { chatId: '1' }, text: 'x' }))) as {
      code: string;
      status: number;
      retryable: boolean;
    };
    expect(error).toMatchObject({ code: 'provider', status: 502, retryable: true });
  });

  it('honours an abort signal', async () => {
    const controller = new AbortController();
    server.use(http.post(`${SIM_URL}/*`, () => new Promise<Response>(() => undefined)));
    const pending = rejection(
      adapter.sendMessage({ to: { chatId: '1' }, text: 'x' }, { signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 20);
    expect(((await pending) as { code: string }).code).toBe('timeout');
  });
});

describe('sendMedia', () => {
  it('sends a photo by URL with a MarkdownV2 caption', async () => {
    await adapter.sendMedia({
      to: { chatId: String(PRIVATE_CHAT) },
      media: { type: 'image', url: 'https://example.com/a.png' },
      caption: '**Fig. 1**',
      format: 'markdown',
    });
    expect(await lastBody('sendPhoto')).toMatchObject({
      photo: 'https://example.com/a.png',
      caption: '*Fig\\. 1*',
      parse_mode: 'MarkdownV2',
    });
  });

  it('uploads bytes as multipart with the file name (video, audio, document)', async () => {
    const data = new Uint8Array([1, 2, 3, 4, 5]);
    for (const [type, kind] of [
      ['video', 'video'],
      ['audio', 'audio'],
      ['file', 'document'],
    ] as const) {
      const sent = await adapter.sendMedia({
        to: { chatId: String(FORUM_CHAT), threadId: '9' },
        media: { type, data, filename: `clip.${kind}` },
      });
      expect(simulator.state.messages.find((m) => String(m.message_id) === sent.id)).toMatchObject({
        kind,
        message_thread_id: 9,
        file: { source: 'upload', value: `clip.${kind}`, size: 5 },
      });
    }
    await requests.settled();
    expect(requests.requests.at(-1)?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
  });

  it('rejects a caption over 1024 characters before any request', async () => {
    const error = await rejection(
      adapter.sendMedia({
        to: { chatId: '1' },
        media: { type: 'image', url: 'https://example.com/a.png', caption: 'c'.repeat(1025) },
      }),
    );
    expect(error).toMatchObject({ field: 'caption', rule: 'max_length' });
    expect(requests.requests).toHaveLength(0);
  });
});

describe('editMessage / deleteMessage / getGroupInfo', () => {
  it('edits text and then deletes the message', async () => {
    const id = String(simulator.seedMessage(PRIVATE_CHAT, 'draft'));
    const edited = await adapter.editMessage({
      chatId: String(PRIVATE_CHAT),
      messageId: id,
      text: '_final_',
      format: 'markdown',
    });
    expect(edited.id).toBe(id);
    expect(simulator.state.messages.find((m) => String(m.message_id) === id)?.text).toBe('_final_');
    await adapter.deleteMessage({ chatId: String(PRIVATE_CHAT), messageId: id });
    expect(simulator.state.messages.some((m) => String(m.message_id) === id)).toBe(false);
    expect(
      NotFoundError.isInstance(
        await rejection(adapter.deleteMessage({ chatId: String(PRIVATE_CHAT), messageId: id })),
      ),
    ).toBe(true);
  });

  it('reads chat info and member count', async () => {
    expect(await adapter.getGroupInfo({ chatId: String(FORUM_CHAT) })).toEqual({
      id: String(FORUM_CHAT),
      name: 'Ops',
      private: true,
      topic: 'Operations room',
      memberCount: 12,
    });
    expect(await adapter.getGroupInfo({ chatId: '@infrafabric_news' })).toMatchObject({
      private: false,
      memberCount: 340,
    });
  });

  it('does not offer history, group creation or adding members', () => {
    const ops = adapter.capabilities.operations;
    expect([ops.getHistory, ops.createGroup, ops.addMember]).toEqual([false, false, false]);
    expect('createGroup' in adapter || 'addMember' in adapter || 'getHistory' in adapter).toBe(false);
  });
});
