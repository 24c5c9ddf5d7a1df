import { createHttpFaultInjector, recordRequests } from '@infrafabric/testing';
import { describeChatAdapter } from '@infrafabric/testing/vitest';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';
import { createTelegram } from '../src/index';
import {
  CANARY_TOKEN,
  CANARY_WEBHOOK_SECRET,
  createTelegramSimulator,
  FORUM_CHAT,
  PRIVATE_CHAT,
  SIM_URL,
  telegramErrorResponse,
} from './simulator';

const simulator = createTelegramSimulator();
const server = setupServer(...simulator.handlers);
const requests = recordRequests(server);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

describeChatAdapter({
  name: 'telegram',
  create: () =>
    createTelegram({ token: CANARY_TOKEN, webhookSecret: CANARY_WEBHOOK_SECRET }, { baseUrl: SIM_URL }),
  faults: createHttpFaultInjector(server, {
    baseUrl: SIM_URL,
    errorResponse: telegramErrorResponse,
    simulator: simulator.handlers,
  }),
  requests,
  probe: { operation: 'sendMessage', input: { to: { chatId: String(PRIVATE_CHAT) }, text: 'probe' } },
  invalid: { input: { to: { chatId: '' }, text: 'hi' }, field: 'to.chatId' },
  samples: [
    {
      operation: 'sendMedia',
      input: {
        to: { chatId: String(FORUM_CHAT), threadId: '7' },
        media: { type: 'image', url: 'https://example.com/a.png' },
        caption: 'Chart',
      },
    },
    { operation: 'getGroupInfo', input: { chatId: String(FORUM_CHAT) } },
    { operation: 'setWebhook', input: { url: 'https://bot.example.com/telegram', secret: 'hook_secret_1' } },
  ],
  secrets: [CANARY_TOKEN, CANARY_WEBHOOK_SECRET],
});
