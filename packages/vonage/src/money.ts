import { decimalToMinorUnitsRoundedUp, type Money } from '@infrafabric/core';

/**
 * Converts a Vonage price (a decimal string such as `"0.03330000"`, in the account's currency) to
 * Money, rounding UP to the next whole minor unit: core Money counts whole cents, Vonage prices
 * have up to 8 decimals, and a budget should over-count rather than under-count.
 */
export function vonagePriceToMoney(
  price: string | number | null | undefined,
  currency: string,
): Money | undefined {
  if (price === null || price === undefined || price === '') return undefined;
  return decimalToMinorUnitsRoundedUp(String(price), currency);
}

/** Adds Vonage prices (one per SMS part) exactly, as a decimal string. */
export function sumDecimalPrices(prices: ReadonlyArray<string | undefined>): string | undefined {
  const present = prices.filter(
    (p): p is string => typeof p === 'string' && /^\d*(\.\d*)?$/.test(p) && p !== '',
  );
  if (present.length === 0) return undefined;
  const scale = Math.max(...present.map((p) => (p.split('.')[1] ?? '').length));
  const total = present.reduce((sum, p) => {
    const [whole = '0', fraction = ''] = p.split('.');
    return sum + BigInt((whole || '0') + fraction.padEnd(scale, '0'));
  }, 0n);
  const text = total.toString().padStart(scale + 1, '0');
  return scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`;
}
