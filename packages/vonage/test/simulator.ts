import { createPublicKey, generateKeyPairSync, randomUUID, verify } from 'node:crypto';
import { HttpResponse, http, type RequestHandler } from 'msw';
import balanceFixture from './__fixtures__/balance.json';
import callCreateFixture from './__fixtures__/call-create.json';
import callGetFixture from './__fixtures__/call-get.json';
import numberBuyFixture from './__fixtures__/number-buy.json';
import numberError420 from './__fixtures__/number-error-420.json';
import numberSearchFixture from './__fixtures__/number-search.json';
import smsSendFixture from './__fixtures__/sms-send.json';
import voiceError401 from './__fixtures__/voice-error-401.json';

/** Where the Voice simulator listens (the SDK's apiHost). */
export const API_URL = 'https://api.nexmo.test';
/** Where the SMS/Numbers/Account simulator listens (the SDK's restHost). */
export const REST_URL = 'https://rest.nexmo.test';
/** Canary credentials: a test fails if a secret ever appears in an error or audit entry. */
export const API_KEY = 'abcd1234';
export const API_SECRET = 'canary-vonage-secret-5e1f';
export const APPLICATION_ID = 'aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab';
export const SIGNATURE_SECRET = 'canary-vonage-signature-secret-9b2c';
/** A freshly generated RSA key stands in for the Vonage application's private key. */
export const { privateKey: PRIVATE_KEY, publicKey: PUBLIC_KEY } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

/** SMS API status codes the simulator answers (with HTTP 200) for these destinations. */
export const SMS_FAILURES: Readonly<Record<string, { status: string; 'error-text': string }>> = {
  '447400000001': { status: '1', 'error-text': 'Throughput Rate Exceeded - please wait [ 1000 ] and retry' },
  '447400000003': { status: '3', 'error-text': 'Invalid to param' },
  '447400000004': { status: '4', 'error-text': 'Bad Credentials' },
  '447400000009': { status: '9', 'error-text': 'Quota Exceeded - rejected' },
};

/** In-memory state of the simulated account. */
export interface VonageSimulatorState {
  calls: Map<string, Record<string, unknown>>;
  ownedNumbers: Set<string>;
  sms: Array<Record<string, unknown>>;
}

/** Verifies an RS256 application JWT with the application's public key. */
function validApplicationJwt(authorization: string | null): boolean {
  const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  if (!token) return false;
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return false;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { application_id?: string };
  return (
    claims.application_id === APPLICATION_ID &&
    verify(
      'RSA-SHA256',
      Buffer.from(`${header}.${payload}`),
      createPublicKey(PUBLIC_KEY),
      Buffer.from(signature, 'base64url'),
    )
  );
}

const basic = `Basic ${Buffer.from(`${API_KEY}:${API_SECRET}`).toString('base64')}`;

async function params(request: Request): Promise<Record<string, string>> {
  const type = request.headers.get('content-type') ?? '';
  const text = await request.text();
  if (type.includes('json')) return JSON.parse(text) as Record<string, string>;
  return Object.fromEntries(new URLSearchParams(text));
}

/** Splits a text into SMS parts like Vonage does (153 GSM characters per part of a long message). */
function parts(text: string, unicode: boolean): number {
  const single = unicode ? 70 : 160;
  const multi = unicode ? 67 : 153;
  return text.length <= single ? 1 : Math.ceil(text.length / multi);
}

/**
 * msw handlers emulating Vonage's Voice API (api.nexmo.com), SMS API, Numbers and Account
 * (rest.nexmo.com), with in-memory state. Bodies are the documented examples in __fixtures__
 * with the request's values filled in. Voice requests must carry a valid RS256 application JWT;
 * the REST endpoints Basic auth.
 */
