import { Bus, MemoryAuditSink } from '@infrafabric/core';
import { createHttpFaultInjector } from '@infrafabric/testing';
import { describe, expect, it } from 'vitest';
import { useStripeSimulator } from './harness';

const { simulator, server, requests, adapter } = useStripeSimulator();
const charge = (reference: string) => ({
  amount: { amount: 1999, currency: 'GBP' },
  paymentMethod: 'pm_card_visa',
  reference,
});

describe('idempotency keys against the simulator (Stripe semantics)', () => {
  it('replays the saved response for the same key and parameters without charging twice', async () => {
    const stripe = adapter();
    const first = await stripe.createPayment(charge('idem-1'), { idempotencyKey: 'key-1' });
    const second = await stripe.createPayment(charge('idem-1'), { idempotencyKey: 'key-1' });
    expect(second.id).toBe(first.id);
    expect(simulator.chargeCount('idem-1')).toBe(1);
    expect(simulator.paymentIntentsFor('idem-1')).toHaveLength(1);
    expect(simulator.stats.idempotentReplays).toBeGreaterThanOrEqual(1);
  });

  it('refuses the same key with different parameters as Stripe does (idempotency_error → ValidationError)', async () => {
    const stripe = adapter();
    await stripe.createPayment(charge('idem-2'), { idempotencyKey: 'key-2' });
    const error = await stripe
      .createPayment(
        { ...charge('idem-2'), amount: { amount: 2999, currency: 'GBP' } },
        { idempotencyKey: 'key-2' },
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'validation',
      field: 'idempotencyKey',
      rule: 'idempotency_key_reuse',
      status: 400,
    });
    expect(simulator.chargeCount('idem-2')).toBe(1);
  });

  it('refuses a key reused on another endpoint', async () => {
    const stripe = adapter();
    const payment = await stripe.createPayment(charge('idem-3'), { idempotencyKey: 'key-3' });
    await expect(
      stripe.refundPayment({ paymentId: payment.id }, { idempotencyKey: 'key-3' }),
    ).rejects.toMatchObject({
      field: 'idempotencyKey',
    });
  });

  it('replays a decline too: the same key cannot turn into a second attempt', async () => {
    const stripe = adapter();
    const input = {
      amount: { amount: 1000, currency: 'GBP' },
      paymentMethod: 'pm_card_chargeDeclined',
      reference: 'idem-4',
    };
    await expect(stripe.createPayment(input, { idempotencyKey: 'key-4' })).rejects.toMatchObject({
      code: 'declined',
    });
    await expect(stripe.createPayment(input, { idempotencyKey: 'key-4' })).rejects.toMatchObject({
      code: 'declined',
    });
    expect(simulator.paymentIntentsFor('idem-4')).toHaveLength(1);
  });

  it('charges exactly once through the Bus when the first response is lost after Stripe carried it out', async () => {
    const faults = createHttpFaultInjector(server, {
      baseUrl: simulator.baseUrl,
      errorResponse: simulator.errorResponse,
      simulator: simulator.handlers,
    });
    const bus = new Bus({
      adapters: [adapter()],
      auditSinks: [new MemoryAuditSink()],
      policies: {
        timeoutMs: 2_000,
        retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
        circuitBreaker: false,
      },
    });
    faults.inject('success_then_dropped');
    const payment = await bus.dispatch<{ id: string; status: string }>({
      kind: 'payment',
      provider: 'stripe',
      operation: 'createPayment',
      input: charge('idem-5'),
      idempotencyKey: 'order-idem-5',
    });
    expect(payment.status).toBe('captured');
    expect(simulator.chargeCount('idem-5')).toBe(1);
    await requests.settled();
    const keys = requests.requests.map((r) => r.headers['idempotency-key']);
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(keys)).toEqual(new Set(['order-idem-5']));
  });
});
