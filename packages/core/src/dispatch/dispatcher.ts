import { type AnyAdapter, adapterName } from '../adapters/adapter';
import { operationSpec } from '../adapters/operations';
import { supports } from '../orchestration/strategies';
import type { CostLedger } from '../costs/cost-ledger';
import { normalizeError } from '../errors/from-http-status';
import { type InfraFabricError, NotSupportedError, ValidationError } from '../errors/infrafabric-error';
import { CircuitBreaker, type CircuitState } from '../policies/circuit-breaker';
import { type CallPolicies, mergePolicies } from '../policies/policy-options';
import { type PolicyRunInfo, type ProviderPolicyState, runWithPolicies } from '../policies/run-with-policies';
import { TokenBucket } from '../policies/token-bucket';
import { scrubErrorSecrets } from '../registry/secrets';
import type { Money } from '../schemas/money';
import { parseInput, parseInputOnce } from '../schemas/validate';
import type { AuditEntry, AuditRecord } from '../witness/audit-entry';
import { inputDigest, sharesObjectsWith } from '../witness/input-digest';
import { redactedCanonicalJson } from '../witness/canonical-json';
import { sha256Hex } from '../witness/hash-chain';
import { operationSubscribed, publishOperation, recordSpan, spansEnabled } from '../witness/telemetry';
import { AuditWriteError, type Witness } from '../witness/witness';
import type { OperationCommand } from './command';

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

let lastIsoMs = Number.NaN;
let lastIso = '';

