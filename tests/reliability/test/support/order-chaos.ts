import { NetworkError, type Payment, type PaymentAdapter, TimeoutError } from '@infrafabric/core';
import type { FaultKind } from '@infrafabric/testing';
import type { PaymentWorld } from './payment-world';
import { pickWeighted, seededRandom } from './seeded-random';

/** Stripe-side faults, by weight: about half the orders meet at least one. */
const STRIPE_FAULTS: ReadonlyArray<readonly [FaultKind | 'none', number]> = [
  ['none', 46],
  ['success_then_dropped', 16],
  ['server_error', 12],
  ['connection_reset', 12],
  ['timeout', 6],
  ['rate_limited', 8],
];
/** How many consecutive requests a fault hits: 3+ outlasts the retries, 6 also breaks every lookup attempt. */
const FAULT_TIMES: ReadonlyArray<readonly [number, number]> = [
  [1, 35],
  [2, 20],
  [3, 22],
  [4, 15],
  [6, 8],
];
type BackupFault = 'none' | 'before_commit' | 'after_commit';
const BACKUP_FAULTS: ReadonlyArray<readonly [BackupFault, number]> = [
  ['none', 70],
  ['before_commit', 15],
  ['after_commit', 15],
];

/** What the Bus said about one order, and what the providers actually did. */
export interface OrderRecord {
  reference: string;
  stripeFault: FaultKind | 'none';
  times: number;
  backupFault: BackupFault;
  verdict: 'charged' | 'declined' | 'failed' | 'uncertain';
  provider?: string | undefined;
  charges: { stripe: number; backup: number; total: number };
  attempts: string;
}

/** Totals of a chaos run; `duplicates` and `lost` must be empty. */
export interface ChaosReport {
  orders: number;
  charged: number;
  declined: number;
  failed: number;
  uncertain: number;
  chargedVia: Record<string, number>;
  reconciledFound: number;
  reconciledNotFound: number;
  faults: Record<string, number>;
  /** Orders charged more than once across both providers. */
  duplicates: OrderRecord[];
  /**
   * Orders the Bus got wrong: reported success without exactly one successful charge, or reported
   * a definite failure (not `outcomeUnknown`) although a charge exists.
   */
  lost: OrderRecord[];
  /** Uncertain orders whose later lookup (faults gone) disagrees with the providers' books. */
  unreconcilable: OrderRecord[];
}

const SUCCESSFUL: ReadonlySet<Payment['status']> = new Set(['captured', 'authorized']);

/**
 * Runs `count` orders one after another (faults are per request, so orders must not overlap),
 * each with a seeded random fault plan, and checks every order against both providers' books.
 */
export async function runOrderChaos(world: PaymentWorld, count: number, seed: number): Promise<ChaosReport> {
  const random = seededRandom(seed);
  const report: ChaosReport = {
    orders: count,
    charged: 0,
    declined: 0,
    failed: 0,
    uncertain: 0,
    chargedVia: {},
    reconciledFound: 0,
    reconciledNotFound: 0,
    faults: {},
    duplicates: [],
    lost: [],
    unreconcilable: [],
  };
  const uncertain: OrderRecord[] = [];
  for (let i = 0; i < count; i++) {
    const reference = `order-${seed}-${i}`;
    const declinedCard = random() < 0.03;
    const stripeFault = declinedCard ? 'none' : pickWeighted(random, STRIPE_FAULTS);
    const times = pickWeighted(random, FAULT_TIMES);
    const backupFault = pickWeighted(random, BACKUP_FAULTS);
    const amountMinor = 100 + Math.floor(random() * 99_900);
    if (stripeFault !== 'none') world.faults.inject(stripeFault, { times });
    if (backupFault === 'before_commit') {
      world.backup.failures.failNext(
        'createPayment',
        new NetworkError('backup: injected connection refused', {
          provider: 'backup',
          operation: 'createPayment',
        }),
        times,
      );
    } else if (backupFault === 'after_commit') {
      world.backup.failuresAfterCommit.failNext(
        'createPayment',
        new TimeoutError('backup: injected answer lost after commit', {
          provider: 'backup',
          operation: 'createPayment',
        }),
        times,
      );
    }
    report.faults[stripeFault] = (report.faults[stripeFault] ?? 0) + 1;

    const result = await world.order({
      reference,
      amountMinor,
      paymentMethod: declinedCard ? 'pm_card_chargeDeclined' : 'pm_card_visa',
    });
    world.faults.reset();
    world.backup.failures.clear();
    world.backup.failuresAfterCommit.clear();
    world.clock.advance(50);

    const charges = world.charges(reference);
    const record: OrderRecord = {
      reference,
      stripeFault,
      times,
      backupFault,
      verdict: 'failed',
      charges,
      attempts: result.attempts
        .map((a) => `${a.provider}:${a.ok ? 'ok' : a.error?.code}${a.reconciled ? `(${a.reconciled})` : ''}`)
        .join(' → '),
    };
    for (const attempt of result.attempts) {
      if (attempt.reconciled === 'found') report.reconciledFound += 1;
      if (attempt.reconciled === 'not_found') report.reconciledNotFound += 1;
    }
    if (charges.total > 1) report.duplicates.push(record);
    if (result.ok) {
      record.verdict = 'charged';
      record.provider = result.provider;
      report.charged += 1;
      report.chargedVia[result.provider] = (report.chargedVia[result.provider] ?? 0) + 1;
      const atProvider = result.provider === 'stripe' ? charges.stripe : charges.backup;
      if (charges.total !== 1 || atProvider !== 1 || !SUCCESSFUL.has(result.value.status))
        report.lost.push(record);
    } else if (result.error.outcomeUnknown) {
      record.verdict = 'uncertain';
      report.uncertain += 1;
      uncertain.push(record);
    } else {
      record.verdict = result.error.code === 'declined' ? 'declined' : 'failed';
      if (record.verdict === 'declined') report.declined += 1;
      else report.failed += 1;
      if (charges.total !== 0) report.lost.push(record);
    }
  }
  // An uncertain answer is honest only if the caller can settle it later: with the faults gone and
  // the search index caught up, findPayment at each provider must agree with the provider's books.
  world.clock.advance(10 * 60_000);
  for (const record of uncertain) {
    for (const provider of ['stripe', 'backup'] as const) {
      // Straight to the adapter: the lookup must not depend on the circuit state the run left behind.
      const adapter = world.bus.dispatcher.adapter(provider) as PaymentAdapter;
      const found = await adapter.findPayment?.({ reference: record.reference });
      const booked = record.charges[provider];
      if (Boolean(found) !== booked > 0) report.unreconcilable.push(record);
    }
  }
  return report;
}

/** One line per finding, for assertion messages. */
export function describeFindings(records: readonly OrderRecord[]): string {
  return records
    .slice(0, 20)
    .map(
      (r) =>
        `${r.reference} [stripe ${r.stripeFault}×${r.times}, backup ${r.backupFault}] ${r.verdict}${r.provider ? ` via ${r.provider}` : ''}: charges stripe=${r.charges.stripe} backup=${r.charges.backup}; ${r.attempts}`,
    )
    .join('\n');
}
