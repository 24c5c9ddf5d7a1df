import { expectRequestsToMatchSpec, recordRequests, requireSpec } from '@infrafabric/testing';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createWhatsApp } from '../src/index';
import {
  CANARY_TOKEN,
  CLOSED_WINDOW,
  createWhatsAppSimulator,
  OPEN_WINDOW,
  PHONE_NUMBER_ID,
} from './simulator';

// The adapter talks to the real host name, intercepted by msw, so paths are checked as sent.
const GRAPH = 'https://graph.facebook.com';
const simulator = createWhatsAppSimulator({ baseUrl: GRAPH });
const server = setupServer(...simulator.handlers);
const requests = recordRequests(server);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

it('sends only requests the WhatsApp Cloud API spec allows', async (ctx) => {
  const spec = requireSpec(ctx, 'whatsapp/business-messaging-api_v23.0.yaml', {
    format: 'openapi',
    serverUrl: GRAPH,
  });
  const whatsapp = createWhatsApp({ accessToken: CANARY_TOKEN, phoneNumberId: PHONE_NUMBER_ID });

  await whatsapp.check();
  await whatsapp.sendMessage({
    to: { chatId: OPEN_WINDOW },
    text: '**hi**',
    format: 'markdown',
    replyTo: 'wamid.PREV',
  });
  await whatsapp.sendMessage({
    to: { chatId: CLOSED_WINDOW },
    text: '(template)',
    providerOptions: {
      whatsapp: {
        template: {
          name: 'order_update',
          language: 'en_US',
          components: [{ type: 'body', parameters: [{ type: 'text', text: '42' }] }],
        },
      },
    },
  });
  await whatsapp.sendMedia({
    to: { chatId: OPEN_WINDOW },
    media: { type: 'image', url: 'https://example.com/a.jpg' },
    caption: 'a',
  });
  await whatsapp.sendMedia({
    to: { chatId: OPEN_WINDOW },
    media: { type: 'audio', url: 'https://example.com/a.mp3' },
  });
  await whatsapp.sendMedia({
    to: { chatId: OPEN_WINDOW },
    media: { type: 'video', url: 'https://example.com/v.mp4' },
  });
  await whatsapp.sendMedia({
    to: { chatId: OPEN_WINDOW },
    media: {
      type: 'file',
      data: new Uint8Array([37, 80, 68, 70]),
      mimeType: 'application/pdf',
      filename: 'i.pdf',
    },
  });
  await whatsapp.markAsRead({ messageId: 'wamid.INBOUND' });

  await requests.settled();
  expect(requests.requests).toHaveLength(9);
  const isReadReceipt = (r: { body: string }) => r.body.includes('"status":"read"');
  expectRequestsToMatchSpec(spec, requests.requests, { ignore: isReadReceipt });

  // The spec's Message schema does not model read receipts, although its own example "Send typing
  // indicator and read receipt" is exactly { messaging_product, status: 'read', message_id }. Check
  // the body has that shape and that the only mismatches are the message-only required fields.
  const receipt = requests.requests.find(isReadReceipt)!;
  expect(JSON.parse(receipt.body)).toEqual({
    messaging_product: 'whatsapp',
    status: 'read',
    message_id: 'wamid.INBOUND',
  });
  const problems = spec.check(receipt).map((m) => m.problem);
  expect(problems.length).toBeGreaterThan(0);
  for (const problem of problems)
    expect(problem).toMatch(/^body: missing required property "(recipient_type|to|type|template)"/);
});
