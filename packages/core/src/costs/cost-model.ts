import type { Money } from '../schemas/money';

/**
 * A provider's price model for its operations. `estimate` runs before the call (for budgets and
 * least-cost routing); `actual` after, from what the provider returned, where it reports a price.
 *
 * @example
 * ```ts
 * const smsCost: CostModel = {
 *   estimate: (op, input) => op === 'sendSms' ? { amount: 79, currency: 'USD' } : undefined, // 0.0079 USD in 1/10000? use minor units of your choice
 * };
 * ```
 */
export interface CostModel {
  estimate?(operation: string, input: unknown): Money | undefined;
  actual?(operation: string, input: unknown, output: unknown): Money | undefined;
}
