import { describe, expect, it } from 'vitest';
import { useStripeSimulator } from './harness';

let clock = 1_700_000_000_000;
// Stripe's search index lags behind writes; the simulator reproduces a 60 s lag.
const { requests, adapter } = useStripeSimulator({ searchLagMs: 60_000, now: () => clock });

describe('findPayment while the Search API has not indexed the payment yet', () => {
  it('falls back to scanning the newest PaymentIntents', async () => {
    const stripe = adapter();
    const payment = await stripe.createPayment({
      amount: { amount: 1500, currency: 'GBP' },
      paymentMethod: 'pm_card_visa',
      reference: 'fresh-1',
    });
    requests.clear();
    const found = await stripe.findPayment({ reference: 'fresh-1' });
    expect(found?.id).toBe(payment.id);
    expect(requests.requests.map((r) => r.url.pathname)).toEqual([
      '/v1/payment_intents/search',
      '/v1/payment_intents',
    ]);
  });

  it('finds nothing without the fallback until the index catches up', async () => {
    const stripe = adapter({ findPaymentListFallback: 0 });
    await stripe.createPayment({
      amount: { amount: 1500, currency: 'GBP' },
      paymentMethod: 'pm_card_visa',
      reference: 'fresh-2',
    });
    expect(await stripe.findPayment({ reference: 'fresh-2' })).toBeUndefined();
    clock += 61_000;
    expect(await stripe.findPayment({ reference: 'fresh-2' })).toMatchObject({
      reference: 'fresh-2',
      status: 'captured',
    });
  });

  it('scans no further than the configured number of payments', async () => {
    const stripe = adapter({ findPaymentListFallback: 2 });
    await stripe.createPayment({ amount: { amount: 100, currency: 'GBP' }, reference: 'old-one' });
    await stripe.createPayment({ amount: { amount: 100, currency: 'GBP' } });
    await stripe.createPayment({ amount: { amount: 100, currency: 'GBP' } });
    expect(await stripe.findPayment({ reference: 'old-one' })).toBeUndefined();
  });
});
