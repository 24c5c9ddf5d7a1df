import { describe, expect, it } from 'vitest';
import chargeFixture from './__fixtures__/charge.json';
import customerFixture from './__fixtures__/customer.json';
import cardDeclinedFixture from './__fixtures__/error_card_declined.json';
import paymentIntentFixture from './__fixtures__/payment_intent.json';
import refundFixture from './__fixtures__/refund.json';
import subscriptionFixture from './__fixtures__/subscription.json';
import { useStripeSimulator } from './harness';
import { fingerprintParams, parseStripeParams } from './simulator/form-params';
import { parseSearchQuery } from './simulator/search-query';

const { simulator, adapter } = useStripeSimulator();

function keys(value: object): string[] {
  return Object.keys(value).sort();
}

describe('simulator honesty: responses have exactly the documented fields', () => {
  it('PaymentIntent, Charge, Refund, Customer and Subscription', async () => {
    const stripe = adapter();
    const payment = await stripe.createPayment({
      amount: { amount: 1999, currency: 'GBP' },
      paymentMethod: 'pm_card_visa',
    });
    await stripe.refundPayment({ paymentId: payment.id, amount: { amount: 100, currency: 'GBP' } });
    const customer = await stripe.createCustomer({ email: 'shape@example.com' });
    const subscription = await stripe.createSubscription({
      customerId: customer.id,
      planId: simulator.defaultPriceId,
      trialDays: 3,
    });
    const intent = simulator.state.paymentIntents.get(payment.id)!;
    expect(keys(intent)).toEqual(keys(paymentIntentFixture));
    expect(keys(simulator.state.charges.get(intent.latest_charge as string)!)).toEqual(keys(chargeFixture));
    expect(keys([...simulator.state.refunds.values()][0]!)).toEqual(keys(refundFixture));
    expect(keys(simulator.state.customers.get(customer.id)!)).toEqual(keys(customerFixture));
    expect(keys(simulator.state.subscriptions.get(subscription.id)!)).toEqual(keys(subscriptionFixture));
  });

  it('a decline answers 402 with the documented card_error body', async () => {
    const response = await fetch(`${simulator.baseUrl}/v1/payment_intents`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer sk_test_canary51NzQfLkdIwHu7ixCANARYxYz0123456789',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'amount=1000&currency=gbp&confirm=true&payment_method=pm_card_chargeDeclined',
    });
    expect(response.status).toBe(402);
    const body = (await response.json()) as { error: Record<string, unknown> };
    for (const key of Object.keys(cardDeclinedFixture.error)) expect(body.error).toHaveProperty(key);
    expect(body.error).toMatchObject({
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'generic_decline',
    });
  });

  it('rejects a wrong API key with 401', async () => {
    const response = await fetch(`${simulator.baseUrl}/v1/account`, {
      headers: { authorization: 'Bearer sk_test_wrongwrongwrong' },
    });
    expect(response.status).toBe(401);
    expect(JSON.stringify(await response.json())).not.toContain('sk_test_wrongwrongwrong');
  });
});

describe('form and query parsing', () => {
  it('decodes nested Stripe parameters', () => {
    expect(
      parseStripeParams(
        'amount=1&metadata[reference]=a%20b&expand[0]=x&expand[1]=y&items[0][price]=p&items[0][quantity]=2&e[]=z',
      ),
    ).toEqual({
      amount: '1',
      metadata: { reference: 'a b' },
      expand: ['x', 'y'],
      items: [{ price: 'p', quantity: '2' }],
      e: ['z'],
    });
    expect(fingerprintParams(parseStripeParams('b=1&a=2'))).toBe(
      fingerprintParams(parseStripeParams('a=2&b=1')),
    );
  });

  it('parses search clauses with escapes and rejects what it does not support', () => {
    expect(parseSearchQuery("metadata['reference']:'o\\'brien' AND status:'succeeded'")).toEqual([
      { field: 'metadata.reference', value: "o'brien" },
      { field: 'status', value: 'succeeded' },
    ]);
    expect(parseSearchQuery('amount>100')).toBeUndefined();
  });
});
