/**
 * `@infrafabric/stripe`: Stripe payments for InfraFabric: PaymentIntents (charge, authorize and
 * capture, cancel, refund, reconcile by reference), customers, subscriptions and signed webhooks,
 * through the official `stripe` SDK loaded on first use.
 *
 * @packageDocumentation
 */
import { defineProvider, type ProviderFactoryOptions } from '@infrafabric/core';
import { createStripe, type StripePaymentAdapter } from './adapter';
import { stripeCatalog } from './catalog';
import { type StripeCredentials, type StripeOptions, stripeCredentialsSchema } from './options';

export { createStripe, type StripePaymentAdapter } from './adapter';
export { stripeCapabilities, stripeCatalog } from './catalog';
export {
  createStripeCostModel,
  DEFAULT_STRIPE_FEES,
  estimateCardFee,
  type StripeCardFee,
  type StripeFeeSchedule,
} from './cost';
export { fromStripeAmount, STRIPE_MAX_AMOUNT, stripeExponent, toStripeAmount } from './currency';
export { mapStripeError } from './errors';
export { mapPaymentIntent, mapPaymentStatus, REFERENCE_METADATA_KEY } from './mappers';
export { type StripeCredentials, type StripeOptions, stripeCredentialsSchema } from './options';
export { normalizeStripeEvent, parseStripeWebhook, verifyStripeSignature } from './webhook';

/**
 * The Stripe provider definition, registered on import so `createAdapter('stripe', ...)` works.
 */
export const stripeProvider = defineProvider<StripeCredentials, StripePaymentAdapter, ProviderFactoryOptions>(
  {
    catalog: stripeCatalog,
    credentials: stripeCredentialsSchema,
    create: (credentials, options = {}) => createStripe({ ...credentials, ...(options as StripeOptions) }),
  },
);

let defaultInstance: StripePaymentAdapter | undefined;

/**
 * The default Stripe adapter, created on first access. It reads `STRIPE_SECRET_KEY` (and
 * `STRIPE_WEBHOOK_SECRET` for webhooks) from the environment when it first needs them.
 *
 * @example
 * ```ts
 * import { stripe } from '@infrafabric/stripe';
 * bus.use(stripe());
 * ```
 */
export function stripe(): StripePaymentAdapter {
  defaultInstance ??= createStripe();
  return defaultInstance;
}
export type { StripePaymentIntentLike } from './mappers';
export type { StripeEventLike } from './webhook';
export type { Maybe, StripeBalanceTransactionLike, StripeChargeLike, StripeRefundLike } from './mappers';
