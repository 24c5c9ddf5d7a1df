import { describe, expect, it } from 'vitest';
import {
  countSmsSegments,
  decimalToMinorUnitsRoundedUp,
  isGsm7,
  ValidationError,
  createPaymentInputSchema,
  currencyExponent,
  formatMinorUnits,
  isE164,
  moneySchema,
  parseInput,
  phoneCountry,
  sendSmsInputSchema,
  toE164,
  toMinorUnits,
} from '../src/index';

function validationError(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (ValidationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('money', () => {
  it('knows each currency exponent', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('GBP')).toBe(2);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('CLF')).toBe(4);
    expect(validationError(() => currencyExponent('XYZ')).rule).toBe('iso4217');
  });

  it('converts decimals to minor units exactly, without floats', () => {
    expect(toMinorUnits('19.99', 'GBP')).toEqual({ amount: 1999, currency: 'GBP' });
    expect(toMinorUnits('0.1', 'USD').amount).toBe(10);
    expect(toMinorUnits('500', 'JPY').amount).toBe(500);
    expect(toMinorUnits('1.234', 'KWD').amount).toBe(1234);
    expect(toMinorUnits('1.10', 'JPY'.replace('JPY', 'EUR')).amount).toBe(110);
    expect(validationError(() => toMinorUnits('1.5', 'JPY')).rule).toBe('currency_exponent');
    expect(validationError(() => toMinorUnits('-1', 'GBP')).rule).toBe('decimal');
    expect(validationError(() => toMinorUnits('1e3', 'GBP')).rule).toBe('decimal');
  });

  it('round-trips amounts in every exponent', () => {
    const amounts = [0, 1, 9, 10, 99, 100, 101, 1999, 123_456_789, Number.MAX_SAFE_INTEGER];
    for (let i = 0; i < 200; i++) amounts.push(Math.floor(Math.random() * 10 ** 12));
    for (const currency of ['JPY', 'GBP', 'KWD', 'CLF']) {
      for (const amount of amounts)
        expect(toMinorUnits(formatMinorUnits({ amount, currency }), currency)).toEqual({ amount, currency });
    }
  });

  it('rejects floats and unknown currencies at the schema, naming the field', () => {
    const float = validationError(() =>
      parseInput(moneySchema, { amount: 19.99, currency: 'GBP' }, { path: 'amount' }),
    );
    expect(float.field).toBe('amount.amount');
    expect(float.rule).toBe('integer');
    const currency = validationError(() =>
      parseInput(createPaymentInputSchema, { amount: { amount: 100, currency: 'gbp' } }),
    );
    expect(currency.field).toBe('amount.currency');
    expect(currency.message).toContain('ISO 4217');
    const zero = validationError(() =>
      parseInput(createPaymentInputSchema, { amount: { amount: 0, currency: 'GBP' } }),
    );
    expect(zero.rule).toBe('positive');
  });
});

describe('phone numbers', () => {
  it('accepts valid E.164 and rejects the rest', () => {
    expect(isE164('+14155552671')).toBe(true);
    expect(isE164('+447911123456')).toBe(true);
    expect(isE164('14155552671')).toBe(false);
    expect(isE164('+1415555')).toBe(false);
    expect(isE164('+447700900123')).toBe(false); // Ofcom's reserved drama range is not assignable
    expect(isE164('+999123456789')).toBe(false);
  });
  it('normalizes national formats', () => {
    expect(toE164('07911 123456', 'GB')).toBe('+447911123456');
    expect(toE164('(415) 555-2671', 'US')).toBe('+14155552671');
    expect(phoneCountry('+447911123456')).toBe('GG'); // 07911 numbers belong to Guernsey
    expect(phoneCountry('+33612345678')).toBe('FR');
    expect(validationError(() => toE164('12', 'US')).rule).toBe('e164');
  });
  it('names the bad field in an SMS input before anything is sent', () => {
    const error = validationError(() =>
      parseInput(
        sendSmsInputSchema,
        { from: '+14155552671', to: '555-1234', text: 'hi' },
        { provider: 'twilio', operation: 'sendSms', path: 'input' },
      ),
    );
    expect(error.field).toBe('input.to');
    expect(error.rule).toBe('e164');
    expect(error.message).toContain('twilio.sendSms');
  });
});

describe('decimalToMinorUnitsRoundedUp (provider prices)', () => {
  it('rounds sub-unit prices up, ignores the sign, and respects the currency exponent', () => {
    expect(decimalToMinorUnitsRoundedUp('-0.00750', 'USD')).toEqual({ amount: 1, currency: 'USD' });
    expect(decimalToMinorUnitsRoundedUp('0.03330000', 'EUR')).toEqual({ amount: 4, currency: 'EUR' });
    expect(decimalToMinorUnitsRoundedUp('0.0300', 'USD')).toEqual({ amount: 3, currency: 'USD' });
    expect(decimalToMinorUnitsRoundedUp('12.1', 'JPY')).toEqual({ amount: 13, currency: 'JPY' });
    expect(decimalToMinorUnitsRoundedUp('1.0001', 'KWD')).toEqual({ amount: 1001, currency: 'KWD' });
  });

  it('answers undefined for what is not a price', () => {
    expect(decimalToMinorUnitsRoundedUp('abc', 'USD')).toBeUndefined();
    expect(decimalToMinorUnitsRoundedUp('.', 'USD')).toBeUndefined();
    expect(decimalToMinorUnitsRoundedUp('1.00', 'XXQ')).toBeUndefined();
  });
});

describe('SMS encoding', () => {
  it('tells GSM-7 from UCS-2 text and counts segments', () => {
    expect(isGsm7('Hello {world} €5')).toBe(true);
    expect(isGsm7('naïve ✓')).toBe(false);
    expect(countSmsSegments('a'.repeat(160))).toBe(1);
    expect(countSmsSegments('a'.repeat(161))).toBe(2);
    expect(countSmsSegments('€'.repeat(81))).toBe(2); // extension characters count two septets
    expect(countSmsSegments('✓'.repeat(70))).toBe(1);
    expect(countSmsSegments('✓'.repeat(71))).toBe(2);
  });
});
