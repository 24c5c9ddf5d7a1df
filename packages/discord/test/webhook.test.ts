import { generateKeyPairSync, sign } from 'node:crypto';
import { ValidationError, type WebhookVerificationError } from '@infrafabric/core';
import { describe, expect, it } from 'vitest';
import { createDiscord } from '../src/index';
import command from './__fixtures__/interaction-command.json' with { type: 'json' };
import { CANARY_TOKEN } from './simulator';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const PUBLIC_KEY_HEX = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
const other = generateKeyPairSync('ed25519');
const adapter = createDiscord({ token: CANARY_TOKEN, publicKey: PUBLIC_KEY_HEX });
const NOW = 1_700_000_000_000;
const TS = String(NOW / 1000);

function signed(
  body: string,
  options: { timestamp?: string; key?: typeof privateKey; signature?: string; contentType?: string } = {},
): Request {
  const timestamp = options.timestamp ?? TS;
  const signature =
    options.signature ?? sign(null, Buffer.from(timestamp + body), options.key ?? privateKey).toString('hex');
  return new Request('https://bot.example.com/interactions', {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/json',
      'x-signature-ed25519': signature,
      'x-signature-timestamp': timestamp,
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

describe('discord interactions webhook', () => {
  it('answers PING with PONG', async () => {
    const result = await adapter.parseWebhook!(
      signed(JSON.stringify({ id: '786008729715212338', type: 1 })),
      { now: NOW },
    );
    expect(result.events).toEqual([]);
    expect(await result.response?.json()).toEqual({ type: 1 });
  });

  it('normalizes an application command and defers the reply', async () => {
    const result = await adapter.parseWebhook!(signed(JSON.stringify(command)), { now: NOW });
    expect(result.events[0]).toMatchObject({
      type: 'interaction',
      provider: 'discord',
      id: '786008729715212338',
      name: 'APPLICATION_COMMAND',
      chatId: '645027906669510667',
      userId: '53908232506183680',
      value: 'cardsearch',
      time: '2020-12-08T23:18:04.500Z',
    });
    expect(await result.response?.json()).toEqual({ type: 5 });
  });

  it('normalizes a component click with its custom_id and acknowledges with a deferred update', async () => {
    const click = {
      id: '786008729715212339',
      type: 3,
      channel_id: '645027906669510667',
      user: { id: '1234567890123456789' },
      data: { custom_id: 'approve', component_type: 2 },
    };
    const result = await adapter.parseWebhook!(signed(JSON.stringify(click)), { now: NOW });
    expect(result.events[0]).toMatchObject({
      name: 'MESSAGE_COMPONENT',
      value: 'approve',
      userId: '1234567890123456789',
    });
    expect(await result.response?.json()).toEqual({ type: 6 });
  });

  it('rejects a forged body, another key, missing headers and stale timestamps', async () => {
    const body = JSON.stringify(command);
    const good = signed(body);
    const forged = new Request(good.url, {
      method: 'POST',
      headers: good.headers,
      body: body.replace('cardsearch', 'ban'),
    });
    expect((await rejection(adapter.parseWebhook!(forged, { now: NOW }))).reason).toBe('bad_signature');
    expect(
      (await rejection(adapter.parseWebhook!(signed(body, { key: other.privateKey }), { now: NOW }))).reason,
    ).toBe('bad_signature');
    expect(
      (await rejection(adapter.parseWebhook!(signed(body, { signature: 'zz' }), { now: NOW }))).reason,
    ).toBe('bad_signature');
    const bare = new Request(good.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect((await rejection(adapter.parseWebhook!(bare, { now: NOW }))).reason).toBe('missing_signature');
    const stale = await rejection(adapter.parseWebhook!(signed(body), { now: NOW + 301_000 }));
    expect(stale.reason).toBe('stale');
    expect(stale.httpStatus).toBe(401);
  });

  it('rejects other content types and bodies that are not interactions', async () => {
    expect(
      (await rejection(adapter.parseWebhook!(signed('x', { contentType: 'text/plain' }), { now: NOW })))
        .reason,
    ).toBe('wrong_content_type');
    expect((await rejection(adapter.parseWebhook!(signed('{"hello":1}'), { now: NOW }))).reason).toBe(
      'malformed',
    );
  });

  it('requires the public key (no unsigned mode)', async () => {
    const keyless = createDiscord({ token: CANARY_TOKEN });
    const error = await rejection(keyless.parseWebhook!(signed('{}'), { now: NOW }));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as unknown as ValidationError).field).toBe('DISCORD_PUBLIC_KEY');
  });
});
