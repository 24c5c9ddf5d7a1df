import { currencyExponent, isCurrencyCode, type Money } from '@infrafabric/core';

/**
 * Converts a decimal amount to integer minor units, rounding UP to the next whole minor unit.
 * Twilio prices have up to 5 decimals (`-0.00750` USD) while core Money counts whole cents, so a
 * sub-cent price becomes 1 cent: budgets may over-count slightly, never under-count.
 */
export function decimalToMinorUnitsRoundedUp(decimal: string, currency: string): Money | undefined {
  if (!isCurrencyCode(currency)) return undefined;
  const match = /^-?(\d*)(?:\.(\d*))?$/.exec(decimal.trim());
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) return undefined;
  const exponent = currencyExponent(currency);
  const whole = BigInt(match[1] || '0');
  const fraction = match[2] ?? '';
  const kept = (fraction + '0'.repeat(exponent)).slice(0, exponent);
  const dropped = fraction.slice(exponent);
  let minor = whole * 10n ** BigInt(exponent) + BigInt(kept || '0');
  if (/[1-9]/.test(dropped)) minor += 1n;
  return { amount: Number(minor), currency };
}

/**
 * Twilio reports what you paid as a negative decimal string (`"-0.03000"`) plus `price_unit`.
 * Returns the cost as positive Money, or undefined while Twilio has not priced it yet (`null`).
 */
export function twilioPriceToMoney(
  price: string | number | null | undefined,
  priceUnit: string | null | undefined,
): Money | undefined {
  if (price === null || price === undefined || price === '' || !priceUnit) return undefined;
  return decimalToMinorUnitsRoundedUp(String(price), priceUnit.toUpperCase());
}
