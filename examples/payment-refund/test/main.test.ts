import { describe, expect, it } from 'vitest';
import { main } from '../src/main';

describe('examples/payment-refund', () => {
  it('charges 19.99 GBP once, refunds 5.00, verifies the audit chain and reports the fee', async () => {
    const lines: string[] = [];
    const result = await main((line) => lines.push(line));

    expect(result.payment).toMatchObject({
      status: 'captured',
      amount: { amount: 1999, currency: 'GBP' },
      reference: 'order-1001',
    });
    expect(result.replayed.id).toBe(result.payment.id);
    expect(result.chargesForOrder).toBe(1);
    expect(result.refund).toMatchObject({
      paymentId: result.payment.id,
      amount: { amount: 500, currency: 'GBP' },
      status: 'succeeded',
    });
    expect(result.afterRefund).toMatchObject({
      status: 'partially_refunded',
      amountRefunded: { amount: 500, currency: 'GBP' },
    });

    // Four dispatched operations: charge, replayed charge, refund, read-back.
    expect(result.audit).toMatchObject({ ok: true, checked: 4 });
    expect(result.auditEntries).toBe(4);

    // The fee Stripe booked on the balance transaction (1.5 % + 20p of 19.99 = 0.50), counted once:
    // the replayed charge is the same payment and costs nothing more.
    expect(result.costs).toEqual([
      expect.objectContaining({
        key: 'stripe.createPayment',
        currency: 'GBP',
        total: { amount: 50, currency: 'GBP' },
        operations: 2,
        estimated: 0,
      }),
    ]);
    expect(lines.join('\n')).toMatch(/refunded .*5\.00 GBP/);
    expect(lines.join('\n')).toMatch(/chain verified/);
  });
});
