import { createHmac } from 'node:crypto';
import { ValidationError, type WebhookVerificationError } from '@infrafabric/core';
import { describe, expect, it } from 'vitest';
import { createSlack } from '../src/index';
import blockActions from './__fixtures__/block_actions.json' with { type: 'json' };
import messageEvent from './__fixtures__/event_callback.message.json' with { type: 'json' };
import urlVerification from './__fixtures__/url_verification.json' with { type: 'json' };
import { CANARY_SIGNING_SECRET, CANARY_TOKEN } from './simulator';

const adapter = createSlack({ token: CANARY_TOKEN, signingSecret: CANARY_SIGNING_SECRET });
const NOW = 1_700_000_000_000;
const TS = String(NOW / 1000);

function signed(
  body: string,
  contentType: string,
  options: { timestamp?: string; secret?: string; signature?: string } = {},
): Request {
  const timestamp = options.timestamp ?? TS;
  const signature =
    options.signature ??
    `v0=${createHmac('sha256', options.secret ?? CANARY_SIGNING_SECRET)
      .update(`v0:${timestamp}:${body}`)
      .digest('hex')}`;
  return new Request('https://app.example.com/slack/events', {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-signature': signature,
      'x-slack-request-timestamp': timestamp,
    },
    body,
  });
}

async function rejection(promise: Promise<unknown>): Promise<WebhookVerificationError> {
  try {
    await promise;
  } catch (error) {
    return error as WebhookVerificationError;
  }
  throw new Error('expected a rejection');
}

describe('slack webhooks', () => {
  it('answers url_verification with the challenge', async () => {
    const result = await adapter.parseWebhook!(signed(JSON.stringify(urlVerification), 'application/json'), {
      now: NOW,
    });
    expect(result.events).toEqual([]);
    expect(await result.response?.json()).toEqual({ challenge: urlVerification.challenge });
  });

  it('normalizes a message event_callback', async () => {
    const { events } = await adapter.parseWebhook!(signed(JSON.stringify(messageEvent), 'application/json'), {
      now: NOW,
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'message',
      provider: 'slack',
      id: 'Ev123ABC456',
      time: '2012-12-14T20:38:43.000Z',
      message: {
        id: '1355517523.000005',
        chatId: 'C123ABC456',
        sender: { id: 'U123ABC456', isBot: false },
        text: 'Live long and prospect.',
      },
    });
  });

  it('passes other events through by name', async () => {
    const reaction = {
      ...messageEvent,
      event: { type: 'reaction_added', user: 'U1', reaction: 'thumbsup', event_ts: '1360782804.083113' },
    };
    const { events } = await adapter.parseWebhook!(signed(JSON.stringify(reaction), 'application/json'), {
      now: NOW,
    });
    expect(events[0]).toMatchObject({ type: 'other', name: 'reaction_added', id: 'Ev123ABC456' });
  });

  it('normalizes an interactivity payload (form-encoded payload=)', async () => {
    const body = new URLSearchParams({ payload: JSON.stringify(blockActions) }).toString();
    const { events } = await adapter.parseWebhook!(signed(body, 'application/x-www-form-urlencoded'), {
      now: NOW,
    });
    expect(events[0]).toMatchObject({
      type: 'interaction',
      name: 'block_actions',
      id: blockActions.trigger_id,
      chatId: 'C123ABC456',
      userId: 'U123ABC456',
      value: 'click_me_123',
    });
  });

  it('normalizes a slash command', async () => {
    const body = new URLSearchParams({
      command: '/deploy',
      text: 'web prod',
      user_id: 'U9',
      channel_id: 'C9',
      trigger_id: '13345224609.738474920.8088930838d88f008e0',
    }).toString();
    const { events } = await adapter.parseWebhook!(signed(body, 'application/x-www-form-urlencoded'), {
      now: NOW,
    });
    expect(events[0]).toMatchObject({
      type: 'interaction',
      name: 'slash_command',
      value: '/deploy web prod',
      chatId: 'C9',
      userId: 'U9',
    });
  });

  it('rejects a wrong signature, a wrong secret, a missing header and a stale timestamp', async () => {
    const body = JSON.stringify(messageEvent);
    const wrongSecret = await rejection(
      adapter.parseWebhook!(signed(body, 'application/json', { secret: 'another-secret-123' }), { now: NOW }),
    );
    expect(wrongSecret.reason).toBe('bad_signature');
    expect(wrongSecret.httpStatus).toBe(401);
    const tampered = signed(body, 'application/json');
    const forged = new Request(tampered.url, {
      method: 'POST',
      headers: tampered.headers,
      body: body.replace('prospect', 'perish'),
    });
    expect((await rejection(adapter.parseWebhook!(forged, { now: NOW }))).reason).toBe('bad_signature');
    const missing = new Request('https://app.example.com/slack/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect((await rejection(adapter.parseWebhook!(missing, { now: NOW }))).reason).toBe('missing_signature');
    const stale = await rejection(
      adapter.parseWebhook!(signed(body, 'application/json'), { now: NOW + 301_000 }),
    );
    expect(stale.reason).toBe('stale');
    const fresh = await adapter.parseWebhook!(signed(body, 'application/json'), { now: NOW + 299_000 });
    expect(fresh.events).toHaveLength(1);
  });

  it('rejects other content types and malformed bodies', async () => {
    expect((await rejection(adapter.parseWebhook!(signed('x', 'text/plain'), { now: NOW }))).reason).toBe(
      'wrong_content_type',
    );
    expect(
      (await rejection(adapter.parseWebhook!(signed('{not json', 'application/json'), { now: NOW }))).reason,
    ).toBe('malformed');
    expect(
      (
        await rejection(
          adapter.parseWebhook!(signed('payload=%7Bbad', 'application/x-www-form-urlencoded'), { now: NOW }),
        )
      ).reason,
    ).toBe('malformed');
  });

  it('refuses to parse without a signing secret (no unsigned mode)', async () => {
    const unsigned = createSlack({ token: CANARY_TOKEN });
    const error = await rejection(unsigned.parseWebhook!(signed('{}', 'application/json'), { now: NOW }));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as unknown as ValidationError).field).toBe('SLACK_SIGNING_SECRET');
  });
});
