import { currencyExponent, type Money, ValidationError } from '@infrafabric/core';

/**
 * Minor-unit digits Stripe uses where they differ from the ISO 4217 exponent that core's
 * {@link Money} follows (https://docs.stripe.com/currencies#special-cases):
 * - ISK is zero-decimal in ISO 4217, but Stripe keeps it two-decimal with the decimals always 00
 *   (5 ISK is sent as 500).
 * - MGA has an ISO exponent of 2, but Stripe treats it as zero-decimal.
 * HUF and TWD are two-decimal for charges at Stripe, as in ISO (their zero-decimal rule applies
 * to payouts, which this adapter does not make), and UGX is zero-decimal in both Stripe's list
 * and ISO 4217, so none of them needs conversion.
 */
const STRIPE_EXPONENT_OVERRIDES: Readonly<Record<string, number>> = { ISK: 2, MGA: 0 };

/** Currencies with three minor-unit digits, whose last digit Stripe requires to be 0. */
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND', 'IQD', 'LYD']);

/** Largest amount Stripe accepts in one payment: eight digits in the currency's Stripe minor unit. */
export const STRIPE_MAX_AMOUNT = 99_999_999;

/** Minor-unit digits Stripe uses for `currency` (upper-case ISO 4217 code). */
export function stripeExponent(currency: string): number {
  return STRIPE_EXPONENT_OVERRIDES[currency] ?? currencyExponent(currency);
}

/**
 * Converts core Money (ISO minor units) into the integer `amount` Stripe expects, enforcing
 * Stripe's currency rules: three-decimal amounts must end in 0 (5.124 KWD must be rounded to
 * 5.120 or 5.130), MGA must be whole ariary, and no amount may exceed eight digits.
 * @throws ValidationError naming `field` with the broken rule.
 */
export function toStripeAmount(money: Money, field: string, operation: string): number {
  const shift = stripeExponent(money.currency) - currencyExponent(money.currency);
  const fail = (rule: string, why: string) =>
    new ValidationError(`stripe.${operation}: invalid "${field}": ${why}`, {
      provider: 'stripe',
      operation,
      field,
      rule,
    });
  if (THREE_DECIMAL.has(money.currency) && money.amount % 10 !== 0) {
    throw fail(
      'stripe_three_decimal',
      `Stripe requires ${money.currency} amounts to end in 0 (e.g. 5120, not 5124). Round to the nearest ten minor units.`,
    );
  }
  let amount = money.amount;
  if (shift > 0) amount *= 10 ** shift;
  if (shift < 0) {
    const divisor = 10 ** -shift;
    if (amount % divisor !== 0) {
      throw fail(
        'stripe_zero_decimal',
        `Stripe treats ${money.currency} as zero-decimal: the amount must be a whole number of major units (a multiple of ${divisor}).`,
      );
    }
    amount /= divisor;
  }
  if (amount > STRIPE_MAX_AMOUNT) {
    throw fail('stripe_max_amount', `Stripe accepts at most ${STRIPE_MAX_AMOUNT} minor units per payment.`);
  }
  return amount;
}

/** Converts a Stripe `amount` + lower-case `currency` back into core Money (ISO minor units). */
export function fromStripeAmount(amount: number, currency: string): Money {
  const code = currency.toUpperCase();
  let iso: number;
  try {
    iso = currencyExponent(code);
  } catch {
    // A currency this runtime does not know: pass the amount through rather than failing a read.
    return { amount, currency: code };
  }
  const shift = stripeExponent(code) - iso;
  const value = shift > 0 ? Math.round(amount / 10 ** shift) : amount * 10 ** -shift;
  return { amount: value, currency: code };
}
