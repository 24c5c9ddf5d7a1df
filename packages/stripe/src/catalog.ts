import type { CatalogEntry, PaymentCapabilities } from '@infrafabric/core';

/** What the Stripe adapter can do (the same object `adapter.capabilities` exposes). */
export const stripeCapabilities: PaymentCapabilities = {
  operations: {
    capturePayment: true,
    cancelPayment: true,
    findPayment: true,
    createCustomer: true,
    getCustomer: true,
    createSubscription: true,
    cancelSubscription: true,
    parseWebhook: true,
  },
  separateCapture: true,
  partialRefunds: true,
  idempotencyKeys: true,
  currencies: 'any',
};

/** Static description of the Stripe provider, readable without loading the SDK. */
export const stripeCatalog: CatalogEntry<PaymentCapabilities> = {
  name: 'stripe',
  kind: 'payment',
  displayName: 'Stripe',
  packageName: '@infrafabric/stripe',
  docsUrl: 'https://docs.stripe.com/api',
  env: [
    {
      name: 'STRIPE_SECRET_KEY',
      credential: 'apiKey',
      secret: true,
      required: true,
      description:
        'Secret key (sk_test_/sk_live_) or restricted key (rk_...) from Dashboard → Developers → API keys.',
    },
    {
      name: 'STRIPE_WEBHOOK_SECRET',
      credential: 'webhookSecret',
      secret: true,
      required: false,
      description: 'Signing secret (whsec_...) of your webhook endpoint; needed only to receive webhooks.',
    },
  ],
  capabilities: stripeCapabilities,
};
