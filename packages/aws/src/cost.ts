import type { CostModel, Money } from '@infrafabric/core';

/**
 * ESTIMATES: Linux on-demand hourly prices in us-east-1, in USD (AWS price list, 2025). Prices
 * differ by region, OS and purchase option, and change; use the AWS Price List API for real
 * figures. Only a few common types are listed; others have no estimate.
 */
export const EC2_ON_DEMAND_USD_PER_HOUR: Readonly<Record<string, number>> = {
  't3.nano': 0.0052,
  't3.micro': 0.0104,
  't3.small': 0.0208,
  't3.medium': 0.0416,
  't3.large': 0.0832,
  't4g.micro': 0.0084,
  't4g.small': 0.0168,
  'm5.large': 0.096,
  'm6i.large': 0.096,
  'c5.large': 0.085,
  'r5.large': 0.126,
};

/**
 * The estimated hourly price of an instance type in USD cents, rounded UP to a whole cent
 * (money is integer minor units), or undefined when the type is not in the table.
 */
export function hourlyPriceEstimate(instanceType: string): Money | undefined {
  const dollars = EC2_ON_DEMAND_USD_PER_HOUR[instanceType];
  if (dollars === undefined) return undefined;
  return { amount: Math.ceil(Math.round(dollars * 1_000_000) / 10_000), currency: 'USD' };
}

/**
 * EC2 price model: `createServer` is estimated at one hour of the instance type (EC2 bills Linux
 * per second with a one-minute minimum, so the first hour is an upper bound for a short-lived
 * server). Every other call is free. An estimate only.
 */
export const awsCostModel: Required<Pick<CostModel, 'estimate'>> = {
  estimate(operation, input) {
    if (operation !== 'createServer') return undefined;
    const size = (input as { size?: unknown } | undefined)?.size;
    return typeof size === 'string' ? hourlyPriceEstimate(size) : undefined;
  },
};
