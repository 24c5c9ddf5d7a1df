import { createHttpFaultInjector, recordRequests } from '@infrafabric/testing';
import { describeSipAdapter } from '@infrafabric/testing/vitest';
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';
import { createVonage } from '../src/index';
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
const requests = recordRequests(server);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

describeSipAdapter({
  name: 'vonage',
  create: () => {
    server.resetHandlers(...simulator.handlers);
    return createVonage(
      {
        apiKey: API_KEY,
        apiSecret: API_SECRET,
        applicationId: APPLICATION_ID,
        privateKey: PRIVATE_KEY,
        signatureSecret: SIGNATURE_SECRET,
      },
      { baseUrl: API_URL, restBaseUrl: REST_URL },
    );
  },
  faults: createHttpFaultInjector(server, {
    baseUrl: REST_URL,
    simulator: simulator.handlers,
    // rest.nexmo.com errors: { "error-code", "error-code-label" }.
    errorResponse: (_fault, status, retryAfter) =>
      HttpResponse.json(
        { 'error-code': String(status), 'error-code-label': `injected HTTP ${status}` },
        { status, headers: retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) } },
      ),
  }),
  requests,
  probe: {
    operation: 'sendSms',
    input: { from: 'Acme', to: '+447400123456', text: 'Hello from InfraFabric' },
  },
  invalid: { input: { from: 'Acme', to: '', text: 'hi' }, field: 'to' },
  samples: [
    {
      operation: 'placeCall',
      input: { from: '+447400123457', to: '+447400123456', answer: { say: 'Hello' } },
    },
    { operation: 'searchNumbers', input: { country: 'GB', type: 'mobile', limit: 5 } },
    { operation: 'buyNumber', input: { number: '+447400123458' } },
  ],
  secrets: [API_SECRET, PRIVATE_KEY, SIGNATURE_SECRET],
});

// Without a Voice application the call operations must be absent and refused by the Bus.
describeSipAdapter({
  name: 'vonage (SMS only)',
  create: () => {
    server.resetHandlers(...simulator.handlers);
    return createVonage(
      { apiKey: API_KEY, apiSecret: API_SECRET },
      { baseUrl: API_URL, restBaseUrl: REST_URL },
    );
  },
  faults: createHttpFaultInjector(server, {
    baseUrl: REST_URL,
    simulator: simulator.handlers,
    errorResponse: (_fault, status, retryAfter) =>
      HttpResponse.json(
        { 'error-code': String(status), 'error-code-label': `injected HTTP ${status}` },
        { status, headers: retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) } },
      ),
  }),
  requests,
  probe: { operation: 'sendSms', input: { from: 'Acme', to: '+447400123456', text: 'Hello' } },
  invalid: { input: { from: 'Acme', to: '+447400123456', text: '' }, field: 'text' },
  samples: [{ operation: 'searchNumbers', input: { country: 'GB', limit: 1 } }],
  secrets: [API_SECRET],
});
