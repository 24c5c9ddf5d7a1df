import { createAdapter, getProvider, TimeoutError } from '@infrafabric/core';
import { delay, HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { createStripe, stripeCatalog } from '../src/index';
import { CANARY_KEY, useStripeSimulator } from './harness';
import { createStripeSimulator } from './simulator';

const { server, requests, adapter } = useStripeSimulator();

describe('transport', () => {
  it('honours the abort signal even though the SDK has none per request', async () => {
    server.use(
      http.post('https://api.stripe.com/v1/payment_intents', async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new TimeoutError('caller gave up', { provider: 'stripe' })), 50);
    const error = await adapter()
      .createPayment({ amount: { amount: 100, currency: 'GBP' } }, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('fails at once for an already aborted signal, sending nothing', async () => {
    const error = await adapter()
      .getPayment({ id: 'pi_1' }, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'timeout' });
    expect(requests.requests).toHaveLength(0);
  });

  it('sends requests to the base URL override, through the given fetch, without SDK retries', async () => {
    const other = createStripeSimulator({ baseUrl: 'http://stripe-mock.test:12111', apiKey: CANARY_KEY });
    server.use(...other.handlers);
    const seen: string[] = [];
    const stripe = createStripe({
      apiKey: CANARY_KEY,
      baseUrl: 'http://stripe-mock.test:12111',
      fetch: (input, init) => {
        seen.push(String(input));
        return fetch(input, init);
      },
    });
    await stripe.createPayment({
      amount: { amount: 100, currency: 'GBP' },
      paymentMethod: 'pm_card_visa',
      reference: 'override',
    });
    expect(seen).toEqual([expect.stringMatching(/^http:\/\/stripe-mock\.test:12111\/v1\/payment_intents/)]);
    expect(other.chargeCount('override')).toBe(1);
  });

  it('does not retry inside the SDK: one failed attempt is one request', async () => {
    server.use(
      http.post('https://api.stripe.com/v1/customers', () =>
        HttpResponse.json({ error: { type: 'api_error', message: 'boom' } }, { status: 500 }),
      ),
    );
    await expect(adapter().createCustomer({ name: 'x' }, { idempotencyKey: 'once' })).rejects.toMatchObject({
      code: 'provider',
      retryable: true,
    });
    expect(requests.requests).toHaveLength(1);
  });

  it('pins the SDK’s API version unless told otherwise', async () => {
    await adapter().check();
    const { default: Stripe } = await import('stripe');
    expect(requests.requests[0]!.headers['stripe-version']).toBe(Stripe.API_VERSION);
    requests.clear();
    await adapter({ apiVersion: '2023-08-16' }).check();
    expect(requests.requests[0]!.headers['stripe-version']).toBe('2023-08-16');
  });
});

describe('registration', () => {
  it('registers the provider and builds it from environment variables', async () => {
    expect(getProvider('stripe')?.catalog).toBe(stripeCatalog);
    const stripe = createAdapter('stripe', {}, {}, { STRIPE_SECRET_KEY: CANARY_KEY });
    expect(stripe.kind).toBe('payment');
    expect(await stripe.check()).toMatchObject({ id: expect.stringMatching(/^acct_/) });
    expect(() => createAdapter('stripe', {}, {}, {})).toThrow(/apiKey/);
  });

  it('flags both credentials as secret in the catalog', () => {
    expect(stripeCatalog.env.map((v) => [v.name, v.secret])).toEqual([
      ['STRIPE_SECRET_KEY', true],
      ['STRIPE_WEBHOOK_SECRET', true],
    ]);
  });
});
