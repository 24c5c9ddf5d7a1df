import { createHttpFaultInjector, recordRequests } from '@infrafabric/testing';
import { describeChatAdapter } from '@infrafabric/testing/vitest';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';
import { createDiscord } from '../src/index';
import { bodyJson } from './setup';
import {
  CANARY_TOKEN,
  CHANNEL,
  createDiscordSimulator,
  discordFaultResponse,
  GUILD,
  MEMBER,
  SIM_URL,
} from './simulator';

const simulator = createDiscordSimulator();
const server = setupServer(...simulator.handlers);
const requests = recordRequests(server);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

describeChatAdapter({
  name: 'discord',
  create: () => createDiscord({ token: CANARY_TOKEN }, { baseUrl: SIM_URL }),
  faults: createHttpFaultInjector(server, {
    baseUrl: SIM_URL,
    errorResponse: discordFaultResponse,
    simulator: simulator.handlers,
  }),
  requests,
  probe: { operation: 'sendMessage', input: { to: { chatId: CHANNEL }, text: 'probe' } },
  invalid: { input: { to: { chatId: '' }, text: 'hi' }, field: 'to.chatId' },
  samples: [
    {
      operation: 'sendMedia',
      input: {
        to: { chatId: CHANNEL },
        media: { type: 'file', data: new Uint8Array([1, 2, 3]), filename: 'a.bin' },
      },
    },
    { operation: 'getHistory', input: { chatId: CHANNEL, limit: 5 } },
    { operation: 'getGroupInfo', input: { chatId: CHANNEL } },
    { operation: 'createGroup', input: { name: 'conformance', parentId: GUILD, members: [MEMBER] } },
    { operation: 'addMember', input: { chatId: CHANNEL, userId: MEMBER } },
  ],
  idempotencyKeyOf: (request) => {
    const nonce = bodyJson(request).nonce;
    return typeof nonce === 'string' ? nonce : undefined;
  },
  secrets: [CANARY_TOKEN],
});
