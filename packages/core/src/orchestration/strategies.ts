import type { AnyAdapter } from '../adapters/adapter';
import type { ProviderHealth } from '../dispatch/dispatcher';
import type { Money } from '../schemas/money';

/** How a provider is chosen among several of one kind. */
export type RoutingStrategy = 'ordered' | 'least-cost' | 'round-robin' | 'least-outstanding' | 'success-rate';

/** What a strategy may look at. */
export interface RoutingContext {
  operation: string;
  input: unknown;
  adapters: ReadonlyArray<{ name: string; adapter: AnyAdapter }>;
  health(name: string): ProviderHealth | undefined;
  weights?: Readonly<Record<string, number>> | undefined;
}

/** Whether the adapter implements and advertises `operation`. */
export function supports(adapter: AnyAdapter, operation: string): boolean {
  const advertised = (adapter.capabilities.operations as Record<string, boolean | undefined>)[operation];
  return (
    typeof (adapter as unknown as Record<string, unknown>)[operation] === 'function' && advertised !== false
  );
}

/** Estimated cost of the operation at this adapter, or undefined when it has no estimate. */
export function estimateCost(adapter: AnyAdapter, operation: string, input: unknown): Money | undefined {
  try {
    return adapter.costModel?.estimate?.(operation, input);
  } catch {
    return undefined;
  }
}

/**
 * Smooth weighted round-robin (the nginx algorithm): over any window each provider is picked in
 * proportion to its weight, without bursts. One instance keeps the state for one pool.
 */
export class WeightedRoundRobin {
  private readonly current = new Map<string, number>();

  /** Picks the next name from `names` with `weights` (default 1 each). */
  next(names: readonly string[], weights: Readonly<Record<string, number>> = {}): string | undefined {
    let best: string | undefined;
    let total = 0;
    for (const name of names) {
      const weight = Math.max(0, weights[name] ?? 1);
      total += weight;
      const value = (this.current.get(name) ?? 0) + weight;
      this.current.set(name, value);
      if (best === undefined || value > (this.current.get(best) ?? 0)) best = name;
    }
    if (best !== undefined) this.current.set(best, (this.current.get(best) ?? 0) - total);
    return best;
  }
}

/**
 * Orders the candidates for one operation by the strategy. Providers that lack the capability are
 * removed; providers whose circuit is open go last (they would be refused at once), so a failover
 * chain tries healthy ones first.
 */
export function orderCandidates(
  strategy: RoutingStrategy,
  context: RoutingContext,
  roundRobin?: WeightedRoundRobin,
): string[] {
  const capable = context.adapters.filter(({ adapter }) => supports(adapter, context.operation));
  const names = capable.map((c) => c.name);
  const open = (name: string) => context.health(name)?.circuit === 'open';
  let ordered: string[];
  switch (strategy) {
    case 'ordered':
      ordered = names;
      break;
    case 'least-cost': {
      const priced = capable.map(({ name, adapter }, index) => ({
        name,
        index,
        cost: estimateCost(adapter, context.operation, context.input),
      }));
      const currency = priced.find((p) => p.cost)?.cost?.currency;
      ordered = priced
        .sort((a, b) => {
          const ac = a.cost && a.cost.currency === currency ? a.cost.amount : Number.POSITIVE_INFINITY;
          const bc = b.cost && b.cost.currency === currency ? b.cost.amount : Number.POSITIVE_INFINITY;
          return ac - bc || a.index - b.index;
        })
        .map((p) => p.name);
      break;
    }
    case 'round-robin': {
      const first =
        (roundRobin ?? new WeightedRoundRobin()).next(
          names.filter((n) => !open(n)),
          context.weights,
        ) ?? names[0];
      ordered = first === undefined ? names : [first, ...names.filter((n) => n !== first)];
      break;
    }
    case 'least-outstanding':
      ordered = [...names].sort(
        (a, b) => (context.health(a)?.inFlight ?? 0) - (context.health(b)?.inFlight ?? 0),
      );
      break;
    case 'success-rate':
      ordered = [...names].sort((a, b) => {
        const ha = context.health(a);
        const hb = context.health(b);
        const rate = (hb?.successRate ?? 1) - (ha?.successRate ?? 1);
        return Math.abs(rate) > 0.05 ? rate : (ha?.meanLatencyMs ?? 0) - (hb?.meanLatencyMs ?? 0);
      });
      break;
  }
  return [...ordered.filter((n) => !open(n)), ...ordered.filter(open)];
}
