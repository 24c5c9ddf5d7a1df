import {
  AuthenticationError,
  Bus,
  DeclinedError,
  NotFoundError,
  ProviderError,
  RateLimitError,
  TimeoutError,
  ValidationError,
} from '@infrafabric/core';
import { recordRequests } from '@infrafabric/testing';
import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createVonage } from '../src/index';
import smsSendError from './__fixtures__/sms-send-error.json';
import {
  API_KEY,
  API_SECRET,
  API_URL,
  APPLICATION_ID,
  createVonageSimulator,
  PRIVATE_KEY,
  REST_URL,
  SIGNATURE_SECRET,
} from './simulator';

const simulator = createVonageSimulator();
const server = setupServer(...simulator.handlers);
const log = recordRequests(server);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
beforeEach(() => log.clear());

const credentials = {
  apiKey: API_KEY,
  apiSecret: API_SECRET,
  applicationId: APPLICATION_ID,
  privateKey: PRIVATE_KEY,
  signatureSecret: SIGNATURE_SECRET,
};
const vonage = createVonage(credentials, { baseUrl: API_URL, restBaseUrl: REST_URL });
const FROM = '+447400123457';
const TO = '+447400123456';

async function lastJson(): Promise<Record<string, unknown>> {
  await log.settled();
  return JSON.parse(log.requests.at(-1)!.body) as Record<string, unknown>;
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('voice', () => {
  it('creates a call with an NCCO, phone endpoints without "+", event_url and ringing_timer, JWT-authenticated', async () => {
    const call = await vonage.placeCall!({
      from: FROM,
      to: TO,
      answer: { say: 'Hello & welcome', language: 'en-GB' },
      statusCallbackUrl: 'https://example.com/events',
      timeoutSeconds: 30,
    });
    expect(call).toMatchObject({
      status: 'queued',
      providerStatus: 'started',
      direction: 'outbound',
      from: FROM,
      to: TO,
    });
    const request = log.requests.at(-1)!;
    expect(request.url.href).toBe(`${API_URL}/v1/calls`);
    expect(request.headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(await lastJson()).toEqual({
      to: [{ type: 'phone', number: '447400123456' }],
      from: { type: 'phone', number: '447400123457' },
      ncco: [{ action: 'talk', text: 'Hello & welcome', language: 'en-GB' }],
      event_url: ['https://example.com/events'],
      ringing_timer: 30,
    });
  });

  it('sends answer_url for `url` and a SIP endpoint for a SIP URI', async () => {
    await vonage.placeCall!({
      from: FROM,
      to: 'sip:alice@example.com',
      answer: { url: 'https://example.com/ncco' },
    });
    const body = await lastJson();
    expect(body.answer_url).toEqual(['https://example.com/ncco']);
    expect(body.ncco).toBeUndefined();
    expect((body.to as Array<Record<string, unknown>>)[0]).toMatchObject({
      type: 'sip',
      uri: 'sip:alice@example.com',
    });
  });

  it('rejects a SIP caller id before any request', async () => {
    const error = await caught(
      vonage.placeCall!({ from: 'sip:bob@example.com', to: TO, answer: { say: 'x' } }),
    );
    expect((error as ValidationError).field).toBe('from');
    expect(log.requests).toHaveLength(0);
  });

  it('gets a call and hangs it up with PUT action=hangup, returning its final state', async () => {
    const placed = await vonage.placeCall!({ from: FROM, to: TO, answer: { conference: 'room' } });
    expect((await vonage.getCall!({ id: placed.id })).status).toBe('queued');
    log.clear();
    const ended = await vonage.hangUpCall!({ id: placed.id });
    await log.settled();
    expect(log.requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
      `PUT /v1/calls/${placed.id}`,
      `GET /v1/calls/${placed.id}`,
    ]);
    expect(JSON.parse(log.requests[0]!.body)).toEqual({ action: 'hangup' });
    expect(ended).toMatchObject({ id: placed.id, status: 'completed', durationSeconds: 0, to: TO });
    expect(ended.price).toEqual({ amount: 0, currency: 'EUR' });
  });

  it('maps the documented call resource (price, start time, endpoints)', async () => {
    simulator.state.calls.set('63f61863-4a51-4f6b-86e1-46edebcf9356', {
      ...(await import('./__fixtures__/call-get.json')).default,
      status: 'completed',
    });
    const call = await vonage.getCall!({ id: '63f61863-4a51-4f6b-86e1-46edebcf9356' });
    expect(call).toEqual({
      id: '63f61863-4a51-4f6b-86e1-46edebcf9356',
      status: 'completed',
      providerStatus: 'completed',
      from: '+447700900001',
      to: '+447700900000',
      direction: 'outbound',
      startedAt: '2020-01-01T12:00:00.000Z',
      durationSeconds: 60,
      price: { amount: 2340, currency: 'EUR' },
    });
  });

  it('maps an unknown call to NotFoundError', async () => {
    const error = await caught(vonage.getCall!({ id: 'no-such-call' }));
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect((error as NotFoundError).providerCode).toBe('not-found');
  });

  it('maps a rejected application JWT to AuthenticationError', async () => {
    const other = createVonage(
      { ...credentials, applicationId: 'ffffffff-bbbb-4ccc-8ddd-0123456789ab' },
      { baseUrl: API_URL, restBaseUrl: REST_URL },
    );
    const error = await caught(other.placeCall!({ from: FROM, to: TO, answer: { say: 'x' } }));
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AuthenticationError).providerCode).toBe('unauthorized');
  });

  it('without a Voice application there are no call operations', () => {
    const smsOnly = createVonage({ apiKey: API_KEY, apiSecret: API_SECRET });
    expect(smsOnly.placeCall).toBeUndefined();
    expect(smsOnly.capabilities.operations.placeCall).toBe(false);
    expect(smsOnly.capabilities.operations.sendSms).toBe(true);
    expect(() =>
      createVonage({ apiKey: API_KEY, apiSecret: API_SECRET, applicationId: APPLICATION_ID }),
    ).toThrow(/privateKey/);
  });
});

