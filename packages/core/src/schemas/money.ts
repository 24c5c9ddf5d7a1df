import { z } from 'zod';
import { ValidationError } from '../errors/infrafabric-error';

/** ISO 4217 currencies whose minor unit is not 2 digits (the standard's own exponents). */
const NON_TWO_DIGIT_EXPONENTS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

let knownCurrencies: ReadonlySet<string> | undefined;
function currencies(): ReadonlySet<string> {
  knownCurrencies ??= new Set([
    ...Intl.supportedValuesOf('currency'),
    ...Object.keys(NON_TWO_DIGIT_EXPONENTS),
  ]);
  return knownCurrencies;
}

/** True when `code` is an ISO 4217 currency code this runtime knows. */
export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && currencies().has(code);
}

/**
 * Number of minor-unit digits of an ISO 4217 currency: JPY 0, GBP 2, KWD 3.
 * @throws ValidationError for an unknown currency.
 */
export function currencyExponent(currency: string): number {
  if (!isCurrencyCode(currency)) {
    throw new ValidationError(
      `Unknown ISO 4217 currency "${currency}". Use a three-letter upper-case code such as GBP.`,
      {
        field: 'currency',
        rule: 'iso4217',
      },
    );
  }
  return NON_TWO_DIGIT_EXPONENTS[currency] ?? 2;
}

/** An ISO 4217 currency code, upper case. */
export const currencyCodeSchema = z.string().refine(isCurrencyCode, {
  message: 'must be an ISO 4217 currency code such as GBP',
  params: { rule: 'iso4217' },
});

/**
 * Money as an integer number of the currency's minor units (pence, cents, yen, fils) plus the
 * currency. Never a float: 19.99 GBP is `{ amount: 1999, currency: 'GBP' }`, 500 JPY is
 * `{ amount: 500, currency: 'JPY' }`.
 */
export const moneySchema = z.object({
  amount: z
    .number()
    .refine(Number.isSafeInteger, {
      message: 'must be a whole number of minor units (e.g. pence), not a decimal',
      params: { rule: 'integer' },
    })
    .refine((n) => n >= 0, { message: 'must not be negative', params: { rule: 'nonnegative' } }),
  currency: currencyCodeSchema,
});

/** Money in integer minor units. See {@link moneySchema}. */
export type Money = z.infer<typeof moneySchema>;

/**
 * Converts a decimal string such as `"19.99"` into minor units for the currency, exactly (no
 * floating point): `toMinorUnits('19.99', 'GBP')` → 1999, `toMinorUnits('500', 'JPY')` → 500.
 * @throws ValidationError when the value has more decimals than the currency allows.
 */
export function toMinorUnits(decimal: string | number, currency: string): Money {
  const exponent = currencyExponent(currency);
  const text = typeof decimal === 'number' ? String(decimal) : decimal.trim();
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) {
    throw new ValidationError(`Amount "${text}" is not a positive decimal number such as 19.99.`, {
      field: 'amount',
      rule: 'decimal',
    });
  }
  const whole = match[1]!;
  const fraction = match[2] ?? '';
  if (fraction.replace(/0+$/, '').length > exponent) {
    throw new ValidationError(
      `Amount "${text}" has more decimals than ${currency} allows (${exponent}). Round it first.`,
      { field: 'amount', rule: 'currency_exponent' },
    );
  }
  const minor =
    BigInt(whole) * 10n ** BigInt(exponent) +
    BigInt((fraction + '0'.repeat(exponent)).slice(0, exponent) || '0');
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new ValidationError(`Amount "${text}" is too large.`, { field: 'amount', rule: 'safe_integer' });
  }
  return { amount: Number(minor), currency };
}

/**
 * Converts a provider's price (a decimal string such as `"0.00750"` or `"-0.03330000"`, sign
 * ignored) to Money, rounding UP to the next whole minor unit: carriers price in fractions of a
 * cent, Money counts whole ones, and a budget should over-count rather than under-count. Returns
 * undefined for an unknown currency or a value that is not a decimal.
 */
export function decimalToMinorUnitsRoundedUp(decimal: string, currency: string): Money | undefined {
  if (!isCurrencyCode(currency)) return undefined;
  const match = /^-?(\d*)(?:\.(\d*))?$/.exec(decimal.trim());
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) return undefined;
  const exponent = currencyExponent(currency);
  const fraction = match[2] ?? '';
  let minor =
    BigInt(match[1] || '0') * 10n ** BigInt(exponent) +
    BigInt((fraction + '0'.repeat(exponent)).slice(0, exponent) || '0');
  if (/[1-9]/.test(fraction.slice(exponent))) minor += 1n;
  return { amount: Number(minor), currency };
}

/** Formats minor units as a plain decimal string: `{ amount: 1999, currency: 'GBP' }` → `"19.99"`. */
export function formatMinorUnits(money: Money): string {
  const exponent = currencyExponent(money.currency);
  if (exponent === 0) return String(money.amount);
  const text = String(money.amount).padStart(exponent + 1, '0');
  return `${text.slice(0, -exponent)}.${text.slice(-exponent)}`;
}

/** Adds two amounts of the same currency. @throws ValidationError on a currency mismatch. */
export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) {
    throw new ValidationError(`Cannot add ${a.currency} and ${b.currency}.`, {
      field: 'currency',
      rule: 'same_currency',
    });
  }
  return { amount: a.amount + b.amount, currency: a.currency };
}
