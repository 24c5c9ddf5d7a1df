import { recordRequests } from '@infrafabric/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createStripe, type StripeOptions } from '../src/index';
import { createStripeSimulator, type StripeSimulatorOptions } from './simulator';

/** A canary secret key: it must never appear in an error, log or audit entry. */
export const CANARY_KEY = 'sk_test_canary51NzQfLkdIwHu7ixCANARYxYz0123456789';
/** A canary webhook signing secret. */
export const CANARY_WEBHOOK_SECRET = 'whsec_canaryWebhookSecret0123456789abcdef';
/** Tests talk to Stripe's real host; msw answers and refuses anything unhandled. */
export const STRIPE_URL = 'https://api.stripe.com';

/** Starts a simulator behind an msw server for one test file. */
export function useStripeSimulator(options: StripeSimulatorOptions = {}) {
  const simulator = createStripeSimulator({ apiKey: CANARY_KEY, ...options });
  const server = setupServer(...simulator.handlers);
  const requests = recordRequests(server);
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    requests.clear();
  });
  afterAll(() => server.close());
  const adapter = (extra: StripeOptions = {}) =>
    createStripe({
      apiKey: CANARY_KEY,
      webhookSecret: CANARY_WEBHOOK_SECRET,
      baseUrl: simulator.baseUrl,
      ...extra,
    });
  return { simulator, server, requests, adapter };
}
