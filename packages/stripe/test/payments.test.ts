import { DeclinedError, NotFoundError, ValidationError } from '@infrafabric/core';
import { describe, expect, it } from 'vitest';
import { parseStripeParams } from './simulator/form-params';
import { useStripeSimulator } from './harness';

const { simulator, requests, adapter } = useStripeSimulator();
const GBP = (amount: number) => ({ amount, currency: 'GBP' });

async function bodyOf(index = 0) {
  await requests.settled();
  return parseStripeParams(requests.requests[index]!.body);
}

describe('createPayment', () => {
  it('charges at once with the amount in minor units, the reference in metadata and the idempotency key', async () => {
    const payment = await adapter().createPayment(
      { amount: GBP(1999), paymentMethod: 'pm_card_visa', reference: 'order-1', metadata: { cart: 'c-9' } },
      { idempotencyKey: 'order-1-charge' },
    );
    expect(payment).toMatchObject({
      status: 'captured',
      providerStatus: 'succeeded',
      amount: GBP(1999),
      amountCaptured: GBP(1999),
      reference: 'order-1',
      fee: GBP(50),
    });
    expect(payment.id).toMatch(/^pi_/);
    const sent = await bodyOf();
    expect(sent).toMatchObject({
      amount: '1999',
      currency: 'gbp',
      capture_method: 'automatic',
      confirm: 'true',
      payment_method: 'pm_card_visa',
      metadata: { reference: 'order-1', cart: 'c-9' },
      automatic_payment_methods: { enabled: 'true', allow_redirects: 'never' },
    });
    expect(requests.requests[0]!.headers['idempotency-key']).toBe('order-1-charge');
    expect(requests.requests[0]!.headers.authorization).toMatch(/^Bearer sk_test_/);
    expect(simulator.chargeCount('order-1')).toBe(1);
  });

  it('only authorizes with capture: false, then captures part of it', async () => {
    const stripe = adapter();
    const authorized = await stripe.createPayment(
      { amount: GBP(5000), capture: false, paymentMethod: 'pm_card_visa', reference: 'order-2' },
      { idempotencyKey: 'k-auth' },
    );
    expect(authorized.status).toBe('authorized');
    expect(authorized.fee).toBeUndefined();
    expect((await bodyOf()).capture_method).toBe('manual');

    const captured = await stripe.capturePayment(
      { id: authorized.id, amount: GBP(4000) },
      { idempotencyKey: 'k-cap' },
    );
    expect(captured).toMatchObject({ status: 'captured', amountCaptured: GBP(4000), fee: GBP(80) });
    // The released 10.00 is not a refund of money the customer paid.
    expect(captured.amountRefunded).toBeUndefined();
    expect((await bodyOf(1)).amount_to_capture).toBe('4000');
    expect(requests.requests[1]!.headers['idempotency-key']).toBe('k-cap');
  });

  it('maps a decline to DeclinedError keeping the decline code, and the payment reads as failed', async () => {
    const stripe = adapter();
    const error = await stripe
      .createPayment({ amount: GBP(1000), paymentMethod: 'pm_card_chargeDeclined', reference: 'order-3' })
      .catch((e: unknown) => e);
    expect(DeclinedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      declineCode: 'generic_decline',
      providerCode: 'card_declined',
      status: 402,
      retryable: false,
    });
    const [intent] = simulator.paymentIntentsFor('order-3');
    expect((await stripe.getPayment({ id: intent!.id })).status).toBe('failed');
    expect(simulator.chargeCount('order-3')).toBe(0);
  });

  it('keeps declines like insufficient funds distinct', async () => {
    const error = await adapter()
      .createPayment({ amount: GBP(1000), paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'declined', declineCode: 'insufficient_funds' });
  });

  it('reports requires_action with the next action when the card needs authentication', async () => {
    const payment = await adapter().createPayment({
      amount: GBP(1000),
      paymentMethod: 'pm_card_authenticationRequired',
      returnUrl: 'https://shop.example/return',
    });
    expect(payment.status).toBe('requires_action');
    expect(payment.nextAction).toMatchObject({
      type: 'redirect_to_url',
      url: expect.stringContaining('hooks.stripe.com'),
    });
    expect((await bodyOf()).automatic_payment_methods).toBeUndefined();
  });

  it('creates an unconfirmed intent when no payment method is given', async () => {
    const payment = await adapter().createPayment({ amount: GBP(700) });
    expect(payment.status).toBe('requires_payment_method');
    expect((await bodyOf()).confirm).toBe('false');
  });

  it('converts zero-decimal and special currencies the way Stripe expects', async () => {
    const stripe = adapter();
    const yen = await stripe.createPayment({
      amount: { amount: 500, currency: 'JPY' },
      paymentMethod: 'pm_card_visa',
    });
    expect((await bodyOf(0)).amount).toBe('500');
    expect(yen.amount).toEqual({ amount: 500, currency: 'JPY' });
    const krona = await stripe.createPayment({
      amount: { amount: 5, currency: 'ISK' },
      paymentMethod: 'pm_card_visa',
    });
    expect((await bodyOf(1)).amount).toBe('500');
    expect(krona.amount).toEqual({ amount: 5, currency: 'ISK' });
  });

  it('rejects three-decimal amounts that do not end in 0 before any request', async () => {
    const error = await adapter()
      .createPayment({ amount: { amount: 5124, currency: 'KWD' }, paymentMethod: 'pm_card_visa' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'validation',
      field: 'input.amount.amount',
      rule: 'stripe_three_decimal',
    });
    expect(requests.requests).toHaveLength(0);
  });

  it('rejects invalid input naming the field, before any request', async () => {
    const stripe = adapter();
    await expect(stripe.createPayment({ amount: { amount: 19.99, currency: 'GBP' } })).rejects.toMatchObject({
      field: 'input.amount.amount',
    });
    await expect(stripe.createPayment({ amount: GBP(100), confirm: true })).rejects.toMatchObject({
      field: 'input.paymentMethod',
    });
    await expect(
      stripe.createPayment({ amount: GBP(100), metadata: { ['k'.repeat(41)]: 'v' } }),
    ).rejects.toMatchObject({ rule: 'stripe_metadata_key' });
    expect(requests.requests).toHaveLength(0);
  });
});

