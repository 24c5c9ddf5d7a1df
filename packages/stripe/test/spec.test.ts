import { expectRequestsToMatchSpec, requireSpec } from '@infrafabric/testing';
import { describe, it } from 'vitest';
import { STRIPE_URL, useStripeSimulator } from './harness';

const { simulator, requests, adapter } = useStripeSimulator();

describe('Stripe requests match Stripe’s published OpenAPI spec (API version 2023-08-16)', () => {
  it('every request the adapter sends is one the spec describes', async (ctx) => {
    const spec = requireSpec(ctx, 'stripe/spec3.yaml', { format: 'openapi', serverUrl: STRIPE_URL });
    const stripe = adapter();
    const gbp = (amount: number) => ({ amount, currency: 'GBP' });

    await stripe.check();
    const charged = await stripe.createPayment(
      {
        amount: gbp(1999),
        paymentMethod: 'pm_card_visa',
        reference: 'spec-1',
        description: 'Spec',
        metadata: { a: 'b' },
      },
      { idempotencyKey: 'spec-charge' },
    );
    await stripe.createPayment({
      amount: gbp(1999),
      returnUrl: 'https://shop.example/r',
      paymentMethod: 'pm_card_visa',
    });
    await stripe.createPayment({ amount: gbp(500) });
    await stripe.getPayment({ id: charged.id });
    await stripe.refundPayment(
      { paymentId: charged.id, amount: gbp(500), reason: 'requested_by_customer', metadata: { t: '1' } },
      { idempotencyKey: 'spec-refund' },
    );
    const authorized = await stripe.createPayment({
      amount: gbp(3000),
      capture: false,
      paymentMethod: 'pm_card_visa',
    });
    await stripe.capturePayment({ id: authorized.id, amount: gbp(2500) }, { idempotencyKey: 'spec-capture' });
    const toCancel = await stripe.createPayment({
      amount: gbp(3000),
      capture: false,
      paymentMethod: 'pm_card_visa',
    });
    await stripe.cancelPayment({ id: toCancel.id }, { idempotencyKey: 'spec-cancel' });
    await stripe.findPayment({ reference: 'spec-1' });
    await stripe.findPayment({ reference: 'not-indexed' }); // search, then the list fallback
    const customer = await stripe.createCustomer(
      { email: 'spec@example.com', name: 'Spec', phone: '+441234567890', metadata: { crm: '1' } },
      { idempotencyKey: 'spec-customer' },
    );
    await stripe.getCustomer({ id: customer.id });
    const subscription = await stripe.createSubscription(
      {
        customerId: customer.id,
        planId: simulator.defaultPriceId,
        quantity: 2,
        trialDays: 7,
        metadata: { plan: 'pro' },
      },
      { idempotencyKey: 'spec-subscription' },
    );
    await stripe.cancelSubscription(
      { id: subscription.id, atPeriodEnd: true },
      { idempotencyKey: 'spec-sub-end' },
    );
    await stripe.cancelSubscription({ id: subscription.id });
    await requests.settled();

    // No deliberate differences are needed today: every parameter the adapter sends already
    // existed in API version 2023-08-16. The SDK pins a newer Stripe-Version (see README), whose
    // response fields are read leniently by the mappers.
    expectRequestsToMatchSpec(spec, requests.requests);
  });
});

describe('the spec check is not vacuous', () => {
  it('reports a parameter Stripe does not have and a wrongly typed one', (ctx) => {
    const spec = requireSpec(ctx, 'stripe/spec3.yaml', { format: 'openapi', serverUrl: STRIPE_URL });
    const mismatches = spec.check({
      method: 'POST',
      url: new URL(`${STRIPE_URL}/v1/payment_intents`),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'amount=lots&currency=gbp&colour=blue',
    });
    const problems = mismatches.map((m) => m.problem).join('\n');
    ctx.expect(problems).toMatch(/colour/);
    ctx.expect(problems).toMatch(/amount/);
  });
});
