import { createHmac, randomUUID } from 'node:crypto';
import { WebhookVerificationError } from '@infrafabric/core';
import { verifySignature } from '@vonage/jwt';
import { Vonage } from '@vonage/server-sdk';
import { describe, expect, it } from 'vitest';
import { createVonage, vonagePayloadHash, vonageSmsSignature } from '../src/index';
import { API_KEY, API_SECRET, SIGNATURE_SECRET } from './simulator';

const NOW = Date.UTC(2026, 10, 24, 14, 0, 0);
const vonage = createVonage({ apiKey: API_KEY, apiSecret: API_SECRET, signatureSecret: SIGNATURE_SECRET });

/** Signs like Vonage: an HS256 JWT over the claims, keyed with the signature secret. */
function signedJwt(claims: Record<string, unknown>, secret = SIGNATURE_SECRET, alg = 'HS256'): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const head = `${encode({ alg, typ: 'JWT' })}.${encode(claims)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

function webhook(
  body: unknown,
  options: { claims?: Record<string, unknown>; token?: string; url?: string; method?: string } = {},
): Request {
  const text = body === undefined ? '' : JSON.stringify(body);
  const claims = {
    iat: NOW / 1000,
    jti: randomUUID(),
    iss: 'Vonage',
    api_key: API_KEY,
    ...(text ? { payload_hash: vonagePayloadHash(text) } : {}),
    ...options.claims,
  };
  return new Request(options.url ?? 'https://hooks.example.com/vonage/events', {
    method: options.method ?? (text ? 'POST' : 'GET'),
    headers: {
      authorization: `Bearer ${options.token ?? signedJwt(claims)}`,
      ...(text ? { 'content-type': 'application/json' } : {}),
    },
    ...(text ? { body: text } : {}),
  });
}

async function rejection(promise: Promise<unknown>): Promise<WebhookVerificationError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

const callEvent = {
  from: '447700900001',
  to: '447700900000',
  uuid: 'aaaaaaaa-bbbb-cccc-dddd-0123456789ab',
  conversation_uuid: 'CON-aaaaaaaa-bbbb-cccc-dddd-0123456789ab',
  status: 'completed',
  direction: 'outbound',
  timestamp: '2026-11-24T13:59:58.000Z',
  duration: '12',
  price: '0.01440000',
  rate: '0.07200000',
};

describe('signed webhooks (JWT HS256 + payload_hash)', () => {
  it('our test tokens are ones Vonage’s own @vonage/jwt accepts', () => {
    expect(verifySignature(signedJwt({ iat: Math.floor(Date.now() / 1000) }), SIGNATURE_SECRET)).toBe(true);
    expect(verifySignature(signedJwt({ iat: Math.floor(Date.now() / 1000) }), 'another-secret')).toBe(false);
  });

  it('accepts a signed call event and normalizes it', async () => {
    const request = webhook(callEvent, { claims: { jti: 'jti-1' } });
    const { events } = await vonage.parseWebhook(request, { now: NOW });
    expect(events).toEqual([
      expect.objectContaining({
        type: 'call',
        event: 'status',
        provider: 'vonage',
        id: 'jti-1',
        time: '2026-11-24T13:59:58.000Z',
        call: {
          id: callEvent.uuid,
          status: 'completed',
          providerStatus: 'completed',
          from: '+447700900001',
          to: '+447700900000',
          direction: 'outbound',
          durationSeconds: 12,
          price: { amount: 2, currency: 'EUR' },
        },
      }),
    ]);
  });

  it('rejects a missing token, another secret, alg "none" and a token of another account', async () => {
    const missing = new Request('https://hooks.example.com/x', { method: 'POST', body: '{}' });
    expect((await rejection(vonage.parseWebhook(missing, { now: NOW }))).reason).toBe('missing_signature');

    const claims = { iat: NOW / 1000, payload_hash: vonagePayloadHash(JSON.stringify(callEvent)) };
    const forged = webhook(callEvent, { token: signedJwt(claims, 'not-the-secret') });
    expect((await rejection(vonage.parseWebhook(forged, { now: NOW }))).reason).toBe('bad_signature');

    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    expect(
      (await rejection(vonage.parseWebhook(webhook(callEvent, { token: none }), { now: NOW }))).reason,
    ).toBe('bad_signature');

    const otherAccount = webhook(callEvent, { claims: { api_key: 'zzzz9999' } });
    expect((await rejection(vonage.parseWebhook(otherAccount, { now: NOW }))).reason).toBe('bad_signature');
  });

  it('rejects a body that does not match payload_hash', async () => {
    const claims = { iat: NOW / 1000, payload_hash: vonagePayloadHash(JSON.stringify(callEvent)) };
    const tampered = webhook({ ...callEvent, price: '0' }, { token: signedJwt(claims) });
    const error = await rejection(vonage.parseWebhook(tampered, { now: NOW }));
    expect(error.reason).toBe('bad_signature');
    expect(error.httpStatus).toBe(401);
  });

  it('rejects a stale or future token (replay window 300 s by default)', async () => {
    const old = webhook(callEvent, { claims: { iat: NOW / 1000 - 301 } });
    expect((await rejection(vonage.parseWebhook(old, { now: NOW }))).reason).toBe('stale');
    const future = webhook(callEvent, { claims: { iat: NOW / 1000 + 301 } });
    expect((await rejection(vonage.parseWebhook(future, { now: NOW }))).reason).toBe('stale');
    const fresh = webhook(callEvent, { claims: { iat: NOW / 1000 - 299 } });
    await expect(vonage.parseWebhook(fresh, { now: NOW })).resolves.toBeDefined();
  });

  it('a signed GET answer webhook is an incoming call', async () => {
    const url =
      'https://hooks.example.com/vonage/answer?to=447700900000&from=447700900001&uuid=cccccccc-bbbb-cccc-dddd-0123456789ab&conversation_uuid=CON-1';
    const { events } = await vonage.parseWebhook(webhook(undefined, { url }), { now: NOW });
    expect(events[0]).toMatchObject({
      type: 'call',
      event: 'incoming',
      call: {
        id: 'cccccccc-bbbb-cccc-dddd-0123456789ab',
        status: 'ringing',
        from: '+447700900001',
        direction: 'inbound',
      },
    });
  });

  it('without a signature secret, parseWebhook is a configuration error (never unsigned)', async () => {
    const unsigned = createVonage({ apiKey: API_KEY, apiSecret: API_SECRET });
    await expect(unsigned.parseWebhook(webhook(callEvent), { now: NOW })).rejects.toMatchObject({
      name: 'ValidationError',
      field: 'VONAGE_SIGNATURE_SECRET',
    });
  });
});

describe('normalization', () => {
  async function parse(body: Record<string, unknown>) {
    return (await vonage.parseWebhook(webhook(body), { now: NOW })).events;
  }

  it('an SMS API inbound message', async () => {
    const [event] = await parse({
      msisdn: '447700900001',
      to: '447700900000',
      messageId: '0A0000000123ABCD1',
      text: 'Hello world',
      type: 'text',
      keyword: 'HELLO',
      'message-timestamp': '2020-01-01 12:00:00',
    });
    expect(event).toMatchObject({
      type: 'sms',
      event: 'incoming',
      time: '2020-01-01T12:00:00.000Z',
      sms: {
        id: '0A0000000123ABCD1',
        status: 'received',
        from: '+447700900001',
        to: '+447700900000',
        text: 'Hello world',
      },
    });
  });

  it.each([
    ['delivered', 'delivered'],
    ['expired', 'undelivered'],
    ['rejected', 'failed'],
    ['accepted', 'sent'],
    ['buffered', 'sending'],
  ])('an SMS API delivery receipt "%s" → %s', async (status, mapped) => {
    const [event] = await parse({
      msisdn: '447700900000',
      to: 'AcmeInc',
      'network-code': '12345',
      messageId: '0A0000000123ABCD1',
      price: '0.03330000',
      status,
      scts: '2001011400',
      'err-code': '0',
      'message-timestamp': '2020-01-01 12:00:00',
    });
    expect(event).toMatchObject({
      type: 'sms',
      event: 'status',
      sms: {
        status: mapped,
        providerStatus: status,
        to: '+447700900000',
        price: { amount: 4, currency: 'EUR' },
      },
    });
  });

  it('Messages API inbound and status (SMS channel)', async () => {
    const [inbound] = await parse({
      channel: 'sms',
      message_uuid: 'aaaaaaaa-bbbb-cccc-dddd-0123456789ab',
      to: '447700900000',
      from: '447700900001',
      timestamp: '2020-01-01T14:00:00Z',
      text: 'Hello',
      message_type: 'text',
    });
    expect(inbound).toMatchObject({
      type: 'sms',
      event: 'incoming',
      sms: { text: 'Hello', from: '+447700900001' },
    });
    const [status] = await parse({
      message_uuid: 'aaaaaaaa-bbbb-cccc-dddd-0123456789ab',
      to: '447700900000',
      from: '447700900001',
      timestamp: '2020-01-01T14:00:00Z',
      status: 'undeliverable',
      channel: 'sms',
    });
    expect(status).toMatchObject({ type: 'sms', event: 'status', sms: { status: 'undelivered' } });
  });

  it.each([
    ['started', 'queued'],
    ['ringing', 'ringing'],
    ['answered', 'in-progress'],
    ['busy', 'busy'],
    ['cancelled', 'canceled'],
    ['rejected', 'failed'],
    ['timeout', 'no-answer'],
    ['unanswered', 'no-answer'],
  ])('call event "%s" → %s', async (status, mapped) => {
    const [event] = await parse({ ...callEvent, status });
    expect(event).toMatchObject({ type: 'call', event: 'status', call: { status: mapped } });
  });
});

describe('SMS API legacy "sig" signing', () => {
  const receipt = {
    msisdn: '447700900000',
    to: 'AcmeInc',
    'network-code': '12345',
    messageId: '0A0000000123ABCD1',
    price: '0.03330000',
    status: 'delivered',
    scts: '2001011400',
    'err-code': '0',
    'message-timestamp': '2020-01-01 12:00:00',
    timestamp: String(NOW / 1000),
    nonce: 'a&b=c',
  };
  const sdkSms = new Vonage({ apiKey: API_KEY, apiSecret: API_SECRET }).sms;

  it.each(['md5hash', 'md5', 'sha1', 'sha256', 'sha512'] as const)(
    '%s signatures agree with the official SDK’s verifySignature',
    (method) => {
      const algorithm = {
        md5hash: 'MD5HASH',
        md5: 'MD5HMAC',
        sha1: 'SHA1HMAC',
        sha256: 'SHA256HMAC',
        sha512: 'SHA512HMAC',
      }[method];
      const sig = vonageSmsSignature(receipt, SIGNATURE_SECRET, method);
      expect(sdkSms.verifySignature(sig, receipt, SIGNATURE_SECRET, algorithm as never)).toBe(true);
      expect(
        sdkSms.verifySignature(sig, { ...receipt, status: 'failed' }, SIGNATURE_SECRET, algorithm as never),
      ).toBe(false);
    },
  );

  it('accepts a signed GET delivery receipt and rejects a tampered or stale one', async () => {
    const url = (params: Record<string, string>) =>
      `https://hooks.example.com/dlr?${new URLSearchParams(params)}`;
    const signed = { ...receipt, sig: vonageSmsSignature(receipt, SIGNATURE_SECRET, 'md5hash') };
    const { events } = await vonage.parseWebhook(new Request(url(signed)), { now: NOW });
    expect(events[0]).toMatchObject({
      type: 'sms',
      event: 'status',
      sms: { status: 'delivered', id: '0A0000000123ABCD1' },
    });

    const tampered = await rejection(
      vonage.parseWebhook(new Request(url({ ...signed, status: 'failed' })), { now: NOW }),
    );
    expect(tampered.reason).toBe('bad_signature');

    const stale = await rejection(vonage.parseWebhook(new Request(url(signed)), { now: NOW + 301_000 }));
    expect(stale.reason).toBe('stale');

    const unsigned = await rejection(vonage.parseWebhook(new Request(url(receipt)), { now: NOW }));
    expect(unsigned.reason).toBe('missing_signature');
  });

  it('verifies a form-posted inbound SMS with the configured HMAC method', async () => {
    const sha256 = createVonage(
      { apiKey: API_KEY, apiSecret: API_SECRET, signatureSecret: SIGNATURE_SECRET },
      { smsSignatureMethod: 'sha256' },
    );
    const inbound = {
      msisdn: '447700900001',
      to: '447700900000',
      messageId: '0B00',
      text: 'Hi & bye',
      type: 'text',
      timestamp: String(NOW / 1000),
    };
    const body = new URLSearchParams({
      ...inbound,
      sig: vonageSmsSignature(inbound, SIGNATURE_SECRET, 'sha256'),
    });
    const request = () =>
      new Request('https://hooks.example.com/inbound', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    const { events } = await sha256.parseWebhook(request(), { now: NOW });
    expect(events[0]).toMatchObject({
      type: 'sms',
      event: 'incoming',
      sms: { text: 'Hi & bye', from: '+447700900001' },
    });
    // The same request under the default md5hash method does not verify.
    expect((await rejection(vonage.parseWebhook(request(), { now: NOW }))).reason).toBe('bad_signature');
  });
});