describe('refunds, cancel and lookups', () => {
  it('refunds partially then fully, and the payment status follows', async () => {
    const stripe = adapter();
    const payment = await stripe.createPayment({ amount: GBP(1999), paymentMethod: 'pm_card_visa' });
    const partial = await stripe.refundPayment(
      {
        paymentId: payment.id,
        amount: GBP(500),
        reason: 'requested_by_customer',
        metadata: { ticket: 't-1' },
      },
      { idempotencyKey: 'refund-1' },
    );
    expect(partial).toMatchObject({ paymentId: payment.id, amount: GBP(500), status: 'succeeded' });
    expect(partial.id).toMatch(/^re_/);
    expect(await bodyOf(1)).toMatchObject({
      payment_intent: payment.id,
      amount: '500',
      reason: 'requested_by_customer',
      metadata: { ticket: 't-1' },
    });
    expect(requests.requests[1]!.headers['idempotency-key']).toBe('refund-1');
    expect(await stripe.getPayment({ id: payment.id })).toMatchObject({
      status: 'partially_refunded',
      amountRefunded: GBP(500),
    });
    const rest = await stripe.refundPayment({ paymentId: payment.id }, { idempotencyKey: 'refund-2' });
    expect(rest.amount).toEqual(GBP(1499));
    expect((await stripe.getPayment({ id: payment.id })).status).toBe('refunded');
  });

  it('maps refunding more than remains to a ValidationError on the amount', async () => {
    const stripe = adapter();
    const payment = await stripe.createPayment({ amount: GBP(1000), paymentMethod: 'pm_card_visa' });
    await expect(stripe.refundPayment({ paymentId: payment.id, amount: GBP(2000) })).rejects.toMatchObject({
      code: 'validation',
      field: 'amount',
      providerCode: 'amount_too_large',
    });
  });

  it('cancels an authorization', async () => {
    const stripe = adapter();
    const payment = await stripe.createPayment({
      amount: GBP(1000),
      capture: false,
      paymentMethod: 'pm_card_visa',
    });
    const canceled = await stripe.cancelPayment({ id: payment.id }, { idempotencyKey: 'cancel-1' });
    expect(canceled.status).toBe('canceled');
    expect(requests.requests[1]!.url.pathname).toBe(`/v1/payment_intents/${payment.id}/cancel`);
    expect(requests.requests[1]!.headers['idempotency-key']).toBe('cancel-1');
  });

  it('maps an unknown payment id to NotFoundError', async () => {
    const error = await adapter()
      .getPayment({ id: 'pi_doesnotexist' })
      .catch((e: unknown) => e);
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ providerCode: 'resource_missing', status: 404 });
  });

  it('finds a payment by reference through the Search API', async () => {
    const stripe = adapter();
    const payment = await stripe.createPayment({
      amount: GBP(1200),
      paymentMethod: 'pm_card_visa',
      reference: "o'brien-7",
    });
    requests.clear();
    const found = await stripe.findPayment({ reference: "o'brien-7" });
    expect(found).toMatchObject({ id: payment.id, status: 'captured', reference: "o'brien-7" });
    expect(requests.requests).toHaveLength(1);
    expect(requests.requests[0]!.url.pathname).toBe('/v1/payment_intents/search');
    expect(requests.requests[0]!.url.searchParams.get('query')).toBe("metadata['reference']:'o\\'brien-7'");
    expect(await stripe.findPayment({ reference: 'nobody' })).toBeUndefined();
  });

  it('prefers the payment that holds money over a failed attempt with the same reference', async () => {
    const stripe = adapter();
    await stripe
      .createPayment({ amount: GBP(900), paymentMethod: 'pm_card_chargeDeclined', reference: 'order-9' })
      .catch(() => undefined);
    const good = await stripe.createPayment({
      amount: GBP(900),
      paymentMethod: 'pm_card_visa',
      reference: 'order-9',
    });
    expect((await stripe.findPayment({ reference: 'order-9' }))?.id).toBe(good.id);
  });
});

