import { type AnyAdapter, adapterName } from '../adapters/adapter';
import type { CostLedger } from '../costs/cost-ledger';
import type { InfraFabricError } from '../errors/infrafabric-error';
import { CircuitBreaker, type CircuitState } from '../policies/circuit-breaker';
import { type CallPolicies, mergePolicies } from '../policies/policy-options';
import { TokenBucket } from '../policies/token-bucket';
import type { Money } from '../schemas/money';
import type { AuditEntry } from '../witness/audit-entry';
import type { Witness } from '../witness/witness';
import type { OperationCommand } from './command';
import { DispatchRun } from './dispatch-run';
import { type ProviderSlot, newStats } from './provider-slot';

/** Per-call dispatch options. */
export interface DispatchOptions {
  signal?: AbortSignal | undefined;
  /** Overrides for this call only. */
  policies?: CallPolicies | undefined;
}

/** The settled result of one dispatched command. */
export type OperationOutcome<T = unknown> =
  | {
      ok: true;
      value: T;
      command: OperationCommand;
      attempts: number;
      latencyMs: number;
      cost?: Money | undefined;
    }
  | { ok: false; error: InfraFabricError; command: OperationCommand; attempts: number; latencyMs: number };

/** Health of one provider on a bus. */
export interface ProviderHealth {
  provider: string;
  circuit: CircuitState;
  successes: number;
  failures: number;
  /** Success share of the last (up to) 100 operations, 0..1; 1 when none yet. */
  successRate: number;
  /** Mean latency of the last (up to) 100 operations, ms. */
  meanLatencyMs: number;
  /** Commands in flight now. */
  inFlight: number;
}

/** Events the dispatcher emits. */
export interface DispatchEvents {
  /** Emitted before validation. */
  start: { command: OperationCommand };
  /** Emitted after the audit entry is written. */
  end: {
    command: OperationCommand;
    entry: AuditEntry;
    error?: InfraFabricError | undefined;
    output?: unknown;
  };
}

/** What the dispatcher needs from its owner. */
export interface DispatcherContext {
  witness: Witness;
  costs: CostLedger;
  policies?: CallPolicies | undefined;
  providerPolicies?: Record<string, CallPolicies> | undefined;
  emit?: (<E extends keyof DispatchEvents>(event: E, payload: DispatchEvents[E]) => void) | undefined;
  /** Whether anyone listens to an event (payloads are not built for nobody). Default: yes. */
  listening?: ((event: keyof DispatchEvents) => boolean) | undefined;
  now?: () => number;
}

/**
 * Executes operation commands against registered adapters: validates the input before any I/O,
 * checks capabilities and budgets, generates one idempotency key per logical operation, runs the
 * call under the provider's policies, and writes one audit entry and cost record per command.
 */
export class Dispatcher {
  /** Everything the hot path needs about a registered adapter, found with one lookup. */
  private readonly slots = new Map<string, ProviderSlot>();

  constructor(private readonly context: DispatcherContext) {}

  /** Adds an adapter under its name (`name` or `provider`). A second adapter with the same name replaces the first. */
  register(adapter: AnyAdapter): void {
    const name = adapterName(adapter);
    // Bus-wide and per-provider policies merged once (per-call ones are merged per call).
    const policies = mergePolicies(this.context.policies, this.context.providerPolicies?.[name]);
    this.slots.set(name, {
      adapter,
      policies,
      state: {
        breaker:
          policies.circuitBreaker === false
            ? undefined
            : new CircuitBreaker(name, policies.circuitBreaker, this.context.now),
        limiter: policies.rateLimit ? new TokenBucket(policies.rateLimit, this.context.now) : undefined,
      },
      stats: newStats(),
    });
  }

  /** The adapter registered under `name`. */
  adapter(name: string): AnyAdapter | undefined {
    return this.slots.get(name)?.adapter;
  }

  /** Every registered adapter. */
  list(): AnyAdapter[] {
    return [...this.slots.values()].map((slot) => slot.adapter);
  }

  /** Circuit state of a provider. */
  circuitState(name: string): CircuitState {
    return this.slots.get(name)?.state.breaker?.state ?? 'closed';
  }

  /** Health of every provider (or one). */
  health(name?: string): ProviderHealth[] {
    const names = name ? [name] : [...this.slots.keys()];
    return names.map((provider) => {
      const s = this.slots.get(provider)?.stats ?? newStats();
      let ok = 0;
      let latency = 0;
      for (let i = 0; i < s.recentCount; i++) {
        ok += s.recentOk[i] ?? 0;
        latency += s.recentLatency[i] ?? 0;
      }
      return {
        provider,
        circuit: this.circuitState(provider),
        successes: s.successes,
        failures: s.failures,
        successRate: s.recentCount === 0 ? 1 : ok / s.recentCount,
        meanLatencyMs: s.recentCount === 0 ? 0 : latency / s.recentCount,
        inFlight: s.inFlight,
      };
    });
  }

  /** Dispatches and returns the output, or throws the InfraFabric error. */
  dispatch<T = unknown>(command: OperationCommand, options: DispatchOptions = {}): Promise<T> {
    return this.execute<T>(command, options, true) as Promise<T>;
  }

  /** Dispatches and always resolves with the outcome; never throws. */
  dispatchSettled<T = unknown>(
    command: OperationCommand,
    options: DispatchOptions = {},
  ): Promise<OperationOutcome<T>> {
    return this.execute<T>(command, options, false) as Promise<OperationOutcome<T>>;
  }

  /**
   * One dispatch. `unwrap` settles with the output or throws the error (for `dispatch`) instead of
   * resolving with the outcome. The {@link DispatchRun} settles the promise straight from the
   * adapter call's settlement.
   */
  private execute<T>(
    command: OperationCommand,
    options: DispatchOptions,
    unwrap: boolean,
  ): Promise<OperationOutcome<T> | T> {
    const { context } = this;
    return new Promise<OperationOutcome<T> | T>((resolve, reject) => {
      if (context.emit && context.listening?.('start') !== false) context.emit('start', { command });
      const slot = this.slots.get(command.provider);
      new DispatchRun<T>(context, slot, command, options, unwrap, resolve, reject).start(this.names);
    });
  }

  /** The names of the registered adapters. */
  private readonly names = (): string[] => [...this.slots.keys()];
}
