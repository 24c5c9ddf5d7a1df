import { Bus, type CallPolicies, type FailoverResult, type Payment } from '@infrafabric/core';
import { createStripe } from '@infrafabric/stripe';
import { createHttpFaultInjector, type FaultInjector, FakePaymentProcessor } from '@infrafabric/testing';
import { setupServer } from 'msw/node';
import { createStripeSimulator, type StripeSimulator } from '../../../../packages/stripe/test/simulator';

/** Recognisable fake credentials: they must never show up anywhere (see canary-secrets.test.ts). */
export const STRIPE_CANARY_KEY = 'sk_test_CANARY_51Rq8f3c1e9b7a2d4f6e8c0b2a4d6f8e0001';
export const STRIPE_CANARY_WEBHOOK_SECRET = 'whsec_CANARY_4f1e8d2c7b9a3e5f1d0c8b6a4e2f0d1c';

/** The payment chain every order runs through: Stripe first, the testing kit's processor second. */
export const CHAIN = ['stripe', 'backup'];

/**
 * Policies that keep a few hundred faulty orders fast: a per-attempt timeout well above a loaded
 * machine's latency (a timeout on a request still in flight would race its own retry), near-zero
 * backoff, no waiting on Retry-After (a rate limit fails over at once), and a circuit breaker that
 * opens after 5 consecutive health failures and tries again 200 ms later (on the virtual clock).
 */
export const CHAOS_POLICIES: CallPolicies = {
  timeoutMs: 250,
  retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 4, maxRetryAfterMs: 0 },
  circuitBreaker: { failureThreshold: 5, resetTimeoutMs: 200, halfOpenMaxCalls: 1 },
};

/** A Bus with Stripe (against its simulator, behind msw) and a fake backup processor. */
export interface PaymentWorld {
  bus: Bus;
  simulator: StripeSimulator;
  backup: FakePaymentProcessor;
  faults: FaultInjector;
  server: ReturnType<typeof setupServer>;
  /** Virtual clock shared by the Bus (circuit breaker) and the simulator (search index lag). */
  clock: { now: number; advance(ms: number): void };
  /** Charges made for `reference` at each provider. */
  charges(reference: string): { stripe: number; backup: number; total: number };
  /** Runs one order through `bus.failover`. */
  order(input: OrderInput): Promise<FailoverResult<Payment>>;
  close(): void;
}

/** One order. */
export interface OrderInput {
  reference: string;
  amountMinor: number;
  paymentMethod: string;
}

/** Creates a fresh world; call `listen()` semantics are handled here (the server starts listening). */
export function createPaymentWorld(
  options: { searchLagMs?: number; policies?: CallPolicies; findPaymentListFallback?: number } = {},
): PaymentWorld {
  const clock = {
    now: Date.UTC(2026, 10, 24, 12, 0, 0),
    advance(ms: number) {
      clock.now += ms;
    },
  };
  const now = () => clock.now;
  const simulator = createStripeSimulator({
    apiKey: STRIPE_CANARY_KEY,
    now,
    // Stripe's search index lags new payments by up to a minute: reconciliation must not rely on it.
    searchLagMs: options.searchLagMs ?? 60_000,
  });
  const server = setupServer(...simulator.handlers);
  server.listen({ onUnhandledFrame: 'error' });
  const faults = createHttpFaultInjector(server, {
    baseUrl: simulator.baseUrl,
    errorResponse: (fault, status, retryAfter) => simulator.errorResponse(fault, status, retryAfter),
    simulator: simulator.handlers,
  });
  const backup = new FakePaymentProcessor({
    name: 'backup',
    declines: { pm_card_chargeDeclined: 'card_declined', tok_declined: 'card_declined' },
  });
  const bus = new Bus({ policies: options.policies ?? CHAOS_POLICIES, now });
  bus.use(
    createStripe({
      apiKey: STRIPE_CANARY_KEY,
      webhookSecret: STRIPE_CANARY_WEBHOOK_SECRET,
      baseUrl: simulator.baseUrl,
      ...(options.findPaymentListFallback === undefined
        ? {}
        : { findPaymentListFallback: options.findPaymentListFallback }),
    }),
    backup,
  );
  return {
    bus,
    simulator,
    backup,
    faults,
    server,
    clock,
    charges(reference) {
      const stripe = simulator.chargeCount(reference);
      const fake = backup.charges(reference);
      return { stripe, backup: fake, total: stripe + fake };
    },
    order(input) {
      return bus.failover<Payment>(
        'payment',
        'createPayment',
        {
          amount: { amount: input.amountMinor, currency: 'GBP' },
          paymentMethod: input.paymentMethod,
          reference: input.reference,
        },
        CHAIN,
        { idempotencyKey: `charge-${input.reference}` },
      );
    },
    close() {
      server.close();
    },
  };
}
