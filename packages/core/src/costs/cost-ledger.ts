import type { AdapterKind } from '../adapters/adapter';
import { BudgetExceededError } from '../errors/infrafabric-error';
import { formatMinorUnits, type Money } from '../schemas/money';

/** One costed operation. */
export interface CostRecord {
  time: number;
  kind: AdapterKind;
  provider: string;
  operation: string;
  estimated?: Money | undefined;
  actual?: Money | undefined;
}

/** A spending limit checked before an operation is sent. */
export interface Budget {
  limit: Money;
  /** The window spending is added up over. */
  period: 'day' | 'month' | 'all';
  /** Only this provider (adapter name) / kind; all when omitted. */
  provider?: string | undefined;
  kind?: AdapterKind | undefined;
}

/** One row of a cost report. */
export interface CostReportRow {
  key: string;
  currency: string;
  /** Sum of actual costs, falling back to estimates where no actual was reported. */
  total: Money;
  operations: number;
  /** How many rows used an estimate. */
  estimated: number;
}

function periodStart(period: Budget['period'], now: number): number {
  if (period === 'all') return 0;
  const d = new Date(now);
  return period === 'day'
    ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())
    : Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** Records what each operation cost and answers reports and budget checks. */
export class CostLedger {
  private readonly records: CostRecord[] = [];

  constructor(
    readonly budgets: readonly Budget[] = [],
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds a record. */
  record(record: CostRecord): void {
    if (record.actual || record.estimated) this.records.push(record);
  }

  /** Every record so far. */
  all(): readonly CostRecord[] {
    return this.records;
  }

  /**
   * Throws {@link BudgetExceededError} when spending `estimate` on `provider`/`kind` would take any
   * matching budget over its limit in the current period. Called before the operation is sent.
   */
  checkBudgets(context: {
    kind: AdapterKind;
    provider: string;
    operation: string;
    estimate: Money | undefined;
  }): void {
    const { estimate } = context;
    if (!estimate) return;
    for (const budget of this.budgets) {
      if (budget.limit.currency !== estimate.currency) continue;
      if (budget.provider && budget.provider !== context.provider) continue;
      if (budget.kind && budget.kind !== context.kind) continue;
      const from = periodStart(budget.period, this.now());
      let spent = 0;
      for (const r of this.records) {
        const m = r.actual ?? r.estimated;
        if (!m || m.currency !== estimate.currency || r.time < from) continue;
        if (budget.provider && r.provider !== budget.provider) continue;
        if (budget.kind && r.kind !== budget.kind) continue;
        spent += m.amount;
      }
      if (spent + estimate.amount > budget.limit.amount) {
        const scope = [budget.kind, budget.provider].filter(Boolean).join('/') || 'all operations';
        throw new BudgetExceededError(
          `${context.provider}.${context.operation}: refused before sending: it would cost about ${formatMinorUnits(estimate)} ${estimate.currency}, and ${scope} has spent ${formatMinorUnits({ amount: spent, currency: estimate.currency })} of its ${budget.period === 'all' ? 'total' : budget.period === 'day' ? 'daily' : 'monthly'} budget of ${formatMinorUnits(budget.limit)} ${budget.limit.currency}. Raise the budget or wait for the next period.`,
          { provider: context.provider, operation: context.operation },
        );
      }
    }
  }

  /** Totals by provider, kind, operation or day (UTC), per currency, optionally within a time range. */
  report(
    options: { by?: 'provider' | 'kind' | 'operation' | 'day'; since?: number; until?: number } = {},
  ): CostReportRow[] {
    const by = options.by ?? 'provider';
    const rows = new Map<string, CostReportRow>();
    for (const r of this.records) {
      if (options.since !== undefined && r.time < options.since) continue;
      if (options.until !== undefined && r.time >= options.until) continue;
      const money = r.actual ?? r.estimated;
      if (!money) continue;
      const key =
        by === 'day'
          ? new Date(r.time).toISOString().slice(0, 10)
          : by === 'operation'
            ? `${r.provider}.${r.operation}`
            : r[by];
      const id = `${key}\u0000${money.currency}`;
      const row = rows.get(id) ?? {
        key,
        currency: money.currency,
        total: { amount: 0, currency: money.currency },
        operations: 0,
        estimated: 0,
      };
      row.total = { amount: row.total.amount + money.amount, currency: money.currency };
      row.operations += 1;
      if (!r.actual) row.estimated += 1;
      rows.set(id, row);
    }
    return [...rows.values()].sort(
      (a, b) => a.key.localeCompare(b.key) || a.currency.localeCompare(b.currency),
    );
  }
}