describe('sms', () => {
  it('posts to /sms/json with Basic auth, digits-only numbers and the callback', async () => {
    const sms = await vonage.sendSms({
      from: FROM,
      to: TO,
      text: 'Hi',
      statusCallbackUrl: 'https://example.com/dlr',
    });
    expect(sms).toEqual({
      id: expect.stringMatching(/^0A0/),
      status: 'sent',
      providerStatus: '0',
      from: FROM,
      to: TO,
      segments: 1,
      price: { amount: 4, currency: 'EUR' },
    });
    const request = log.requests.at(-1)!;
    expect(request.url.href).toBe(`${REST_URL}/sms/json`);
    expect(request.headers.authorization).toBe(
      `Basic ${Buffer.from(`${API_KEY}:${API_SECRET}`).toString('base64')}`,
    );
    expect(await lastJson()).toEqual({
      to: '447400123456',
      from: '447400123457',
      text: 'Hi',
      callback: 'https://example.com/dlr',
    });
  });

  it('marks non-GSM text as unicode and reports every part of a long message', async () => {
    const sms = await vonage.sendSms({ from: 'Acme', to: TO, text: 'ünïcødé ✓ '.repeat(10) });
    expect((await lastJson()).type).toBe('unicode');
    expect(sms.segments).toBe(2);
    // Two parts at 0.0333 EUR each: 0.0666 → 7 cents (rounded up).
    expect(sms.price).toEqual({ amount: 7, currency: 'EUR' });
  });

  it.each([
    ['+447400000001', RateLimitError, '1'],
    ['+447400000003', ValidationError, '3'],
    ['+447400000004', AuthenticationError, '4'],
  ] as const)('an HTTP 200 with status != 0 (%s) is an error: %s', async (to, errorClass, code) => {
    const error = await caught(vonage.sendSms({ from: 'Acme', to, text: 'hi' }));
    expect(errorClass.isInstance(error), String(error)).toBe(true);
    expect((error as ProviderError).providerCode).toBe(code);
    expect((error as Error).message).toContain('Vonage said');
  });

  it('a long SMS with some parts sent is not retried (no part sent twice)', async () => {
    let requests = 0;
    server.use(
      http.post(`${REST_URL}/sms/json`, () => {
        requests += 1;
        return HttpResponse.json({
          'message-count': '2',
          messages: [
            {
              to: '447400123456',
              'message-id': '0A0000000123ABCD1',
              status: '0',
              'remaining-balance': '3.14159265',
              'message-price': '0.03330000',
              network: '12345',
            },
            { status: '1', 'error-text': 'Throughput Rate Exceeded - please wait [ 30 ] and retry' },
          ],
        });
      }),
    );
    const bus = new Bus({ adapters: [vonage], policies: { retry: { maxAttempts: 3, baseDelayMs: 1 } } });
    const error = (await caught(
      bus.sip.sendSms(vonage.name ?? vonage.provider, { from: 'Acme', to: TO, text: 'x'.repeat(200) }),
    )) as ProviderError;
    expect(ProviderError.isInstance(error)).toBe(true);
    expect(error.providerCode).toBe('partial_failure');
    expect(error.outcomeUnknown).toBe(true);
    expect(error.message).toContain('1 of 2 parts');
    expect(requests).toBe(1);
  });

  it('the documented error answer (HTTP 200, status 2) is a ValidationError', async () => {
    server.use(http.post(`${REST_URL}/sms/json`, () => HttpResponse.json(smsSendError)));
    const error = (await caught(vonage.sendSms({ from: 'Acme', to: TO, text: 'x' }))) as ValidationError;
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(error.providerCode).toBe('2');
    expect(error.message).toContain('Missing to param');
  });

  it('status 9 (quota) is a non-retryable ProviderError so a Bus fails over', async () => {
    const error = (await caught(
      vonage.sendSms({ from: 'Acme', to: '+447400000009', text: 'hi' }),
    )) as ProviderError;
    expect(ProviderError.isInstance(error)).toBe(true);
    expect(error.code).toBe('provider');
    expect(error.retryable).toBe(false);
  });

  it('status 7 (number barred) is a DeclinedError', async () => {
    server.use(
      http.post(`${REST_URL}/sms/json`, () =>
        HttpResponse.json({
          'message-count': '1',
          messages: [{ status: '7', 'error-text': 'Number barred.' }],
        }),
      ),
    );
    expect(DeclinedError.isInstance(await caught(vonage.sendSms({ from: 'Acme', to: TO, text: 'x' })))).toBe(
      true,
    );
  });

  it('refuses MMS before any request', async () => {
    const error = await caught(
      vonage.sendSms({ from: 'Acme', to: TO, text: 'x', mediaUrls: ['https://e.com/a.png'] }),
    );
    expect((error as ValidationError).field).toBe('mediaUrls');
    expect(log.requests).toHaveLength(0);
  });

  it('maps HTTP 429 with Retry-After', async () => {
    server.use(
      http.post(
        `${REST_URL}/sms/json`,
        () => new HttpResponse(null, { status: 429, headers: { 'retry-after': '2' } }),
      ),
    );
    const error = await caught(vonage.sendSms({ from: 'Acme', to: TO, text: 'x' }));
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect((error as RateLimitError).retryAfterMs).toBe(2000);
  });

  it('honours the abort signal', async () => {
    server.use(
      http.post(`${REST_URL}/sms/json`, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const error = await caught(
      vonage.sendSms({ from: 'Acme', to: TO, text: 'x' }, { signal: AbortSignal.timeout(100) }),
    );
    expect(TimeoutError.isInstance(error)).toBe(true);
  });
});

describe('numbers', () => {
  it.each([
    ['local', 'landline'],
    ['mobile', 'mobile-lvn'],
    ['tollfree', 'landline-toll-free'],
  ] as const)('searches %s as type=%s with pattern, features and size', async (type, vonageType) => {
    const numbers = await vonage.searchNumbers({
      country: 'GB',
      type,
      contains: '7700',
      capabilities: ['sms', 'voice'],
      limit: 5,
    });
    const url = log.requests.at(-1)!.url;
    expect(url.pathname).toBe('/number/search');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      country: 'GB',
      type: vonageType,
      size: '5',
      pattern: '7700',
      search_pattern: '1',
      features: 'SMS,VOICE',
    });
    expect(numbers).toEqual([
      {
        number: '+447700900000',
        country: 'GB',
        type,
        capabilities: ['voice', 'sms', 'mms'],
        monthlyPrice: { amount: 125, currency: 'EUR' },
      },
    ]);
  });

  it('buys and cancels with form posts, deriving the country from the number', async () => {
    const owned = await vonage.buyNumber({ number: '+447400123459' });
    expect(owned).toEqual({ id: '+447400123459', number: '+447400123459' });
    await log.settled();
    let request = log.requests.at(-1)!;
    expect(request.url.pathname).toBe('/number/buy');
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      country: 'GB',
      msisdn: '447400123459',
    });
    await vonage.releaseNumber({ number: '+447400123459', country: 'GB' });
    await log.settled();
    request = log.requests.at(-1)!;
    expect(request.url.pathname).toBe('/number/cancel');
    expect(simulator.state.ownedNumbers.has('447400123459')).toBe(false);
  });

  it('maps 420 "method failed" to a non-retryable ProviderError with the code', async () => {
    const error = (await caught(vonage.releaseNumber({ number: '+447400123450' }))) as ProviderError;
    expect(ProviderError.isInstance(error)).toBe(true);
    expect(error.status).toBe(420);
    expect(error.providerCode).toBe('420');
    expect(error.retryable).toBe(false);
  });
});

describe('account', () => {
  it('check() reads the balance and identifies the API key', async () => {
    const identity = await vonage.check();
    expect(identity).toEqual({
      id: API_KEY,
      details: { balance: 10.28, currency: 'EUR', autoReload: false },
    });
    expect(log.requests.at(-1)!.url.href).toBe(`${REST_URL}/account/get-balance`);
  });

  it('wrong secret → AuthenticationError without the secret in it', async () => {
    const wrong = createVonage(
      { apiKey: API_KEY, apiSecret: 'wrong-secret-0000' },
      { restBaseUrl: REST_URL },
    );
    const error = await caught(wrong.check());
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(JSON.stringify((error as AuthenticationError).toJSON())).not.toContain('wrong-secret-0000');
  });

  it('without overrides, requests go to the real Vonage hosts', async () => {
    const seen: string[] = [];
    const fetchSpy: typeof fetch = async (input) => {
      seen.push(String(input));
      return HttpResponse.json({ value: 1, autoReload: false });
    };
    await createVonage(credentials, { fetch: fetchSpy }).check();
    expect(seen).toEqual(['https://rest.nexmo.com/account/get-balance']);
  });
});
