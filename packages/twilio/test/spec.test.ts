import { expectRequestsToMatchSpec, recordRequests, requireSpec } from '@infrafabric/testing';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import { createTwilio } from '../src/index';
import { ACCOUNT_SID, API_URL, AUTH_TOKEN, createTwilioSimulator, TRUNKING_URL } from './simulator';

const simulator = createTwilioSimulator();
const server = setupServer(...simulator.handlers);
const log = recordRequests(server);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());
beforeEach(() => log.clear());

const twilio = createTwilio(
  { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
  { baseUrl: API_URL, trunkingBaseUrl: TRUNKING_URL },
);

describe('requests match Twilio’s published OpenAPI specs', () => {
  it('api.twilio.com (2010-04-01): account, calls, messages, numbers', async (ctx) => {
    const spec = requireSpec(ctx, 'twilio/twilio_api_v2010.json', { format: 'openapi', serverUrl: API_URL });
    await twilio.check();
    const call = await twilio.placeCall({
      from: '+14155552671',
      to: '+447400123456',
      answer: { say: 'Hello', voice: 'alice', language: 'en-GB' },
      statusCallbackUrl: 'https://example.com/status',
      timeoutSeconds: 30,
      record: true,
    });
    await twilio.placeCall({
      from: '+14155552671',
      to: 'sip:alice@example.com',
      answer: { url: 'https://example.com/twiml' },
    });
    await twilio.getCall({ id: call.id });
    await twilio.hangUpCall({ id: call.id });
    await twilio.sendSms({
      from: '+14155552671',
      to: '+447400123456',
      text: 'Hello',
      mediaUrls: ['https://example.com/a.png', 'https://example.com/b.png'],
      statusCallbackUrl: 'https://example.com/sms-status',
    });
    for (const type of ['local', 'mobile', 'tollfree'] as const) {
      await twilio.searchNumbers({
        country: 'US',
        type,
        contains: '555',
        capabilities: ['sms', 'voice', 'mms'],
      });
    }
    await twilio.buyNumber({ number: '+18089251571' });
    await twilio.releaseNumber({ number: '+18089251571' });
    await log.settled();
    expectRequestsToMatchSpec(spec, log.requests);
  });

  it('trunking.twilio.com (v1): trunks', async (ctx) => {
    const spec = requireSpec(ctx, 'twilio/twilio_trunking_v1.json', {
      format: 'openapi',
      serverUrl: TRUNKING_URL,
    });
    const trunk = await twilio.createTrunk({ name: 'spec trunk', domain: 'spec-trunk.pstn.twilio.com' });
    await twilio.listTrunks();
    await twilio.deleteTrunk({ id: trunk.id });
    await log.settled();
    expectRequestsToMatchSpec(spec, log.requests);
  });
});
