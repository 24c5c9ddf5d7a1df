import { describe, expect, it } from 'vitest';
import { countSmsSegments, estimateTwilioSms, twilioCostModel, twilioPriceToMoney } from '../src/index';

describe('Twilio prices', () => {
  it.each([
    ['-0.03000', 'USD', { amount: 3, currency: 'USD' }],
    ['-0.00750', 'USD', { amount: 1, currency: 'USD' }],
    ['-0.0100', 'usd', { amount: 1, currency: 'USD' }],
    ['-1.5', 'EUR', { amount: 150, currency: 'EUR' }],
    ['-7', 'JPY', { amount: 7, currency: 'JPY' }],
    ['0.00000', 'USD', { amount: 0, currency: 'USD' }],
  ])('price %s %s → %j (positive, rounded up to the minor unit)', (price, unit, money) => {
    expect(twilioPriceToMoney(price, unit)).toEqual(money);
  });

  it('is undefined while Twilio has not priced the resource', () => {
    expect(twilioPriceToMoney(null, 'USD')).toBeUndefined();
    expect(twilioPriceToMoney('-0.01', null)).toBeUndefined();
    expect(twilioPriceToMoney('abc', 'USD')).toBeUndefined();
  });
});

describe('SMS estimate (an estimate, not a quote)', () => {
  it('counts GSM-7 and UCS-2 segments', () => {
    expect(countSmsSegments('a'.repeat(160))).toBe(1);
    expect(countSmsSegments('a'.repeat(161))).toBe(2);
    expect(countSmsSegments('{'.repeat(80))).toBe(1);
    expect(countSmsSegments('{'.repeat(81))).toBe(2);
    expect(countSmsSegments('é'.repeat(160))).toBe(1);
    expect(countSmsSegments(`${'ü'.repeat(10)}😀`)).toBe(1);
    expect(countSmsSegments('😀'.repeat(36))).toBe(2);
  });

  it('prices by destination country and segments', () => {
    // US: 0.0083 per segment; 3 segments = 0.0249 → 3 cents.
    expect(estimateTwilioSms({ to: '+14155552671', text: 'a'.repeat(400) })).toEqual({
      amount: 3,
      currency: 'USD',
    });
    // GB: 0.0524 → 6 cents.
    expect(estimateTwilioSms({ to: '+447400123456', text: 'hi' })).toEqual({ amount: 6, currency: 'USD' });
    // A country missing from the table uses the (high) default: 0.15.
    expect(estimateTwilioSms({ to: '+81312345678', text: 'hi' })).toEqual({ amount: 15, currency: 'USD' });
    // US MMS.
    expect(estimateTwilioSms({ to: '+14155552671', text: 'hi', mediaUrls: ['https://e.com/a.png'] })).toEqual(
      {
        amount: 3,
        currency: 'USD',
      },
    );
  });

  it('only estimates sendSms; actual is what Twilio returned', () => {
    expect(twilioCostModel.estimate?.('placeCall', {})).toBeUndefined();
    expect(twilioCostModel.actual?.('sendSms', {}, { id: 'SM1', status: 'sent' })).toBeUndefined();
    expect(twilioCostModel.actual?.('sendSms', {}, { price: { amount: 1, currency: 'USD' } })).toEqual({
      amount: 1,
      currency: 'USD',
    });
  });
});
