import { WebhookVerificationError } from '@infrafabric/core';
import twilioSdk from 'twilio';
import { describe, expect, it } from 'vitest';
import { createTwilio, twilioBodySha256, twilioSignature } from '../src/index';
import { ACCOUNT_SID, AUTH_TOKEN } from './simulator';

const twilio = createTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
const URL_PUBLIC = 'https://hooks.example.com/twilio/sms?tenant=42';

function formRequest(
  params: Record<string, string>,
  options: { url?: string; signature?: string; headers?: Record<string, string> } = {},
) {
  const url = options.url ?? URL_PUBLIC;
  return new Request(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': options.signature ?? twilioSignature(AUTH_TOKEN, url, params),
      ...options.headers,
    },
    body: new URLSearchParams(params).toString(),
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

const incomingSms = {
  ToCountry: 'US',
  SmsMessageSid: 'SM11111111111111111111111111111111',
  NumMedia: '0',
  SmsSid: 'SM11111111111111111111111111111111',
  SmsStatus: 'received',
  Body: 'Hello & ünïcode 👋',
  To: '+14155552671',
  NumSegments: '1',
  MessageSid: 'SM11111111111111111111111111111111',
  AccountSid: ACCOUNT_SID,
  From: '+447400123456',
  ApiVersion: '2010-04-01',
};

describe('X-Twilio-Signature', () => {
  it('computes the same signature as the official SDK', () => {
    const sdkSignature = twilioSdk.getExpectedTwilioSignature(AUTH_TOKEN, URL_PUBLIC, incomingSms);
    expect(twilioSignature(AUTH_TOKEN, URL_PUBLIC, incomingSms)).toBe(sdkSignature);
    expect(
      twilioSdk.validateRequest(
        AUTH_TOKEN,
        twilioSignature(AUTH_TOKEN, URL_PUBLIC, incomingSms),
        URL_PUBLIC,
        incomingSms,
      ),
    ).toBe(true);
  });

  it('matches Twilio’s documented example signature', () => {
    // https://www.twilio.com/docs/usage/security#validating-requests (auth token 12345)
    const params = {
      CallSid: 'CA1234567890ABCDE',
      Caller: '+12349013030',
      Digits: '1234',
      From: '+12349013030',
      To: '+18005551212',
    };
    expect(twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params)).toBe(
      '0/KCTR6DLpKmkAf8muzZqo1nDgQ=',
    );
  });

  it('accepts a signed incoming SMS and normalizes it', async () => {
    const { events, response } = await twilio.parseWebhook(
      formRequest(incomingSms, { headers: { 'i-twilio-idempotency-token': 'idem-1' } }),
      { now: Date.UTC(2026, 0, 1) },
    );
    expect(response).toBeUndefined();
    expect(events).toEqual([
      expect.objectContaining({
        type: 'sms',
        event: 'incoming',
        provider: 'twilio',
        id: 'idem-1',
        time: '2026-01-01T00:00:00.000Z',
        sms: expect.objectContaining({
          id: 'SM11111111111111111111111111111111',
          status: 'received',
          from: '+447400123456',
          to: '+14155552671',
          text: 'Hello & ünïcode 👋',
          segments: 1,
        }),
      }),
    ]);
  });

  it('rejects a missing signature, a wrong one and a tampered body', async () => {
    const missing = formRequest(incomingSms);
    missing.headers.delete('x-twilio-signature');
    expect((await rejection(twilio.parseWebhook(missing))).reason).toBe('missing_signature');

    const wrong = await rejection(
      twilio.parseWebhook(formRequest(incomingSms, { signature: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' })),
    );
    expect(wrong.reason).toBe('bad_signature');
    expect(wrong.httpStatus).toBe(401);

    const signature = twilioSignature(AUTH_TOKEN, URL_PUBLIC, incomingSms);
    const tampered = formRequest({ ...incomingSms, Body: 'send money' }, { signature });
    expect((await rejection(twilio.parseWebhook(tampered))).reason).toBe('bad_signature');

    const otherToken = twilioSignature('another-auth-token', URL_PUBLIC, incomingSms);
    expect(
      (await rejection(twilio.parseWebhook(formRequest(incomingSms, { signature: otherToken })))).reason,
    ).toBe('bad_signature');
  });

  it('verifies against publicUrl when behind a proxy, and tolerates an explicit :443', async () => {
    const internal = 'http://10.0.0.5:8080/twilio/sms?tenant=42';
    const signature = twilioSignature(AUTH_TOKEN, URL_PUBLIC, incomingSms);
    const request = formRequest(incomingSms, { url: internal, signature });
    const { events } = await twilio.parseWebhook(request, { publicUrl: URL_PUBLIC });
    expect(events).toHaveLength(1);
    await expect(twilio.parseWebhook(formRequest(incomingSms, { url: internal, signature }))).rejects.toThrow(
      /signature/,
    );

    const withPort = 'https://hooks.example.com:443/twilio/sms?tenant=42';
    const signedWithPort = twilioSignature(AUTH_TOKEN, withPort, incomingSms);
    const viaDefault = await twilio.parseWebhook(formRequest(incomingSms, { signature: signedWithPort }));
    expect(viaDefault.events).toHaveLength(1);
  });

  it('verifies JSON bodies with bodySHA256', async () => {
    const body = JSON.stringify({
      CallSid: 'CA22222222222222222222222222222222',
      CallStatus: 'completed',
      CallDuration: 42,
    });
    const url = `https://hooks.example.com/twilio/json?bodySHA256=${twilioBodySha256(body)}`;
    const make = (text: string) =>
      new Request(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-twilio-signature': twilioSignature(AUTH_TOKEN, url),
        },
        body: text,
      });
    expect(twilioSdk.validateRequestWithBody(AUTH_TOKEN, twilioSignature(AUTH_TOKEN, url), url, body)).toBe(
      true,
    );
    const { events } = await twilio.parseWebhook(make(body));
    expect(events[0]).toMatchObject({
      type: 'call',
      event: 'status',
      call: { status: 'completed', durationSeconds: 42 },
    });
    expect((await rejection(twilio.parseWebhook(make(body.replace('42', '43'))))).reason).toBe(
      'bad_signature',
    );
  });

  it('refuses a form webhook with the wrong content type, and oversized bodies', async () => {
    const request = new Request(URL_PUBLIC, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-twilio-signature': 'x' },
      body: 'a=b',
    });
    expect((await rejection(twilio.parseWebhook(request))).reason).toBe('wrong_content_type');

    const small = createTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }, { webhookBodyLimit: 64 });
    const big = formRequest({ ...incomingSms, Body: 'x'.repeat(500) });
    expect((await rejection(small.parseWebhook(big))).reason).toBe('too_large');
  });

  it('verifies GET webhooks over the URL with its query', async () => {
    const url = `https://hooks.example.com/voice?${new URLSearchParams({ CallSid: 'CA33333333333333333333333333333333', CallStatus: 'ringing', Direction: 'inbound', From: '+447400123456', To: '+14155552671' })}`;
    const request = new Request(url, { headers: { 'x-twilio-signature': twilioSignature(AUTH_TOKEN, url) } });
    const { events } = await twilio.parseWebhook(request);
    expect(events[0]).toMatchObject({
      type: 'call',
      event: 'incoming',
      call: { status: 'ringing', direction: 'inbound' },
    });
  });
});

