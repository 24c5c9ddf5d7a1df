import { HttpResponse, http, type RequestHandler } from 'msw';
import accountFixture from './__fixtures__/account-fetch.json';
import localFixture from './__fixtures__/available-local-read.json';
import mobileFixture from './__fixtures__/available-mobile-read.json';
import tollFreeFixture from './__fixtures__/available-tollfree-read.json';
import callFixture from './__fixtures__/call-create.json';
import incomingFixture from './__fixtures__/incoming-phone-number-create.json';
import messageFixture from './__fixtures__/message-create.json';
import trunkFixture from './__fixtures__/trunk-create.json';
import trunksReadFixture from './__fixtures__/trunks-read.json';

/** Where the simulator listens. */
export const API_URL = 'https://api.twilio.test';
/** Where the trunking simulator listens. */
export const TRUNKING_URL = 'https://trunking.twilio.test';
/** Canary credentials: a test fails if they ever appear in an error or audit entry. */
export const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
export const AUTH_TOKEN = 'canary-twilio-auth-token-7f3a9c';
/** An API key the simulated account accepts besides the auth token. */
export const API_KEY_SID = 'SK0123456789abcdef0123456789abcdef';
export const API_KEY_SECRET = 'canary-twilio-api-key-secret-41d2';

/** Twilio's documented magic test numbers and the errors they trigger. */
export const MAGIC_NUMBERS: Readonly<Record<string, { status: number; code: number; message: string }>> = {
  '+15005550001': {
    status: 400,
    code: 21211,
    message: "The 'To' number +15005550001 is not a valid phone number.",
  },
  '+15005550004': {
    status: 400,
    code: 21610,
    message: 'Attempt to send to unsubscribed recipient',
  },
  '+15005550009': { status: 400, code: 21614, message: "'To' number is not a valid mobile number" },
};