describe('customers and subscriptions', () => {
  it('creates and reads a customer', async () => {
    const stripe = adapter();
    const customer = await stripe.createCustomer(
      { email: 'jenny@example.com', name: 'Jenny Rosen', metadata: { crm: '42' } },
      { idempotencyKey: 'cust-1' },
    );
    expect(customer).toMatchObject({ email: 'jenny@example.com', name: 'Jenny Rosen' });
    expect(requests.requests[0]!.headers['idempotency-key']).toBe('cust-1');
    expect(await stripe.getCustomer({ id: customer.id })).toEqual(customer);
    await expect(stripe.getCustomer({ id: 'cus_missing' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('creates a subscription with a trial and cancels it at period end, then now', async () => {
    const stripe = adapter();
    const customer = await stripe.createCustomer({ email: 'sub@example.com' });
    const subscription = await stripe.createSubscription(
      { customerId: customer.id, planId: simulator.defaultPriceId, quantity: 2, trialDays: 14 },
      { idempotencyKey: 'sub-1' },
    );
    expect(subscription).toMatchObject({
      customerId: customer.id,
      planId: simulator.defaultPriceId,
      status: 'trialing',
    });
    expect(Date.parse(subscription.currentPeriodEnd!)).toBeGreaterThan(Date.now() + 13 * 86_400_000);
    expect(await bodyOf(1)).toMatchObject({
      customer: customer.id,
      items: [{ price: simulator.defaultPriceId, quantity: '2' }],
      trial_period_days: '14',
    });

    const atEnd = await stripe.cancelSubscription(
      { id: subscription.id, atPeriodEnd: true },
      { idempotencyKey: 'sub-1-cancel' },
    );
    expect(atEnd).toMatchObject({ status: 'trialing', cancelAtPeriodEnd: true });
    expect(requests.requests[2]).toMatchObject({ method: 'POST' });
    expect((await bodyOf(2)).cancel_at_period_end).toBe('true');

    const now = await stripe.cancelSubscription({ id: subscription.id });
    expect(now.status).toBe('canceled');
    expect(requests.requests[3]).toMatchObject({ method: 'DELETE' });
  });

  it('reports an unknown price as a ValidationError on the item price', async () => {
    const stripe = adapter();
    const customer = await stripe.createCustomer({});
    const error = await stripe
      .createSubscription({ customerId: customer.id, planId: 'price_nope' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'not_found', providerCode: 'resource_missing' });
  });
});

describe('check and configuration', () => {
  it('check() returns the account', async () => {
    expect(await adapter().check()).toMatchObject({
      id: 'acct_1Nv0FGQ9RKHgCVdK',
      name: 'InfraFabric Test Shop',
    });
  });

  it('rejects a publishable key and unknown options at creation', () => {
    expect(() => adapter({ apiKey: 'pk_test_123456' })).toThrow(ValidationError);
    expect(() => adapter({ apiKey: 'pk_test_123456' })).toThrow(/apiKey/);
    expect(() => adapter({ baseUrl: 'https://api.stripe.com/v1' })).toThrow(/origin/);
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong option
    expect(() => adapter({ colour: 'blue' } as any)).toThrow(/colour/);
  });
});
