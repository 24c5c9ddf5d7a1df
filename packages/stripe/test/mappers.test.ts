import { describe, expect, it } from 'vitest';
import { mapCustomer, mapPaymentIntent, mapPaymentStatus, mapRefund, mapSubscription } from '../src/mappers';
import chargeFixture from './__fixtures__/charge.json';
import customerFixture from './__fixtures__/customer.json';
import paymentIntentFixture from './__fixtures__/payment_intent.json';
import refundFixture from './__fixtures__/refund.json';
import subscriptionFixture from './__fixtures__/subscription.json';

describe('mappers on Stripe’s documented objects', () => {
  it('maps the documented PaymentIntent', () => {
    expect(mapPaymentIntent(paymentIntentFixture)).toEqual({
      id: 'pi_3MtwBwLkdIwHu7ix28a3tqPa',
      status: 'requires_payment_method',
      providerStatus: 'requires_payment_method',
      amount: { amount: 2000, currency: 'USD' },
      amountCaptured: undefined,
      amountRefunded: undefined,
      customerId: undefined,
      reference: undefined,
      fee: undefined,
      createdAt: '2023-04-06T17:01:44.000Z',
      nextAction: undefined,
    });
  });

  it('maps every PaymentIntent status', () => {
    const status = (s: string, extra: Record<string, unknown> = {}) =>
      mapPaymentStatus({ id: 'pi', status: s, ...extra });
    expect(status('requires_payment_method')).toBe('requires_payment_method');
    expect(status('requires_payment_method', { last_payment_error: { code: 'card_declined' } })).toBe(
      'failed',
    );
    expect(status('requires_confirmation')).toBe('requires_action');
    expect(status('requires_action')).toBe('requires_action');
    expect(status('processing')).toBe('processing');
    expect(status('requires_capture')).toBe('authorized');
    expect(status('canceled')).toBe('canceled');
    expect(status('succeeded')).toBe('captured');
    expect(status('something_new')).toBe('unknown');
  });

  it('derives refunded / partially_refunded from the expanded latest charge', () => {
    const succeeded = (charge: Record<string, unknown>) =>
      mapPaymentIntent({
        ...paymentIntentFixture,
        status: 'succeeded',
        amount_received: 1099,
        latest_charge: { ...chargeFixture, ...charge },
      });
    expect(succeeded({}).status).toBe('captured');
    expect(succeeded({ amount_refunded: 99 })).toMatchObject({
      status: 'partially_refunded',
      amountRefunded: { amount: 99, currency: 'USD' },
    });
    expect(succeeded({ amount_refunded: 1099, refunded: true }).status).toBe('refunded');
    // A partial capture of 800: Stripe releases 299 as a refund, which is not a customer refund.
    expect(succeeded({ amount_captured: 800, amount_refunded: 299 })).toMatchObject({
      status: 'captured',
      amountRefunded: undefined,
    });
    expect(succeeded({ amount_captured: 800, amount_refunded: 399 }).status).toBe('partially_refunded');
  });

  it('reads the fee from an expanded balance transaction (settlement currency)', () => {
    const payment = mapPaymentIntent({
      ...paymentIntentFixture,
      status: 'succeeded',
      latest_charge: { ...chargeFixture, balance_transaction: { id: 'txn_1', fee: 62, currency: 'eur' } },
    });
    expect(payment.fee).toEqual({ amount: 62, currency: 'EUR' });
  });

  it('maps the documented Refund, Customer and Subscription', () => {
    expect(mapRefund(refundFixture)).toEqual({
      id: 're_1Nispe2eZvKYlo2Cd31jOCgZ',
      paymentId: 'pi_1GszsK2eZvKYlo2CfhZyoZLp',
      amount: { amount: 1000, currency: 'USD' },
      status: 'succeeded',
    });
    expect(mapCustomer(customerFixture)).toEqual({
      id: 'cus_NffrFeUfNV2Hib',
      email: 'jennyrosen@example.com',
      name: 'Jenny Rosen',
    });
    expect(mapSubscription(subscriptionFixture)).toEqual({
      id: 'sub_1MowQVLkdIwHu7ixeRlqHVzs',
      customerId: 'cus_Na6dX7aXxi11N4',
      planId: 'price_1MowQULkdIwHu7ixraBm864M',
      status: 'active',
      currentPeriodEnd: '2023-04-23T22:16:07.000Z',
      cancelAtPeriodEnd: false,
    });
  });

  it('reads the period end from the top level on API versions before 2025-03-31', () => {
    expect(
      mapSubscription({
        id: 'sub_1',
        status: 'past_due',
        customer: 'cus_1',
        current_period_end: 1_700_000_000,
      }),
    ).toMatchObject({
      status: 'past_due',
      currentPeriodEnd: '2023-11-14T22:13:20.000Z',
    });
  });
});
