import type { AnyAdapter } from '../adapters/adapter';
import type { CallPolicies } from '../policies/policy-options';
import type { ProviderPolicyState } from '../policies/run-with-policies';

/** How many recent operations success rate and latency are computed over. */
export const HEALTH_WINDOW = 100;

/** Running health statistics of one provider. */
export interface ProviderStats {
  successes: number;
  failures: number;
  /** Ring buffers of the last HEALTH_WINDOW outcomes (1 = ok) and latencies. */
  recentOk: Uint8Array;
  recentLatency: Float64Array;
  recentCount: number;
  recentNext: number;
  inFlight: number;
}

/** Empty statistics. */
export function newStats(): ProviderStats {
  return {
    successes: 0,
    failures: 0,
    recentOk: new Uint8Array(HEALTH_WINDOW),
    recentLatency: new Float64Array(HEALTH_WINDOW),
    recentCount: 0,
    recentNext: 0,
    inFlight: 0,
  };
}

/** Counts one finished operation. */
export function recordOutcome(stats: ProviderStats, ok: boolean, latencyMs: number): void {
  if (ok) stats.successes += 1;
  else stats.failures += 1;
  stats.recentOk[stats.recentNext] = ok ? 1 : 0;
  stats.recentLatency[stats.recentNext] = latencyMs;
  stats.recentNext = (stats.recentNext + 1) % HEALTH_WINDOW;
  if (stats.recentCount < HEALTH_WINDOW) stats.recentCount += 1;
}

/** A registered adapter with its merged policies, policy state and health statistics. */
export interface ProviderSlot {
  adapter: AnyAdapter;
  policies: CallPolicies;
  state: ProviderPolicyState;
  stats: ProviderStats;
}
