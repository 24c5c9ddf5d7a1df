/**
 * Payment with a partial refund, end to end through the Bus: charge 19.99 GBP with an
 * idempotency key, retry the charge with the same key (Stripe answers with the same payment, no
 * second charge), refund 5.00, then verify the audit chain and print the cost report.
 *
 * Stripe is simulated in-process (msw intercepts fetch), so this runs offline with no account:
 * `pnpm --filter @infrafabric/example-payment-refund start` from the repository root.
 */
import { fileURLToPath } from 'node:url';
import {
  Bus,
  type CostReportRow,
  formatMinorUnits,
  MemoryAuditSink,
  type Payment,
  type Refund,
  toMinorUnits,
  type VerifyResult,
} from '@infrafabric/core';
import { createStripe } from '@infrafabric/stripe';
import { setupServer } from 'msw/node';
// The example reuses the Stripe package's test simulator (not part of the published package).
import { createStripeSimulator } from '../../../packages/stripe/test/simulator';

/** A made-up test key: the simulator accepts only this one. */
const DEMO_KEY = 'sk_test_exampleDemoKey0000000000000000';

/** What {@link main} did, for its test and for anyone embedding the example. */
export interface PaymentRefundResult {
  payment: Payment;
  /** The same charge sent again with the same idempotency key. */
  replayed: Payment;
  refund: Refund;
  /** The payment read back after the refund. */
  afterRefund: Payment;
  /** Successful charges Stripe holds for the order: 1 means charged exactly once. */
  chargesForOrder: number;
  audit: VerifyResult;
  auditEntries: number;
  costs: CostReportRow[];
}

/** Runs the example; `log` receives each printed line (console.log by default). */
export async function main(log: (line: string) => void = console.log): Promise<PaymentRefundResult> {
  const simulator = createStripeSimulator({ apiKey: DEMO_KEY });
  // msw answers Stripe's host in this process; any other request fails instead of leaving it.
  const server = setupServer(...simulator.handlers);
  server.listen({ onUnhandledFrame: 'error' });
  const bus = new Bus({
    adapters: [createStripe({ apiKey: DEMO_KEY, baseUrl: simulator.baseUrl })],
    auditSinks: [new MemoryAuditSink()],
  });
  try {
    const charge = {
      kind: 'payment' as const,
      provider: 'stripe',
      operation: 'createPayment',
      input: { amount: toMinorUnits('19.99', 'GBP'), paymentMethod: 'pm_card_visa', reference: 'order-1001' },
      idempotencyKey: 'order-1001-charge',
    };
    const payment = await bus.dispatch<Payment>(charge);
    log(
      `charged   ${payment.id}: ${formatMinorUnits(payment.amount)} ${payment.amount.currency} (${payment.status})`,
    );

    const replayed = await bus.dispatch<Payment>(charge);
    log(
      `retried   same key → ${replayed.id === payment.id ? 'same payment, not charged again' : 'A SECOND PAYMENT'}`,
    );

    const refund = await bus.payment.refund('stripe', {
      paymentId: payment.id,
      amount: toMinorUnits('5.00', 'GBP'),
      reason: 'requested_by_customer',
    });
    log(
      `refunded  ${refund.id}: ${formatMinorUnits(refund.amount)} ${refund.amount.currency} (${refund.status})`,
    );

    const afterRefund = await bus.payment.getPayment('stripe', { id: payment.id });
    log(`payment   now ${afterRefund.status}, ${formatMinorUnits(afterRefund.amountRefunded!)} refunded`);

    const audit = await bus.audit.verify();
    const auditEntries = (await bus.audit.entries()).length;
    log(
      `audit     ${audit.ok ? 'chain verified' : `BROKEN at #${audit.firstBadSeq}: ${audit.reason}`} (${audit.checked} entries)`,
    );

    const costs = bus.costs.report({ by: 'operation' });
    for (const row of costs) {
      const kind = row.estimated === row.operations ? 'estimated' : row.estimated === 0 ? 'actual' : 'mixed';
      log(
        `cost      ${row.key}: ${formatMinorUnits(row.total)} ${row.currency} over ${row.operations} operation(s) (${kind})`,
      );
    }
    return {
      payment,
      replayed,
      refund,
      afterRefund,
      chargesForOrder: simulator.chargeCount('order-1001'),
      audit,
      auditEntries,
      costs,
    };
  } finally {
    await bus.close();
    server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
