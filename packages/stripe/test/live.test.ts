import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createStripe } from '../src/index';

const key = process.env.STRIPE_SECRET_KEY;
// Only test-mode keys: a live run must never move real money.
const missing = !key
  ? ['STRIPE_SECRET_KEY']
  : key.startsWith('sk_test_') || key.startsWith('rk_test_')
    ? []
    : ['STRIPE_SECRET_KEY (a test-mode key)'];
if (missing.length > 0)
  console.info(`[stripe live] skipped: set ${missing.join(', ')} to run against Stripe test mode.`);

describe.skipIf(missing.length > 0)('Stripe live (test mode)', () => {
  const stripe = createStripe({ apiKey: key });
  const reference = `infrafabric-live-${randomUUID()}`;
  const created: { customers: string[] } = { customers: [] };

  afterAll(async () => {
    const { default: Stripe } = await import('stripe');
    const sdk = new Stripe(key!);
    for (const id of created.customers) await sdk.customers.del(id).catch(() => undefined);
  });

  it('checks the key, charges 1.00 GBP, refunds it and cleans up', async () => {
    expect((await stripe.check()).id).toMatch(/^acct_/);
    const customer = await stripe.createCustomer({
      email: 'live-test@example.com',
      name: 'InfraFabric live test',
    });
    created.customers.push(customer.id);
    const payment = await stripe.createPayment(
      {
        amount: { amount: 100, currency: 'GBP' },
        paymentMethod: 'pm_card_visa',
        customerId: customer.id,
        reference,
      },
      { idempotencyKey: reference },
    );
    expect(payment.status).toBe('captured');
    const refund = await stripe.refundPayment(
      { paymentId: payment.id },
      { idempotencyKey: `${reference}-refund` },
    );
    expect(refund.amount).toEqual({ amount: 100, currency: 'GBP' });
    expect((await stripe.getPayment({ id: payment.id })).status).toBe('refunded');
  });
});
