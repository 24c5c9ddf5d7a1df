import type { CostModel, Money } from '@infrafabric/core';

/**
 * Vonage's price model: no estimate (prices depend on the destination network and your account's
 * pricing, which the API reports only after sending); the actual cost is what Vonage returned —
 * the sum of `message-price` over the parts of an SMS, or a finished call's `price` — in the
 * account currency.
 */
export const vonageCostModel: CostModel = {
  actual(_operation, _input, output) {
    return (output as { price?: Money } | undefined)?.price;
  },
};