/** ISO 8601 text of an epoch-ms time; operations within the same millisecond share one string. */
function isoTime(ms: number): string {
  if (ms !== lastIsoMs) {
    lastIsoMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

/** What the audit record of a finished operation is made from. */
interface FinishedOperation {
  command: OperationCommand;
  /** The validated input (its digest goes into the record). */
  input: unknown;
  /** Its redacted canonical JSON, taken when the call ended if the caller could still change it. */
  inputSnapshot: string | undefined;
  error: InfraFabricError | undefined;
  estimate: Money | undefined;
  cost: Money | undefined;
  /** Epoch ms at which the operation finished. */
  finished: number;
  attempts: number;
  latencyMs: number;
}

/** The audit record of a finished operation (computes the input digest). */
function auditRecordOf(done: FinishedOperation): AuditRecord {
  const { command, error } = done;
  return {
    time: isoTime(done.finished),
    traceId: command.traceId ?? command.id,
    commandId: command.id,
    kind: command.kind,
    provider: command.provider,
    operation: command.operation,
    inputDigest: done.inputSnapshot === undefined ? inputDigest(done.input) : sha256Hex(done.inputSnapshot),
    idempotencyKey: command.idempotencyKey,
    outcome: error ? 'error' : 'ok',
    errorCode: error?.code,
    providerCode: error?.providerCode,
    attempts: done.attempts,
    latencyMs: done.latencyMs,
    estimatedCost: done.estimate,
    cost: error ? undefined : done.cost,
  };
}

/** How many recent operations success rate and latency are computed over. */
const HEALTH_WINDOW = 100;

interface ProviderStats {
  successes: number;
  failures: number;
  /** Ring buffers of the last HEALTH_WINDOW outcomes (1 = ok) and latencies. */
  recentOk: Uint8Array;
  recentLatency: Float64Array;
  recentCount: number;
  recentNext: number;
  inFlight: number;
}

function newStats(): ProviderStats {
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

/** A registered adapter with its merged policies, policy state and health statistics. */
interface ProviderSlot {
  adapter: AnyAdapter;
  policies: CallPolicies;
  state: ProviderPolicyState;
  stats: ProviderStats;
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
   * resolving with the outcome: one async layer fewer on the hot path.
   */
  private async execute<T>(
    command: OperationCommand,
    options: DispatchOptions,
    unwrap: boolean,
  ): Promise<OperationOutcome<T> | T> {
    const now = this.context.now ?? Date.now;
    const started = now();
    const startedPerf = performance.now();
    if (this.context.emit && this.context.listening?.('start') !== false)
      this.context.emit('start', { command });
    const info: PolicyRunInfo = { attempts: 0 };
    let estimate: Money | undefined;
    let cost: Money | undefined;
    let value: T | undefined;
    let error: InfraFabricError | undefined;
    let input: unknown = command.input;
    const slot = this.slots.get(command.provider);
    const stats = slot?.stats;
    if (stats) stats.inFlight += 1;
    try {
      if (!slot) {
        throw new ValidationError(
          `No adapter named "${command.provider}" on this bus. Add it with bus.use(...) (registered: ${[...this.slots.keys()].join(', ') || 'none'}).`,
          { provider: command.provider, operation: command.operation, field: 'provider', rule: 'registered' },
        );
      }
      const adapter = slot.adapter;
      if (adapter.kind !== command.kind) {
        throw new ValidationError(
          `"${command.provider}" is a ${adapter.kind} adapter, not ${command.kind}.`,
          {
            provider: command.provider,
            operation: command.operation,
            field: 'kind',
            rule: 'kind_match',
          },
        );
      }
      const spec = operationSpec(command.kind, command.operation);
      if (!spec) {
        throw new ValidationError(`${command.kind} adapters have no operation "${command.operation}".`, {
          provider: command.provider,
          operation: command.operation,
          field: 'operation',
          rule: 'known_operation',
        });
      }
      if (!supports(adapter, command.operation)) {
        throw new NotSupportedError(undefined, { provider: command.provider, operation: command.operation });
      }
      const method = (adapter as unknown as Record<string, unknown>)[command.operation];
      // An adapter that never changes its input gets the validated value as is (no second parse).
      input = (adapter.inputIsReadOnly === true ? parseInputOnce : parseInput)(spec.input, command.input, {
        provider: command.provider,
        operation: command.operation,
        path: 'input',
      });
      const idempotencyKey = spec.mutating
        ? (command.idempotencyKey ?? command.id) // one key per logical operation: the command id
        : command.idempotencyKey;
      command.idempotencyKey = idempotencyKey;
      estimate = adapter.costModel?.estimate?.(command.operation, input);
      this.context.costs.checkBudgets({
        kind: command.kind,
        provider: command.provider,
        operation: command.operation,
        estimate,
      });
      value = await runWithPolicies(
        ({ signal }) =>
          (method as (i: unknown, o: unknown) => Promise<T>).call(adapter, input, { signal, idempotencyKey }),
        {
          provider: command.provider,
          operation: command.operation,
          policies: options.policies ? mergePolicies(slot.policies, options.policies) : slot.policies,
          state: slot.state,
          signal: options.signal,
          retrySafe: (e) =>
            !spec.mutating || !e.outcomeUnknown || adapter.capabilities.idempotencyKeys === true,
          info,
        },
      );
      cost = adapter.costModel?.actual?.(command.operation, input, value);
    } catch (raw) {
      error = normalizeError(raw, { provider: command.provider, operation: command.operation });
      scrubErrorSecrets(error); // message, stack and the wrapped cause chain
    } finally {
      if (stats) stats.inFlight -= 1;
    }
    const latencyMs = Math.round((performance.now() - startedPerf) * 1000) / 1000;
    if (stats) {
      if (error) stats.failures += 1;
      else stats.successes += 1;
      stats.recentOk[stats.recentNext] = error ? 0 : 1;
      stats.recentLatency[stats.recentNext] = latencyMs;
      stats.recentNext = (stats.recentNext + 1) % HEALTH_WINDOW;
      if (stats.recentCount < HEALTH_WINDOW) stats.recentCount += 1;
    }
    const finished = now();
    const attempts = Math.max(1, info.attempts);
    if (spansEnabled()) {
      recordSpan(
        {
          kind: command.kind,
          provider: command.provider,
          operation: command.operation,
          traceId: command.traceId ?? command.id,
          attempts,
          errorCode: error?.code,
          outcome: error ? 'error' : 'ok',
          latencyMs,
        },
        started,
      );
    }
    const { witness } = this.context;
    // Nobody waits for the entry (no 'end' listener or channel subscriber) and it only goes to
    // memory: the digest and hash are computed in a batch after the caller has its result.
    const batched = witness.batchable && this.context.listening?.('end') === false && !operationSubscribed();
    const done: FinishedOperation = {
      command,
      input,
      // A batched digest is taken later: snapshot now what the caller could still change.
      inputSnapshot:
        batched && sharesObjectsWith(input, command.input) ? redactedCanonicalJson(input) : undefined,
      error,
      estimate,
      cost,
      finished,
      attempts,
      latencyMs,
    };
    if (batched) {
      witness.appendSoon(auditRecordOf, done);
      this.recordCost(command, error, estimate, cost, now);
    } else {
      const appended = witness.append(auditRecordOf(done));
      // Synchronous sinks return the entry directly: no extra turn of the event loop per operation.
      let entry: AuditEntry;
      try {
        entry = appended instanceof Promise ? await appended : appended;
      } catch (raw) {
        // The provider call is done: a sink that failed to store the entry must not turn the
        // outcome into a rejection (dispatchSettled never throws). It is reported instead.
        if (!(raw instanceof AuditWriteError)) throw raw;
        entry = raw.entry;
        witness.reportError(raw);
      }
      this.recordCost(command, error, estimate, cost, now);
      publishOperation(entry);
      this.context.emit?.('end', { command, entry, error, output: value });
    }
    if (unwrap) {
      if (error) throw error;
      return value as T;
    }
    if (error) return { ok: false, error, command, attempts, latencyMs };
    return { ok: true, value: value as T, command, attempts, latencyMs, cost };
  }

  private recordCost(
    command: OperationCommand,
    error: InfraFabricError | undefined,
    estimated: Money | undefined,
    actual: Money | undefined,
    now: () => number,
  ): void {
    if (error || (!estimated && !actual)) return;
    this.context.costs.record({
      time: now(),
      kind: command.kind,
      provider: command.provider,
      operation: command.operation,
      estimated,
      actual,
    });
  }
}
