import { createHttpFaultInjector, recordRequests } from '@infrafabric/testing';
import { describeChatAdapter } from '@infrafabric/testing/vitest';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';
import { createWhatsApp } from '../src/index';
import {
  CANARY_APP_SECRET,
  CANARY_TOKEN,
  CANARY_VERIFY_TOKEN,
  createWhatsAppSimulator,
  OPEN_WINDOW,
  PHONE_NUMBER_ID,
  SIM_URL,
  whatsappErrorResponse,
} from './simulator';

const simulator = createWhatsAppSimulator();
const server = setupServer(...simulator.handlers);
const requests = recordRequests(server);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

describeChatAdapter({
  name: 'whatsapp',
  create: () =>
    createWhatsApp(
      {
        accessToken: CANARY_TOKEN,
        phoneNumberId: PHONE_NUMBER_ID,
        appSecret: CANARY_APP_SECRET,
        verifyToken: CANARY_VERIFY_TOKEN,
      },
      { baseUrl: SIM_URL },
    ),
  faults: createHttpFaultInjector(server, {
    baseUrl: SIM_URL,
    errorResponse: whatsappErrorResponse,
    simulator: simulator.handlers,
  }),
  requests,
  probe: { operation: 'sendMessage', input: { to: { chatId: `+${OPEN_WINDOW}` }, text: 'probe' } },
  invalid: { input: { to: { chatId: '' }, text: 'hi' }, field: 'to.chatId' },
  samples: [
    {
      operation: 'sendMedia',
      input: {
        to: { chatId: OPEN_WINDOW },
        media: { type: 'image', url: 'https://example.com/a.jpg' },
        caption: 'Chart',
      },
    },
    {
      operation: 'sendMedia',
      input: {
        to: { chatId: OPEN_WINDOW },
        media: {
          type: 'file',
          data: new Uint8Array([37, 80, 68, 70]),
          mimeType: 'application/pdf',
          filename: 'invoice.pdf',
        },
      },
    },
  ],
  secrets: [CANARY_TOKEN, CANARY_APP_SECRET, CANARY_VERIFY_TOKEN],
});