export function createVonageSimulator(options: { apiUrl?: string; restUrl?: string } = {}): {
  handlers: RequestHandler[];
  state: VonageSimulatorState;
} {
  const api = options.apiUrl ?? API_URL;
  const rest = options.restUrl ?? REST_URL;
  const state: VonageSimulatorState = { calls: new Map(), ownedNumbers: new Set(), sms: [] };
  const restUnauthorized = () =>
    HttpResponse.json({ 'error-code': '401', 'error-code-label': 'authentication failed' }, { status: 401 });
  const voiceUnauthorized = () => HttpResponse.json(voiceError401, { status: 401 });
  const notFound = (uuid: string) =>
    HttpResponse.json(
      {
        type: 'https://developer.nexmo.com/api-errors#not-found',
        title: 'Not Found',
        detail: `Call ${uuid} was not found or it has been removed.`,
        instance: randomUUID(),
      },
      { status: 404 },
    );

  const handlers: RequestHandler[] = [
    http.get(`${rest}/account/get-balance`, ({ request }) =>
      request.headers.get('authorization') === basic ? HttpResponse.json(balanceFixture) : restUnauthorized(),
    ),

    http.post(`${rest}/sms/json`, async ({ request }) => {
      if (request.headers.get('authorization') !== basic) return restUnauthorized();
      const body = await params(request);
      const failure = SMS_FAILURES[body.to ?? ''];
      if (failure) return HttpResponse.json({ 'message-count': '1', messages: [failure] });
      if (!body.to || !body.from) {
        return HttpResponse.json({
          'message-count': '1',
          messages: [{ status: '2', 'error-text': 'Missing to param' }],
        });
      }
      state.sms.push(body);
      const count = parts(body.text ?? '', body.type === 'unicode');
      const template = smsSendFixture.messages[0]!;
      return HttpResponse.json({
        'message-count': String(count),
        messages: Array.from({ length: count }, (_, i) => ({
          ...template,
          to: body.to,
          'message-id': `0A00000000${String(state.sms.length).padStart(3, '0')}ABCD${i}`,
          ...(body['client-ref'] ? { 'client-ref': body['client-ref'] } : {}),
        })),
      });
    }),

    http.get(`${rest}/number/search`, ({ request }) => {
      if (request.headers.get('authorization') !== basic) return restUnauthorized();
      const query = new URL(request.url).searchParams;
      const country = query.get('country') ?? '';
      const numbers = numberSearchFixture.numbers
        .map((n) => ({ ...n, country, type: query.get('type') ?? n.type }))
        .filter((n) => !query.get('pattern') || n.msisdn.includes(query.get('pattern')!))
        .slice(0, Number(query.get('size') ?? 10));
      return HttpResponse.json({ count: numbers.length, numbers });
    }),

    http.post(`${rest}/number/buy`, async ({ request }) => {
      if (request.headers.get('authorization') !== basic) return restUnauthorized();
      const { country, msisdn } = await params(request);
      if (!country || !msisdn || state.ownedNumbers.has(msisdn))
        return HttpResponse.json(numberError420, { status: 420 });
      state.ownedNumbers.add(msisdn);
      return HttpResponse.json(numberBuyFixture);
    }),

    http.post(`${rest}/number/cancel`, async ({ request }) => {
      if (request.headers.get('authorization') !== basic) return restUnauthorized();
      const { msisdn } = await params(request);
      if (!msisdn || !state.ownedNumbers.delete(msisdn))
        return HttpResponse.json(numberError420, { status: 420 });
      return HttpResponse.json(numberBuyFixture);
    }),

    http.post(`${api}/v1/calls`, async ({ request }) => {
      if (!validApplicationJwt(request.headers.get('authorization'))) return voiceUnauthorized();
      const body = (await request.json()) as Record<string, unknown>;
      if (!Array.isArray(body.to) || (!body.ncco && !body.answer_url)) {
        return HttpResponse.json(
          {
            type: 'https://developer.nexmo.com/api-errors#bad-request',
            title: 'Bad Request',
            detail: 'Either ncco or answer_url is required',
            instance: randomUUID(),
          },
          { status: 400 },
        );
      }
      const uuid = randomUUID();
      const call = {
        ...callGetFixture,
        uuid,
        to: body.to[0],
        from: body.from,
        status: 'started',
        price: undefined,
        rate: undefined,
        duration: undefined,
        start_time: undefined,
        end_time: undefined,
        _links: { self: { href: `/calls/${uuid}` } },
      };
      state.calls.set(uuid, call);
      return HttpResponse.json({ ...callCreateFixture, uuid }, { status: 201 });
    }),

    http.get(`${api}/v1/calls/:uuid`, ({ request, params: path }) => {
      if (!validApplicationJwt(request.headers.get('authorization'))) return voiceUnauthorized();
      const call = state.calls.get(String(path.uuid));
      return call ? HttpResponse.json(call) : notFound(String(path.uuid));
    }),

    http.put(`${api}/v1/calls/:uuid`, async ({ request, params: path }) => {
      if (!validApplicationJwt(request.headers.get('authorization'))) return voiceUnauthorized();
      const call = state.calls.get(String(path.uuid));
      if (!call) return notFound(String(path.uuid));
      const { action } = (await request.json()) as { action?: string };
      if (action === 'hangup') {
        Object.assign(call, {
          status: 'completed',
          duration: '0',
          price: '0.00000000',
          rate: '0.01800000',
          end_time: '2026-11-24 14:00:00',
        });
      }
      return new HttpResponse(null, { status: 204 });
    }),
  ];
  return { handlers, state };
}
