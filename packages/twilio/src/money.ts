import { decimalToMinorUnitsRoundedUp, type Money } from '@infrafabric/core';

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