describe('normalization', () => {
  async function parse(params: Record<string, string>) {
    return (await twilio.parseWebhook(formRequest(params))).events;
  }

  it('an incoming call (voice URL request) is a call/incoming event', async () => {
    const [event] = await parse({
      CallSid: 'CA44444444444444444444444444444444',
      AccountSid: ACCOUNT_SID,
      From: '+447400123456',
      To: '+14155552671',
      CallStatus: 'ringing',
      Direction: 'inbound',
      ApiVersion: '2010-04-01',
    });
    expect(event).toMatchObject({
      type: 'call',
      event: 'incoming',
      id: 'CA44444444444444444444444444444444:ringing',
      call: { id: 'CA44444444444444444444444444444444', status: 'ringing', direction: 'inbound' },
    });
  });

  it('a call status callback is a call/status event with its duration and timestamp', async () => {
    const [event] = await parse({
      CallSid: 'CA55555555555555555555555555555555',
      CallStatus: 'no-answer',
      Direction: 'outbound-api',
      CallbackSource: 'call-progress-events',
      SequenceNumber: '3',
      Timestamp: 'Tue, 24 Nov 2026 13:00:00 +0000',
      CallDuration: '0',
    });
    expect(event).toMatchObject({
      type: 'call',
      event: 'status',
      id: 'CA55555555555555555555555555555555:no-answer:3',
      time: '2026-11-24T13:00:00.000Z',
      call: { status: 'no-answer', direction: 'outbound', durationSeconds: 0 },
    });
  });

  it.each([
    ['delivered', 'delivered'],
    ['undelivered', 'undelivered'],
    ['failed', 'failed'],
    ['sent', 'sent'],
    ['read', 'delivered'],
  ])('a message status callback "%s" maps to %s', async (providerStatus, status) => {
    const [event] = await parse({
      MessageSid: 'SM66666666666666666666666666666666',
      MessageStatus: providerStatus,
      SmsStatus: providerStatus,
      To: '+447400123456',
      From: '+14155552671',
      ErrorCode: '30003',
    });
    expect(event).toMatchObject({ type: 'sms', event: 'status', sms: { status, providerStatus } });
  });

  it('anything else passes through as an "other" event', async () => {
    const [event] = await parse({ Foo: 'bar' });
    expect(event).toMatchObject({ type: 'other', name: 'unknown', raw: { Foo: 'bar' } });
  });
});
