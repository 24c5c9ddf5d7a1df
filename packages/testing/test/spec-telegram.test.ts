import { describe, expect, it } from 'vitest';
import { requireSpec } from '../src/spec/index';
import { formRequest, jsonRequest, multipartRequest, problemsOf } from './spec-helpers';

const TOKEN = '123456:canary-telegram-token';
const BOT = `https://api.telegram.org/bot${TOKEN}`;
const options = { format: 'telegram' } as const;

describe('spec validator: Telegram Bot API (community JSON description)', () => {
  it('accepts sendMessage as JSON with nested reply markup', (ctx) => {
    const spec = requireSpec(ctx, 'telegram/api.min.json', options);
    const request = jsonRequest('POST', `${BOT}/sendMessage`, {
      chat_id: -1001234567890,
      text: 'hello',
      parse_mode: 'HTML',
      reply_markup: { inline_keyboard: [[{ text: 'Open', url: 'https://example.test' }]] },
    });
    expect(spec.check(request)).toEqual([]);
    expect(
      spec.check(jsonRequest('POST', `${BOT}/sendMessage`, { chat_id: '@channel', text: 'hi' })),
    ).toEqual([]);
  });

  it('reports missing, unknown and wrongly typed parameters, without leaking the token', (ctx) => {
    const spec = requireSpec(ctx, 'telegram/api.min.json', options);
    const mismatches = spec.check(
      jsonRequest('POST', `${BOT}/sendMessage`, {
        chat_id: true,
        colour: 'red',
        disable_notification: 'yes',
      }),
    );
    const problems = problemsOf(mismatches).join('\n');
    expect(problems).toMatch(/sendMessage: missing required parameter "text"/);
    expect(problems).toMatch(/unknown parameter "colour"/);
    expect(problems).toMatch(/parameter "chat_id": expected Integer or String, got true/);
    expect(problems).toMatch(/parameter "disable_notification": expected Boolean, got "yes"/);
    expect(mismatches[0]?.request).toBe('POST /bot<token>/sendMessage');
    expect(JSON.stringify(mismatches)).not.toContain('canary-telegram-token');
  });

  it('checks fields of nested objects', (ctx) => {
    const spec = requireSpec(ctx, 'telegram/api.min.json', options);
    const request = jsonRequest('POST', `${BOT}/sendMessage`, {
      chat_id: 1,
      text: 'hi',
      reply_markup: { inline_keyboard: [[{ txt: 'Open' }]] },
    });
    expect(problemsOf(spec.check(request)).join('\n')).toMatch(/reply_markup\.inline_keyboard\.0\.0/);
  });

  it('accepts form and multipart bodies (text values, file uploads for InputFile)', (ctx) => {
    const spec = requireSpec(ctx, 'telegram/api.min.json', options);
    expect(
      spec.check(
        formRequest('POST', `${BOT}/sendMessage`, {
          chat_id: '42',
          text: 'hi',
          disable_notification: 'true',
        }),
      ),
    ).toEqual([]);
    expect(
      spec.check(
        multipartRequest(`${BOT}/sendPhoto`, { chat_id: '42', caption: 'cat' }, { photo: 'cat.jpg' }),
      ),
    ).toEqual([]);
    expect(
      problemsOf(spec.check(multipartRequest(`${BOT}/sendPhoto`, { chat_id: '42' }, { caption: 'x.txt' }))),
    ).toEqual([
      'sendPhoto: missing required parameter "photo"',
      expect.stringMatching(/parameter "caption": expected String/),
    ]);
    const media = [
      { type: 'photo', media: 'attach://p1' },
      { type: 'photo', media: 'attach://p2' },
    ];
    const album = multipartRequest(
      `${BOT}/sendMediaGroup`,
      { chat_id: '42', media: JSON.stringify(media) },
      { p1: 'a.jpg', p2: 'b.jpg' },
    );
    expect(spec.check(album)).toEqual([]);
    const stray = multipartRequest(
      `${BOT}/sendPhoto`,
      { chat_id: '42', photo: 'attach://p1' },
      { p1: 'a.jpg', p9: 'z.jpg' },
    );
    expect(problemsOf(spec.check(stray))).toEqual(['sendPhoto: unknown parameter "p9" (not in the spec)']);
    expect(
      problemsOf(
        spec.check(
          formRequest('POST', `${BOT}/sendMessage`, { chat_id: 'abc', text: 'hi', message_thread_id: '1.5' }),
        ),
      ),
    ).toEqual([expect.stringMatching(/parameter "message_thread_id": expected Integer, got "1.5"/)]);
  });

  it('reports unknown methods and paths that are not /bot<token>/<method>', (ctx) => {
    const spec = requireSpec(ctx, 'telegram/api.min.json', options);
    expect(
      problemsOf(spec.check(jsonRequest('POST', `${BOT}/sendMesage`, { chat_id: 1, text: 'x' }))),
    ).toEqual(['unknown Bot API method "sendMesage"']);
    expect(problemsOf(spec.check(jsonRequest('GET', 'https://api.telegram.org/getMe')))).toEqual([
      'path /getMe is not /bot<token>/<method>',
    ]);
    expect(spec.check(jsonRequest('GET', `${BOT}/getMe`))).toEqual([]);
  });
});
