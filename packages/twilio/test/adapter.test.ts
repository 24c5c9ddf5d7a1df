import {
  AuthenticationError,
  DeclinedError,
  NotFoundError,
  RateLimitError,
  TimeoutError,
  ValidationError,
} from '@infrafabric/core';
import { recordRequests } from '@infrafabric/testing';
import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTwilio } from '../src/index';
import callFetchFixture from './__fixtures__/call-fetch.json';
import error20003 from './__fixtures__/error-20003.json';
import error20404 from './__fixtures__/error-20404.json';
import error21211 from './__fixtures__/error-21211.json';
import {
  ACCOUNT_SID,
  API_KEY_SECRET,
  API_KEY_SID,
  API_URL,
  AUTH_TOKEN,
  createTwilioSimulator,
  TRUNKING_URL,
  twilioError,
} from './simulator';

const simulator = createTwilioSimulator();
const server = setupServer(...simulator.handlers);
const log = recordRequests(server);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
beforeEach(() => log.clear());

const credentials = { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN };
const twilio = createTwilio(credentials, { baseUrl: API_URL, trunkingBaseUrl: TRUNKING_URL });
const FROM = '+14155552671';
const TO = '+447400123456';

async function lastBody(): Promise<URLSearchParams> {
  await log.settled();
  return new URLSearchParams(log.requests.at(-1)!.body);
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('calls', () => {
  it('places a call with TwiML built from `say`, escaped, and the status callback events', async () => {
    const call = await twilio.placeCall({
      from: FROM,
      to: TO,
      answer: { say: 'Tom & Jerry <3 "you"', voice: 'Polly.Amy', language: 'en-GB' },
      statusCallbackUrl: 'https://example.com/status',
      timeoutSeconds: 25,
      record: true,
    });
    expect(call).toMatchObject({
      status: 'queued',
      providerStatus: 'queued',
      from: FROM,
      to: TO,
      direction: 'outbound',
    });
    expect(call.id).toMatch(/^CA[0-9a-f]{32}$/);
    const request = log.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.url.href).toBe(`${API_URL}/2010-04-01/Accounts/${ACCOUNT_SID}/Calls.json`);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const body = await lastBody();
    expect(body.get('To')).toBe(TO);
    expect(body.get('From')).toBe(FROM);
    expect(body.get('Twiml')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="Polly.Amy" language="en-GB">Tom &amp; Jerry &lt;3 &quot;you&quot;</Say></Response>',
    );
    expect(body.get('Url')).toBeNull();
    expect(body.get('StatusCallback')).toBe('https://example.com/status');
    expect(body.getAll('StatusCallbackEvent')).toEqual(['initiated', 'ringing', 'answered', 'completed']);
    expect(body.get('Timeout')).toBe('25');
    expect(body.get('Record')).toBe('true');
  });

  it('sends `url` as Url and a TwiML string as is', async () => {
    await twilio.placeCall({
      from: FROM,
      to: 'sip:alice@example.com',
      answer: { url: 'https://example.com/a.xml' },
    });
    let body = await lastBody();
    expect(body.get('Url')).toBe('https://example.com/a.xml');
    expect(body.get('Twiml')).toBeNull();
    expect(body.get('To')).toBe('sip:alice@example.com');

    await twilio.placeCall({
      from: FROM,
      to: TO,
      answer: { instructions: '<Response><Hangup/></Response>' },
    });
    body = await lastBody();
    expect(body.get('Twiml')).toBe('<Response><Hangup/></Response>');
  });

  it('passes providerOptions.twilio through as SDK parameters', async () => {
    await twilio.placeCall({
      from: FROM,
      to: TO,
      answer: { play: 'https://example.com/a.mp3' },
      providerOptions: { twilio: { machineDetection: 'Enable' }, vonage: { ignored: true } },
    });
    const body = await lastBody();
    expect(body.get('MachineDetection')).toBe('Enable');
    expect(body.get('Twiml')).toContain('<Play>https://example.com/a.mp3</Play>');
    expect(body.has('ignored')).toBe(false);
  });

  it('rejects NCCO-style instruction arrays before any request', async () => {
    const error = await caught(
      twilio.placeCall({ from: FROM, to: TO, answer: { instructions: [{ action: 'talk', text: 'hi' }] } }),
    );
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).field).toBe('answer.instructions');
    expect(log.requests).toHaveLength(0);
  });

  it('gets and hangs up a call with Status=completed; the price becomes Money', async () => {
    const placed = await twilio.placeCall({ from: FROM, to: TO, answer: { conference: 'room-1' } });
    const fetched = await twilio.getCall({ id: placed.id });
    expect(fetched.id).toBe(placed.id);
    const ended = await twilio.hangUpCall({ id: placed.id });
    const request = log.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.url.pathname).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Calls/${placed.id}.json`);
    expect((await lastBody()).get('Status')).toBe('completed');
    expect(ended.status).toBe('completed');
    // The simulator prices the call at "-0.01400" USD: 1.4 cents rounds up to 2.
    expect(ended.price).toEqual({ amount: 2, currency: 'USD' });
    expect(twilio.costModel.actual?.('hangUpCall', {}, ended)).toEqual({ amount: 2, currency: 'USD' });
  });

  it('maps the documented Call resource (price, times, duration, direction)', async () => {
    simulator.state.calls.set(callFetchFixture.sid, callFetchFixture);
    expect(await twilio.getCall({ id: callFetchFixture.sid })).toEqual({
      id: 'CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      status: 'completed',
      providerStatus: 'completed',
      from: '+13051416799',
      to: '+13051913581',
      direction: 'outbound',
      startedAt: '2019-10-18T17:02:00.000Z',
      durationSeconds: 4,
      // "-0.200" USD → 20 cents, positive.
      price: { amount: 20, currency: 'USD' },
    });
  });

  it.each([
    [error20003, 'AuthenticationError', undefined],
    [error20404, 'NotFoundError', undefined],
    [error21211, 'ValidationError', 'to'],
  ])('maps the documented error body %# (code $code)', async (body, name, field) => {
    server.use(
      http.post(`${API_URL}/2010-04-01/Accounts/${ACCOUNT_SID}/Calls.json`, () =>
        HttpResponse.json(body, { status: body.status }),
      ),
    );
    const error = (await caught(
      twilio.placeCall({ from: FROM, to: TO, answer: { say: 'x' } }),
    )) as ValidationError;
    expect(error.name).toBe(name);
    expect(error.providerCode).toBe(String(body.code));
    expect(error.status).toBe(body.status);
    expect(error.field).toBe(field);
  });

  it('maps an unknown call to NotFoundError keeping code 20404', async () => {
    const error = await caught(twilio.getCall({ id: 'CAffffffffffffffffffffffffffffffff' }));
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect((error as NotFoundError).providerCode).toBe('20404');
    expect((error as NotFoundError).status).toBe(404);
  });
});

describe('messages', () => {
  it('sends an MMS with repeated MediaUrl parameters', async () => {
    const sms = await twilio.sendSms({
      from: FROM,
      to: TO,
      text: 'Look',
      mediaUrls: ['https://example.com/a.png', 'https://example.com/b.png'],
      statusCallbackUrl: 'https://example.com/sms',
    });
    expect(sms).toMatchObject({ status: 'queued', to: TO, from: FROM, segments: 1 });
    expect(sms.id).toMatch(/^MM/);
    const body = await lastBody();
    expect(body.getAll('MediaUrl')).toEqual(['https://example.com/a.png', 'https://example.com/b.png']);
    expect(body.get('Body')).toBe('Look');
    expect(body.get('StatusCallback')).toBe('https://example.com/sms');
    expect(log.requests.at(-1)!.headers.authorization).toBe(
      `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
    );
  });

  it('accepts an alphanumeric sender id', async () => {
    await twilio.sendSms({ from: 'InfraFabric', to: TO, text: 'hi' });
    expect((await lastBody()).get('From')).toBe('InfraFabric');
  });

  it.each([
    ['+15005550001', '21211'],
    ['+15005550009', '21614'],
  ])('maps invalid number %s to ValidationError on "to" [%s]', async (to, code) => {
    server.use(
      http.post(`${API_URL}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, () =>
        twilioError(400, Number(code), 'invalid number'),
      ),
    );
    const error = await caught(twilio.sendSms({ from: FROM, to: TO, text: `to ${to}` }));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).field).toBe('to');
    expect((error as ValidationError).providerCode).toBe(code);
  });

  it('maps 21610 (recipient replied STOP) to a non-retryable DeclinedError', async () => {
    server.use(
      http.post(`${API_URL}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, () =>
        twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'),
      ),
    );
    const error = await caught(twilio.sendSms({ from: FROM, to: TO, text: 'hi' }));
    expect(DeclinedError.isInstance(error)).toBe(true);
    expect((error as DeclinedError).retryable).toBe(false);
    expect((error as DeclinedError).declineCode).toBe('21610');
  });

  it('maps 20429 with Retry-After to RateLimitError', async () => {
    server.use(
      http.post(`${API_URL}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, () =>
        twilioError(429, 20429, 'Too Many Requests', { 'retry-after': '7' }),
      ),
    );
    const error = await caught(twilio.sendSms({ from: FROM, to: TO, text: 'hi' }));
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect((error as RateLimitError).retryAfterMs).toBe(7000);
    expect((error as RateLimitError).providerCode).toBe('20429');
  });

  it('maps wrong credentials (20003) to AuthenticationError without leaking the token', async () => {
    const wrong = createTwilio(
      { accountSid: ACCOUNT_SID, authToken: 'wrong-token-123456' },
      { baseUrl: API_URL },
    );
    const error = await caught(wrong.sendSms({ from: FROM, to: TO, text: 'hi' }));
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AuthenticationError).providerCode).toBe('20003');
    expect(JSON.stringify((error as AuthenticationError).toJSON())).not.toContain('wrong-token-123456');
  });

  it('maps a non-JSON 503 to a retryable provider error', async () => {
    server.use(
      http.post(`${API_URL}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, () =>
        HttpResponse.text('<html>bad gateway</html>', { status: 503 }),
      ),
    );
    const error = (await caught(twilio.sendSms({ from: FROM, to: TO, text: 'hi' }))) as {
      retryable: boolean;
      status: number;
    };
    expect(error.retryable).toBe(true);
    expect(error.status).toBe(503);
  });

  it('honours the abort signal', async () => {
    server.use(
      http.post(`${API_URL}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const started = Date.now();
    const error = await caught(
      twilio.sendSms({ from: FROM, to: TO, text: 'hi' }, { signal: AbortSignal.timeout(100) }),
    );
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('numbers', () => {
  it.each([
    ['local', 'Local'],
    ['mobile', 'Mobile'],
    ['tollfree', 'TollFree'],
  ] as const)('searches %s numbers at %s.json with capability filters', async (type, resource) => {
    const numbers = await twilio.searchNumbers({
      country: 'US',
      type,
      capabilities: ['sms', 'voice'],
      limit: 3,
    });
    const url = log.requests.at(-1)!.url;
    expect(url.pathname).toBe(
      `/2010-04-01/Accounts/${ACCOUNT_SID}/AvailablePhoneNumbers/US/${resource}.json`,
    );
    expect(url.searchParams.get('SmsEnabled')).toBe('true');
    expect(url.searchParams.get('VoiceEnabled')).toBe('true');
    expect(url.searchParams.has('MmsEnabled')).toBe(false);
    expect(url.searchParams.get('PageSize')).toBe('3');
    expect(numbers.length).toBeGreaterThan(0);
    expect(numbers[0]).toMatchObject({ country: 'US', type });
    expect(numbers[0]!.number).toMatch(/^\+[1-9]\d{6,14}$/);
  });

  it('maps the documented capability flags (lower or upper case)', async () => {
    const [number] = await twilio.searchNumbers({ country: 'US' });
    // Fixture: { "mms": true, "sms": false, "voice": true }
    expect(number!.capabilities).toEqual(['voice', 'mms']);
  });

  it('buys a number, then releases it by looking its SID up first', async () => {
    const owned = await twilio.buyNumber({ number: '+18089251571' });
    expect(owned.number).toBe('+18089251571');
    expect(simulator.state.numbers.has(owned.id)).toBe(true);
    log.clear();
    await twilio.releaseNumber({ number: '+18089251571' });
    await log.settled();
    const [lookup, remove] = log.requests;
    expect(lookup!.method).toBe('GET');
    expect(lookup!.url.searchParams.get('PhoneNumber')).toBe('+18089251571');
    expect(remove!.method).toBe('DELETE');
    expect(remove!.url.pathname).toBe(
      `/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers/${owned.id}.json`,
    );
    expect(simulator.state.numbers.has(owned.id)).toBe(false);
  });

  it('releasing a number the account does not own is NotFoundError, without a DELETE', async () => {
    const error = await caught(twilio.releaseNumber({ number: '+14155552671' }));
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(log.requests.map((r) => r.method)).toEqual(['GET']);
  });
});

describe('trunks', () => {
  it('creates, lists and deletes an Elastic SIP trunk on the trunking host', async () => {
    const trunk = await twilio.createTrunk({ name: 'office', domain: 'office-1.pstn.twilio.com' });
    expect(trunk).toMatchObject({ name: 'office', domain: 'office-1.pstn.twilio.com' });
    expect(log.requests.at(-1)!.url.href).toBe(`${TRUNKING_URL}/v1/Trunks`);
    expect((await lastBody()).get('FriendlyName')).toBe('office');
    expect((await twilio.listTrunks()).map((t) => t.id)).toContain(trunk.id);
    await twilio.deleteTrunk({ id: trunk.id });
    expect((await twilio.listTrunks()).map((t) => t.id)).not.toContain(trunk.id);
  });

  it('rejects a trunk domain outside pstn.twilio.com before any request', async () => {
    const error = await caught(twilio.createTrunk({ name: 'x', domain: 'sip.example.com' }));
    expect((error as ValidationError).field).toBe('domain');
    expect(log.requests).toHaveLength(0);
  });
});

describe('account and configuration', () => {
  it('check() never returns the auth token Twilio includes in the Account resource', async () => {
    const identity = await twilio.check();
    expect(identity.id).toBe(ACCOUNT_SID);
    expect(JSON.stringify(identity)).not.toContain('auth_token');
  });

  it('without a base URL override, requests go to the real Twilio hosts (edge/region honoured)', async () => {
    const seen: string[] = [];
    const fetchSpy: typeof fetch = async (input) => {
      seen.push(String(input));
      return new Response(JSON.stringify({ sid: ACCOUNT_SID, friendly_name: 'x' }), { status: 200 });
    };
    await createTwilio(credentials, { fetch: fetchSpy }).check();
    await createTwilio(credentials, { fetch: fetchSpy, edge: 'dublin', region: 'ie1' }).check();
    expect(seen).toEqual([
      `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}.json`,
      `https://api.dublin.ie1.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}.json`,
    ]);
  });

  it('authenticates with an API key when one is configured, still under the account SID', async () => {
    const withKey = createTwilio(
      { ...credentials, apiKeySid: API_KEY_SID, apiKeySecret: API_KEY_SECRET },
      { baseUrl: API_URL },
    );
    await withKey.sendSms({ from: FROM, to: TO, text: 'hi' });
    const request = log.requests.at(-1)!;
    expect(request.headers.authorization).toBe(
      `Basic ${Buffer.from(`${API_KEY_SID}:${API_KEY_SECRET}`).toString('base64')}`,
    );
    expect(request.url.pathname).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(() => createTwilio({ ...credentials, apiKeySid: API_KEY_SID })).toThrow(/apiKeySecret/);
  });

  it('validates credentials and options when created', () => {
    expect(() => createTwilio({ accountSid: 'SK123', authToken: 'x' })).toThrow(/accountSid/);
    expect(() => createTwilio(credentials, { baseUrl: 'not a url' })).toThrow(/baseUrl/);
  });

  it('estimates an SMS by destination and segments', () => {
    expect(twilio.costModel.estimate?.('sendSms', { from: FROM, to: '+14155552672', text: 'hi' })).toEqual({
      amount: 1,
      currency: 'USD',
    });
    expect(twilio.costModel.estimate?.('placeCall', {})).toBeUndefined();
  });
});
