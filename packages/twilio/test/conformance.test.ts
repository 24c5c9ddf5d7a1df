import { createHttpFaultInjector, recordRequests } from '@infrafabric/testing';
import { describeSipAdapter } from '@infrafabric/testing/vitest';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';
import { createTwilio } from '../src/index';
import {
  ACCOUNT_SID,
  API_URL,
  AUTH_TOKEN,
  createTwilioSimulator,
  TRUNKING_URL,
  twilioError,
} from './simulator';

const simulator = createTwilioSimulator();
const server = setupServer(...simulator.handlers);
const requests = recordRequests(server);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

// Twilio's documented codes for each injected HTTP status.
const FAULT_CODES: Record<number, number> = { 401: 20003, 403: 20403, 404: 20404, 429: 20429, 503: 20500 };

describeSipAdapter({
  name: 'twilio',
  create: () => {
    server.resetHandlers(...simulator.handlers);
    return createTwilio(
      { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
      { baseUrl: API_URL, trunkingBaseUrl: TRUNKING_URL },
    );
  },
  faults: createHttpFaultInjector(server, {
    baseUrl: API_URL,
    simulator: simulator.handlers,
    errorResponse: (_fault, status, retryAfter) =>
      twilioError(
        status,
        FAULT_CODES[status] ?? 20001,
        `injected HTTP ${status}`,
        retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) },
      ),
  }),
  requests,
  probe: {
    operation: 'sendSms',
    input: { from: '+14155552671', to: '+447400123456', text: 'Hello from InfraFabric' },
  },
  invalid: { input: { from: '+14155552671', to: '', text: 'hi' }, field: 'to' },
  samples: [
    {
      operation: 'placeCall',
      input: { from: '+14155552671', to: '+447400123456', answer: { say: 'Hello & <goodbye>' } },
    },
    { operation: 'searchNumbers', input: { country: 'US', type: 'local', limit: 5 } },
    { operation: 'buyNumber', input: { number: '+18089251571' } },
    { operation: 'listTrunks', input: {} },
    { operation: 'createTrunk', input: { name: 'conformance trunk' } },
  ],
  secrets: [AUTH_TOKEN],
});
