import { describe, expect, it } from 'vitest';
import { createStripeCostModel, estimateCardFee, fromStripeAmount, toStripeAmount } from '../src/index';

describe('Stripe amounts', () => {
  it('passes two-decimal and zero-decimal ISO amounts through', () => {
    expect(toStripeAmount({ amount: 1999, currency: 'GBP' }, 'amount', 'op')).toBe(1999);
    expect(toStripeAmount({ amount: 500, currency: 'JPY' }, 'amount', 'op')).toBe(500);
    expect(toStripeAmount({ amount: 5000, currency: 'UGX' }, 'amount', 'op')).toBe(5000);
    expect(toStripeAmount({ amount: 1999, currency: 'HUF' }, 'amount', 'op')).toBe(1999);
  });

  it('sends ISK as two-decimal and MGA as zero-decimal, as Stripe documents', () => {
    expect(toStripeAmount({ amount: 5, currency: 'ISK' }, 'amount', 'op')).toBe(500);
    expect(fromStripeAmount(500, 'isk')).toEqual({ amount: 5, currency: 'ISK' });
    expect(toStripeAmount({ amount: 150_000, currency: 'MGA' }, 'amount', 'op')).toBe(1500);
    expect(fromStripeAmount(1500, 'mga')).toEqual({ amount: 150_000, currency: 'MGA' });
    expect(() => toStripeAmount({ amount: 150_050, currency: 'MGA' }, 'amount', 'op')).toThrow(
      /zero-decimal/,
    );
  });

  it('requires three-decimal amounts to end in 0', () => {
    expect(toStripeAmount({ amount: 5120, currency: 'KWD' }, 'amount', 'op')).toBe(5120);
    expect(() => toStripeAmount({ amount: 5124, currency: 'KWD' }, 'x.amount', 'op')).toThrow(
      expect.objectContaining({ field: 'x.amount', rule: 'stripe_three_decimal' }),
    );
  });

  it('refuses amounts over eight digits', () => {
    expect(() => toStripeAmount({ amount: 100_000_000, currency: 'USD' }, 'amount', 'op')).toThrow(
      expect.objectContaining({ rule: 'stripe_max_amount' }),
    );
  });
});

describe('Stripe cost model', () => {
  it('estimates a card fee from the schedule, and none for unlisted currencies', () => {
    expect(
      estimateCardFee({ amount: 1999, currency: 'GBP' }, { GBP: { percentBasisPoints: 150, fixed: 20 } }),
    ).toEqual({
      amount: 50,
      currency: 'GBP',
    });
    const model = createStripeCostModel();
    expect(
      model.estimate?.('createPayment', { amount: { amount: 10_000, currency: 'USD' }, capture: true }),
    ).toEqual({
      amount: 320,
      currency: 'USD',
    });
    expect(
      model.estimate?.('createPayment', { amount: { amount: 10_000, currency: 'BRL' }, capture: true }),
    ).toBeUndefined();
    expect(
      model.estimate?.('createPayment', { amount: { amount: 10_000, currency: 'USD' }, capture: false }),
    ).toBeUndefined();
    expect(model.estimate?.('refundPayment', { paymentId: 'pi_1' })).toBeUndefined();
  });

  it('is overridable per currency', () => {
    const model = createStripeCostModel({ USD: { percentBasisPoints: 200, fixed: 0 } });
    expect(
      model.estimate?.('createPayment', { amount: { amount: 10_000, currency: 'USD' }, capture: true })
        ?.amount,
    ).toBe(200);
  });

  it('reports the actual fee only from a payment that carries one', () => {
    const model = createStripeCostModel();
    expect(model.actual?.('createPayment', {}, { fee: { amount: 62, currency: 'EUR' } })).toEqual({
      amount: 62,
      currency: 'EUR',
    });
    expect(model.actual?.('createPayment', {}, { id: 'pi' })).toBeUndefined();
    expect(model.actual?.('refundPayment', {}, { fee: { amount: 1, currency: 'EUR' } })).toBeUndefined();
  });

  it('counts a payment’s fee once, so an idempotent replay costs nothing more', () => {
    const model = createStripeCostModel();
    const payment = { id: 'pi_9', fee: { amount: 50, currency: 'GBP' } };
    expect(model.actual?.('createPayment', {}, payment)).toEqual({ amount: 50, currency: 'GBP' });
    expect(model.actual?.('createPayment', {}, payment)).toEqual({ amount: 0, currency: 'GBP' });
  });

  it('estimates a partial capture from its amount', () => {
    const model = createStripeCostModel();
    expect(
      model.estimate?.('capturePayment', { id: 'pi_1', amount: { amount: 1000, currency: 'GBP' } }),
    ).toEqual({ amount: 35, currency: 'GBP' });
    expect(model.estimate?.('capturePayment', { id: 'pi_1' })).toBeUndefined();
  });
});