/** Twilio's REST error body (RestException). */
export function twilioErrorBody(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** A Twilio error response. */
export function twilioError(
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
) {
  return HttpResponse.json(twilioErrorBody(status, code, message), { status, headers });
}

let counter = 0;
function sid(prefix: string): string {
  counter += 1;
  return `${prefix}${counter.toString(16).padStart(32, '0')}`;
}

function rfc2822(date = new Date()): string {
  return date.toUTCString().replace('GMT', '+0000');
}

type Json = Record<string, unknown>;

/** In-memory state of the simulated account. */
export interface TwilioSimulatorState {
  calls: Map<string, Json>;
  messages: Map<string, Json>;
  numbers: Map<string, Json>;
  trunks: Map<string, Json>;
}

/**
 * msw handlers emulating the Twilio REST API (2010-04-01) and Elastic SIP Trunking v1 with
 * in-memory state. Responses are the documented example bodies (test/__fixtures__, taken from
 * Twilio's OpenAPI spec) with the created resource's values filled in.
 */
export function createTwilioSimulator(
  options: { apiUrl?: string; trunkingUrl?: string; accountSid?: string; authToken?: string } = {},
): { handlers: RequestHandler[]; state: TwilioSimulatorState } {
  const api = options.apiUrl ?? API_URL;
  const trunking = options.trunkingUrl ?? TRUNKING_URL;
  const accountSid = options.accountSid ?? ACCOUNT_SID;
  const authToken = options.authToken ?? AUTH_TOKEN;
  const state: TwilioSimulatorState = {
    calls: new Map(),
    messages: new Map(),
    numbers: new Map(),
    trunks: new Map(),
  };
  const base = `${api}/2010-04-01/Accounts/${accountSid}`;

  const accepted = new Set(
    [`${accountSid}:${authToken}`, `${API_KEY_SID}:${API_KEY_SECRET}`].map(
      (pair) => `Basic ${Buffer.from(pair).toString('base64')}`,
    ),
  );
  const authorized = (request: Request) => accepted.has(request.headers.get('authorization') ?? '');
  const unauthorized = () => twilioError(401, 20003, 'Authenticate');
  const notFound = (path: string) => twilioError(404, 20404, `The requested resource ${path} was not found`);
  const form = async (request: Request) => new URLSearchParams(await request.text());
  const stripJson = (file: string) => file.replace(/\.json$/, '');

  const handlers: RequestHandler[] = [
    http.get(`${api}/2010-04-01/Accounts/:file`, ({ request, params }) => {
      if (!authorized(request)) return unauthorized();
      if (stripJson(String(params.file)) !== accountSid) return notFound(new URL(request.url).pathname);
      return HttpResponse.json({ ...accountFixture, sid: accountSid, owner_account_sid: accountSid });
    }),

    http.post(`${base}/Calls.json`, async ({ request }) => {
      if (!authorized(request)) return unauthorized();
      const body = await form(request);
      if (!body.get('To') || !body.get('From'))
        return twilioError(400, 21201, 'No called number is specified');
      if (!body.get('Twiml') && !body.get('Url') && !body.get('ApplicationSid'))
        return twilioError(400, 21205, 'Url parameter is required.');
      const callSid = sid('CA');
      const call = {
        ...callFixture,
        sid: callSid,
        account_sid: accountSid,
        to: body.get('To'),
        from: body.get('From'),
        status: 'queued',
        direction: 'outbound-api',
        duration: null,
        price: null,
        price_unit: 'USD',
        start_time: null,
        end_time: null,
        date_created: rfc2822(),
        uri: `/2010-04-01/Accounts/${accountSid}/Calls/${callSid}.json`,
      };
      state.calls.set(callSid, call);
      return HttpResponse.json(call, { status: 201 });
    }),

    http.get(`${base}/Calls/:file`, ({ request, params }) => {
      if (!authorized(request)) return unauthorized();
      const call = state.calls.get(stripJson(String(params.file)));
      return call ? HttpResponse.json(call) : notFound(new URL(request.url).pathname);
    }),

    http.post(`${base}/Calls/:file`, async ({ request, params }) => {
      if (!authorized(request)) return unauthorized();
      const call = state.calls.get(stripJson(String(params.file)));
      if (!call) return notFound(new URL(request.url).pathname);
      const status = (await form(request)).get('Status');
      if (status === 'completed' || status === 'canceled') {
        Object.assign(call, {
          status: status === 'completed' && call.status === 'in-progress' ? 'completed' : status,
          end_time: rfc2822(),
          duration: '0',
          price: '-0.01400',
          price_unit: 'USD',
        });
      }
      return HttpResponse.json(call);
    }),

    http.post(`${base}/Messages.json`, async ({ request }) => {
      if (!authorized(request)) return unauthorized();
      const body = await form(request);
      const to = body.get('To') ?? '';
      const magic = MAGIC_NUMBERS[to];
      if (magic) return twilioError(magic.status, magic.code, magic.message);
      if (!body.get('Body') && body.getAll('MediaUrl').length === 0)
        return twilioError(400, 21602, 'Message body is required.');
      const messageSid = sid(body.getAll('MediaUrl').length ? 'MM' : 'SM');
      const message = {
        ...messageFixture,
        sid: messageSid,
        account_sid: accountSid,
        to,
        from: body.get('From'),
        body: body.get('Body') ?? '',
        num_media: String(body.getAll('MediaUrl').length),
        messaging_service_sid: body.get('MessagingServiceSid'),
        status: 'queued',
        uri: `/2010-04-01/Accounts/${accountSid}/Messages/${messageSid}.json`,
      };
      state.messages.set(messageSid, message);
      return HttpResponse.json(message, { status: 201 });
    }),

    http.get(`${base}/AvailablePhoneNumbers/:country/:file`, ({ request, params }) => {
      if (!authorized(request)) return unauthorized();
      const type = stripJson(String(params.file));
      const fixture = { Local: localFixture, Mobile: mobileFixture, TollFree: tollFreeFixture }[type];
      if (!fixture) return notFound(new URL(request.url).pathname);
      const query = new URL(request.url).searchParams;
      const contains = query.get('Contains');
      const numbers = fixture.available_phone_numbers
        .map((n) => ({ ...n, iso_country: String(params.country) }))
        .filter((n) => !contains || n.phone_number.includes(contains));
      return HttpResponse.json({
        ...fixture,
        available_phone_numbers: numbers.slice(0, Number(query.get('PageSize') ?? 50)),
      });
    }),

    http.post(`${base}/IncomingPhoneNumbers.json`, async ({ request }) => {
      if (!authorized(request)) return unauthorized();
      const phoneNumber = (await form(request)).get('PhoneNumber');
      if (!phoneNumber) return twilioError(400, 21421, 'PhoneNumber is invalid');
      const numberSid = sid('PN');
      const number = {
        ...incomingFixture,
        sid: numberSid,
        account_sid: accountSid,
        phone_number: phoneNumber,
        uri: `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers/${numberSid}.json`,
      };
      state.numbers.set(numberSid, number);
      return HttpResponse.json(number, { status: 201 });
    }),

    http.get(`${base}/IncomingPhoneNumbers.json`, ({ request }) => {
      if (!authorized(request)) return unauthorized();
      const query = new URL(request.url).searchParams;
      const wanted = query.get('PhoneNumber');
      const numbers = [...state.numbers.values()].filter((n) => !wanted || n.phone_number === wanted);
      return HttpResponse.json({
        end: Math.max(0, numbers.length - 1),
        first_page_uri: `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers.json?PageSize=50&Page=0`,
        incoming_phone_numbers: numbers.slice(0, Number(query.get('PageSize') ?? 50)),
        next_page_uri: null,
        page: 0,
        page_size: Number(query.get('PageSize') ?? 50),
        previous_page_uri: null,
        start: 0,
        uri: `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers.json?PageSize=50&Page=0`,
      });
    }),

    http.delete(`${base}/IncomingPhoneNumbers/:file`, ({ request, params }) => {
      if (!authorized(request)) return unauthorized();
      const deleted = state.numbers.delete(stripJson(String(params.file)));
      return deleted ? new HttpResponse(null, { status: 204 }) : notFound(new URL(request.url).pathname);
    }),

    http.get(`${trunking}/v1/Trunks`, ({ request }) => {
      if (!authorized(request)) return unauthorized();
      return HttpResponse.json({
        meta: { ...trunksReadFixture.meta, url: `${trunking}/v1/Trunks?PageSize=50&Page=0` },
        trunks: [...state.trunks.values()],
      });
    }),

    http.post(`${trunking}/v1/Trunks`, async ({ request }) => {
      if (!authorized(request)) return unauthorized();
      const body = await form(request);
      const trunkSid = sid('TK');
      const trunk = {
        ...trunkFixture,
        sid: trunkSid,
        account_sid: accountSid,
        friendly_name: body.get('FriendlyName'),
        domain_name: body.get('DomainName'),
        url: `${trunking}/v1/Trunks/${trunkSid}`,
      };
      state.trunks.set(trunkSid, trunk);
      return HttpResponse.json(trunk, { status: 201 });
    }),

    http.delete(`${trunking}/v1/Trunks/:sid`, ({ request, params }) => {
      if (!authorized(request)) return unauthorized();
      const deleted = state.trunks.delete(String(params.sid));
      return deleted
        ? new HttpResponse(null, { status: 204 })
        : twilioError(404, 20404, `The requested resource /Trunks/${String(params.sid)} was not found`);
    }),
  ];
  return { handlers, state };
}
