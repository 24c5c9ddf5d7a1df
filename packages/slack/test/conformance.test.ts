import { createHttpFaultInjector, recordRequests } from '@infrafabric/testing';
import { describeChatAdapter } from '@infrafabric/testing/vitest';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';
import { createSlack } from '../src/index';
import {
  CANARY_SIGNING_SECRET,
  CANARY_TOKEN,
  createSlackSimulator,
  GENERAL,
  SIM_URL,
  slackFaultResponse,
  USER,
} from './simulator';

const simulator = createSlackSimulator();
const server = setupServer(...simulator.handlers);
const requests = recordRequests(server);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

describeChatAdapter({
  name: 'slack',
  create: () =>
    createSlack({ token: CANARY_TOKEN, signingSecret: CANARY_SIGNING_SECRET }, { baseUrl: SIM_URL }),
  faults: createHttpFaultInjector(server, {
    baseUrl: SIM_URL,
    errorResponse: slackFaultResponse,
    simulator: simulator.handlers,
  }),
  requests,
  probe: { operation: 'sendMessage', input: { to: { chatId: GENERAL }, text: 'probe' } },
  invalid: { input: { to: { chatId: '' }, text: 'hi' }, field: 'to.chatId' },
  samples: [
    {
      operation: 'sendMedia',
      input: {
        to: { chatId: GENERAL },
        media: { type: 'file', data: new Uint8Array([1, 2, 3]), filename: 'a.bin' },
      },
    },
    { operation: 'getHistory', input: { chatId: GENERAL, limit: 5 } },
    { operation: 'getGroupInfo', input: { chatId: GENERAL } },
    { operation: 'createGroup', input: { name: 'conformance-room', members: [USER] } },
  ],
  secrets: [CANARY_TOKEN, CANARY_SIGNING_SECRET],
});
