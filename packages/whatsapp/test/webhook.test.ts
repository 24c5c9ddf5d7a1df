import { createHmac } from 'node:crypto';
import { ValidationError, WebhookVerificationError } from '@infrafabric/core';
import { describe, expect, it } from 'vitest';
import { createWhatsApp } from '../src/index';
import webhookMessage from './__fixtures__/webhook-message.json' with { type: 'json' };
import webhookStatus from './__fixtures__/webhook-status.json' with { type: 'json' };
import { CANARY_APP_SECRET, CANARY_TOKEN, CANARY_VERIFY_TOKEN, PHONE_NUMBER_ID, SIM_URL } from './simulator';
import { rejection } from './setup';

const adapter = createWhatsApp(
  {
    accessToken: CANARY_TOKEN,
    phoneNumberId: PHONE_NUMBER_ID,
    appSecret: CANARY_APP_SECRET,
    verifyToken: CANARY_VERIFY_TOKEN,
  },
  { baseUrl: SIM_URL },
);

function delivery(
  body: unknown,
  options: { secret?: string; signature?: string | null; contentType?: string } = {},
): Request {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const signature = `sha256=${createHmac('sha256', options.secret ?? CANARY_APP_SECRET)
    .update(text)
    .digest('hex')}`;
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' };
  if (options.signature !== null) headers['x-hub-signature-256'] = options.signature ?? signature;
  return new Request('https://hooks.example.com/whatsapp', { method: 'POST', headers, body: text });
}

const handshake = (params: Record<string, string>) =>
  new Request(`https://hooks.example.com/whatsapp?${new URLSearchParams(params)}`, { method: 'GET' });

describe('subscription handshake (GET)', () => {
  it('answers hub.challenge as text/plain when the verify token matches', async () => {
    const result = await adapter.parseWebhook(
      handshake({
        'hub.mode': 'subscribe',
        'hub.verify_token': CANARY_VERIFY_TOKEN,
        'hub.challenge': '1158201444',
      }),
    );
    expect(result.events).toEqual([]);
    expect(result.response?.status).toBe(200);
    expect(result.response?.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await result.response?.text()).toBe('1158201444');
  });

  it('rejects a wrong or missing verify token and malformed handshakes', async () => {
    const wrong = await rejection(
      adapter.parseWebhook(
        handshake({ 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1' }),
      ),
    );
    expect(wrong).toBeInstanceOf(WebhookVerificationError);
    expect(wrong).toMatchObject({ reason: 'bad_signature', httpStatus: 401 });
    expect(
      await rejection(adapter.parseWebhook(handshake({ 'hub.mode': 'subscribe', 'hub.challenge': '1' }))),
    ).toMatchObject({ reason: 'missing_signature' });
    expect(
      await rejection(
        adapter.parseWebhook(
          handshake({
            'hub.mode': 'unsubscribe',
            'hub.verify_token': CANARY_VERIFY_TOKEN,
            'hub.challenge': '1',
          }),
        ),
      ),
    ).toMatchObject({
      reason: 'malformed',
    });
  });
});

describe('deliveries (POST)', () => {
  it('verifies X-Hub-Signature-256 and normalizes messages, media and button replies', async () => {
    const { events } = await adapter.parseWebhook(delivery(webhookMessage));
    expect(events.map((e) => e.type)).toEqual(['message', 'message', 'interaction']);
    expect(events[0]).toMatchObject({
      provider: 'whatsapp',
      id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
      time: '2025-06-08T20:59:43.000Z',
      message: {
        chatId: '16505551234',
        sender: { id: '16505551234', name: 'Sheena Nelson', isBot: false },
        text: 'Does it come in another color?',
        replyTo: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBIyNTRCRjcxQzc5RjFBMDA5NUEA',
      },
    });
    expect(events[1]).toMatchObject({
      message: {
        text: 'This one',
        attachments: [{ type: 'image', id: '1003383421387256', mimeType: 'image/jpeg' }],
      },
    });
    expect(events[2]).toMatchObject({
      name: 'button_reply',
      value: 'confirm-order-17',
      userId: '16505551234',
    });
  });

  it('turns statuses into status.* events, keeping the 131047 failure in raw', async () => {
    const { events } = await adapter.parseWebhook(delivery(webhookStatus));
    expect(events.map((e) => (e.type === 'other' ? e.name : e.type))).toEqual([
      'status.delivered',
      'status.failed',
    ]);
    expect(events[1]?.id).toBe('wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI4MjZGRDA0OUE2OTQ3RkEyMzcA:failed');
    expect((events[1]!.raw as { errors: Array<{ code: number }> }).errors[0]?.code).toBe(131047);
  });

  it('rejects a missing, forged or wrong-secret signature', async () => {
    expect(
      await rejection(adapter.parseWebhook(delivery(webhookMessage, { signature: null }))),
    ).toMatchObject({ reason: 'missing_signature', httpStatus: 401 });
    expect(
      await rejection(adapter.parseWebhook(delivery(webhookMessage, { secret: 'another-secret' }))),
    ).toMatchObject({ reason: 'bad_signature' });
    const tampered = delivery(webhookMessage, { signature: `sha256=${'0'.repeat(64)}` });
    expect(await rejection(adapter.parseWebhook(tampered))).toMatchObject({ reason: 'bad_signature' });
  });

  it('rejects signed bodies that are not WhatsApp notifications, and wrong content types', async () => {
    expect(await rejection(adapter.parseWebhook(delivery('{oops')))).toMatchObject({
      reason: 'malformed',
      httpStatus: 400,
    });
    expect(await rejection(adapter.parseWebhook(delivery({ object: 'page', entry: [] })))).toMatchObject({
      reason: 'malformed',
    });
    expect(
      await rejection(adapter.parseWebhook(delivery(webhookMessage, { contentType: 'text/plain' }))),
    ).toMatchObject({ reason: 'wrong_content_type' });
  });

  it('never accepts deliveries or handshakes without configured secrets', async () => {
    const bare = createWhatsApp(
      { accessToken: CANARY_TOKEN, phoneNumberId: PHONE_NUMBER_ID },
      { baseUrl: SIM_URL },
    );
    expect(ValidationError.isInstance(await rejection(bare.parseWebhook(delivery(webhookMessage))))).toBe(
      true,
    );
    expect(
      ValidationError.isInstance(
        await rejection(
          bare.parseWebhook(
            handshake({ 'hub.mode': 'subscribe', 'hub.verify_token': 'x', 'hub.challenge': '1' }),
          ),
        ),
      ),
    ).toBe(true);
  });
});
