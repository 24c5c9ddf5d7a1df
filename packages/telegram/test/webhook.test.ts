import { ValidationError, WebhookVerificationError } from '@infrafabric/core';
import { describe, expect, it } from 'vitest';
import { createTelegram } from '../src/index';
import updateCallback from './__fixtures__/update-callback.json' with { type: 'json' };
import updateMessage from './__fixtures__/update-message.json' with { type: 'json' };
import updatePhoto from './__fixtures__/update-photo.json' with { type: 'json' };
import { useTelegramSimulator } from './setup';
import { CANARY_TOKEN, CANARY_WEBHOOK_SECRET, SIM_URL } from './simulator';

const { simulator, adapter, lastBody } = useTelegramSimulator();

function webhookRequest(body: unknown, headers: Record<string, string> = {}): Request {
  return new Request('https://bot.example.com/telegram', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-telegram-bot-api-secret-token': CANARY_WEBHOOK_SECRET,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('setWebhook', () => {
  it('registers the url with secret_token and allowed_updates, then reads getWebhookInfo', async () => {
    const info = await adapter.setWebhook({
      url: 'https://bot.example.com/telegram',
      events: ['message', 'callback_query'],
    });
    expect(await lastBody('setWebhook')).toEqual({
      url: 'https://bot.example.com/telegram',
      secret_token: CANARY_WEBHOOK_SECRET,
      allowed_updates: ['message', 'callback_query'],
    });
    expect(simulator.state.webhook.secret_token).toBe(CANARY_WEBHOOK_SECRET);
    expect(info).toMatchObject({
      url: 'https://bot.example.com/telegram',
      active: true,
      pendingUpdateCount: 0,
    });
    simulator.state.webhook.url = '';
  });

  it('verifies inbound calls against the secret it registered, not a stale configured one', async () => {
    const rotating = createTelegram(
      { token: CANARY_TOKEN, webhookSecret: CANARY_WEBHOOK_SECRET },
      { baseUrl: SIM_URL },
    );
    await rotating.setWebhook({ url: 'https://bot.example.com/telegram', secret: 'rotated_secret_2' });
    expect(simulator.state.webhook.secret_token).toBe('rotated_secret_2');
    const accepted = await rotating.parseWebhook(
      webhookRequest(updateMessage, { 'x-telegram-bot-api-secret-token': 'rotated_secret_2' }),
    );
    expect(accepted.events).toHaveLength(1);
    const stale = await rejection(rotating.parseWebhook(webhookRequest(updateMessage)));
    expect(stale).toBeInstanceOf(WebhookVerificationError);
    simulator.state.webhook.url = '';
  });

  it('refuses to register a webhook without a secret, or with characters Telegram forbids', async () => {
    const bare = createTelegram({ token: CANARY_TOKEN }, { baseUrl: SIM_URL });
    expect(await rejection(bare.setWebhook({ url: 'https://bot.example.com/t' }))).toMatchObject({
      field: 'secret',
      rule: 'required',
    });
    const bad = await rejection(bare.setWebhook({ url: 'https://bot.example.com/t', secret: 'has spaces!' }));
    expect(ValidationError.isInstance(bad) && bad.field).toBe('secret');
  });
});

describe('parseWebhook', () => {
  it('normalizes a topic message with its reply and thread', async () => {
    const { events } = await adapter.parseWebhook(webhookRequest(updateMessage));
    expect(events).toEqual([
      expect.objectContaining({
        type: 'message',
        provider: 'telegram',
        id: '10000',
        time: '2015-09-07T17:05:32.000Z',
        message: {
          id: '1365',
          chatId: '-1001234567890',
          threadId: '7',
          sender: { id: '1111111', name: 'ada', isBot: false },
          text: '/start',
          timestamp: '2015-09-07T17:05:32.000Z',
          attachments: undefined,
          replyTo: '1360',
        },
      }),
    ]);
  });

  it('normalizes button presses and photos', async () => {
    const callback = await adapter.parseWebhook(webhookRequest(updateCallback));
    expect(callback.events[0]).toMatchObject({
      type: 'interaction',
      name: 'callback_query',
      chatId: '1111111',
      userId: '1111111',
      value: 'approve:17',
    });
    const photo = await adapter.parseWebhook(webhookRequest(updatePhoto));
    expect(photo.events[0]).toMatchObject({
      type: 'message',
      message: { text: 'diagram', attachments: [{ type: 'image', id: 'AgAD-large' }] },
    });
    const other = await adapter.parseWebhook(
      webhookRequest({ update_id: 5, my_chat_member: { chat: { id: 1 } } }),
    );
    expect(other.events[0]).toMatchObject({ type: 'other', name: 'my_chat_member', id: '5' });
  });

  it('rejects a missing or wrong secret token with 401', async () => {
    const missing = await rejection(
      adapter.parseWebhook(webhookRequest(updateMessage, { 'x-telegram-bot-api-secret-token': '' })),
    );
    expect(missing).toBeInstanceOf(WebhookVerificationError);
    expect(missing).toMatchObject({ reason: 'missing_signature', httpStatus: 401 });
    const wrong = await rejection(
      adapter.parseWebhook(
        webhookRequest(updateMessage, { 'x-telegram-bot-api-secret-token': `${CANARY_WEBHOOK_SECRET}x` }),
      ),
    );
    expect(wrong).toMatchObject({ reason: 'bad_signature', httpStatus: 401 });
    expect((wrong as Error).message).not.toContain(CANARY_WEBHOOK_SECRET);
  });

  it('rejects malformed bodies and wrong content types', async () => {
    expect(await rejection(adapter.parseWebhook(webhookRequest('{not json')))).toMatchObject({
      reason: 'malformed',
      httpStatus: 400,
    });
    expect(await rejection(adapter.parseWebhook(webhookRequest({ hello: 1 })))).toMatchObject({
      reason: 'malformed',
    });
    expect(
      await rejection(adapter.parseWebhook(webhookRequest(updateMessage, { 'content-type': 'text/plain' }))),
    ).toMatchObject({
      reason: 'wrong_content_type',
      httpStatus: 415,
    });
  });

  it('never accepts webhooks when no secret is configured', async () => {
    const bare = createTelegram({ token: CANARY_TOKEN }, { baseUrl: SIM_URL });
    const error = await rejection(bare.parseWebhook(webhookRequest(updateMessage)));
    expect(ValidationError.isInstance(error)).toBe(true);
  });
});
