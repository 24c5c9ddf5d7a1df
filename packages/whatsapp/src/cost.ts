import type { CostModel, Money } from '@infrafabric/core';

function templateOf(input: unknown): unknown {
  return (input as { providerOptions?: { whatsapp?: { template?: unknown } } } | null)?.providerOptions
    ?.whatsapp?.template;
}

/**
 * WhatsApp's price model (per-message pricing since July 2025): free-form messages inside the
 * 24-hour customer-service window cost nothing; templates are charged by category and recipient
 * country, which the adapter cannot know, so their price is `templatePrice` when you configure
 * one, else unknown.
 */
export function whatsappCostModel(templatePrice?: Money): CostModel {
  const free: Money = { amount: 0, currency: templatePrice?.currency ?? 'USD' };
  return {
    estimate(operation, input) {
      if (operation === 'sendTemplate' || (operation === 'sendMessage' && templateOf(input) !== undefined))
        return templatePrice;
      if (operation === 'sendMessage' || operation === 'sendMedia') return free;
      return undefined;
    },
  };
}
