import { createHttpFaultInjector } from '@infrafabric/testing';
import { describePaymentAdapter } from '@infrafabric/testing/vitest';
import { CANARY_KEY, CANARY_WEBHOOK_SECRET, useStripeSimulator } from './harness';

const { simulator, server, requests, adapter } = useStripeSimulator();

describePaymentAdapter({
  name: 'stripe',
  create: () => adapter(),
  faults: createHttpFaultInjector(server, {
    baseUrl: simulator.baseUrl,
    errorResponse: simulator.errorResponse,
    simulator: simulator.handlers,
  }),
  requests,
  probe: {
    operation: 'createPayment',
    input: {
      amount: { amount: 1999, currency: 'GBP' },
      paymentMethod: 'pm_card_visa',
      reference: 'conformance',
    },
  },
  invalid: { input: { amount: { amount: 19.99, currency: 'GBP' } }, field: 'amount.amount' },
  // Operations on existing objects (capture, refund, cancel...) need ids; payments.test.ts runs them.
  samples: [
    { operation: 'findPayment', input: { reference: 'conformance' } },
    { operation: 'createCustomer', input: { email: 'conformance@example.com', name: 'Conformance' } },
  ],
  idempotencyKeyOf: (request) => request.headers['idempotency-key'],
  secrets: [CANARY_KEY, CANARY_WEBHOOK_SECRET],
});

// A second account on the same Bus: errors must name the instance, not just the provider.
describePaymentAdapter({
  name: 'stripe (named instance)',
  create: () => adapter({ name: 'stripe-eu' }),
  faults: createHttpFaultInjector(server, {
    baseUrl: simulator.baseUrl,
    errorResponse: simulator.errorResponse,
  }),
  requests,
  probe: {
    operation: 'createPayment',
    input: { amount: { amount: 1000, currency: 'EUR' }, paymentMethod: 'pm_card_visa', reference: 'named' },
  },
  invalid: { input: { amount: { amount: 1000, currency: 'eur' } }, field: 'amount.currency' },
  idempotencyKeyOf: (request) => request.headers['idempotency-key'],
  secrets: [CANARY_KEY],
});
