import type { AnyAdapter } from '../adapters/adapter';
import { type OperationSpec, operationSpec } from '../adapters/operations';
import { normalizeError } from '../errors/from-http-status';
import { type InfraFabricError, NotSupportedError, ValidationError } from '../errors/infrafabric-error';
import { supports } from '../orchestration/strategies';
import { type CallPolicies, mergePolicies } from '../policies/policy-options';
import {
  type AttemptContext,
  type PolicyRunTarget,
  type ProviderPolicyState,
  startPolicyRun,
} from '../policies/run-with-policies';
import { scrubErrorSecrets } from '../registry/secrets';
import type { Money } from '../schemas/money';
import { parseInput, parseInputOnce } from '../schemas/validate';
import type { AuditEntry, AuditRecord } from '../witness/audit-entry';
import { redactedCanonicalJson } from '../witness/canonical-json';
import { sha256Hex } from '../witness/hash-chain';
import { inputDigest, sharesObjectsWith } from '../witness/input-digest';
import { operationSubscribed, publishOperation, recordSpan, spansEnabled } from '../witness/telemetry';
import { AuditWriteError } from '../witness/witness';
import type { OperationCommand } from './command';
import type { DispatchOptions, DispatcherContext, OperationOutcome } from './dispatcher';
import { type ProviderSlot, recordOutcome } from './provider-slot';

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

const NO_POLICY_STATE: ProviderPolicyState = {};

/**
 * One dispatched command from start to settlement: it checks and validates the command, runs the
 * adapter call under the provider's policies (it is the policy run's target, so the call's outcome
 * arrives here with no promise in between), then records health, cost and the audit entry and
 * settles the caller's promise. One object per call holds all of it; the audit batch gets only a
 * small record of what the entry is made from (not the output or the caller's promise).
 */
export class DispatchRun<T> implements PolicyRunTarget<T> {
  private input: unknown;
  private error: InfraFabricError | undefined;
  private estimate: Money | undefined;
  private cost: Money | undefined;
  private attempts = 0;
  private latencyMs = 0;
  readonly provider: string;
  readonly operation: string;
  readonly signal: AbortSignal | undefined;
  policies: CallPolicies = {};
  state: ProviderPolicyState = NO_POLICY_STATE;
  private value: T | undefined;
  private adapter: AnyAdapter | undefined;
  private spec: OperationSpec | undefined;
  private method: ((input: unknown, options: unknown) => Promise<T>) | undefined;
  private idempotencyKey: string | undefined;
  private readonly startedPerf: number;
  /** Counted in the provider's `inFlight` until the call is over. */
  private counted = false;
  /** The call is finishing or finished: nothing may finish or settle it again. */
  private over = false;

  constructor(
    private readonly context: DispatcherContext,
    private readonly slot: ProviderSlot | undefined,
    readonly command: OperationCommand,
    private readonly options: DispatchOptions,
    /** Settle with the output or the error (`dispatch`) instead of the outcome (`dispatchSettled`). */
    private readonly unwrap: boolean,
    private readonly resolve: (result: OperationOutcome<T> | T) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    this.provider = command.provider;
    this.operation = command.operation;
    this.signal = options.signal;
    this.input = command.input;
    this.startedPerf = performance.now();
  }

  /**
   * Validates the command before any I/O, checks capability and budgets, fixes the idempotency key
   * (one per logical operation: the command id), then starts the policy-wrapped call.
   * `registered` names the adapters on the bus, for the error when none has this name.
   */
  start(registered: () => string[]): void {
    const { command, slot, context } = this;
    if (slot) {
      slot.stats.inFlight += 1;
      this.counted = true;
    }
    try {
      if (!slot) {
        throw new ValidationError(
          `No adapter named "${command.provider}" on this bus. Add it with bus.use(...) (registered: ${registered().join(', ') || 'none'}).`,
          { provider: command.provider, operation: command.operation, field: 'provider', rule: 'registered' },
        );
      }
      const adapter = slot.adapter;
      if (adapter.kind !== command.kind) {
        throw new ValidationError(
          `"${command.provider}" is a ${adapter.kind} adapter, not ${command.kind}.`,
          { provider: command.provider, operation: command.operation, field: 'kind', rule: 'kind_match' },
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
      this.adapter = adapter;
      this.spec = spec;
      this.method = (adapter as unknown as Record<string, DispatchRun<T>['method']>)[command.operation];
      // An adapter that never changes its input gets the validated value as is (no second parse).
      const input = (adapter.inputIsReadOnly === true ? parseInputOnce : parseInput)(
        spec.input,
        command.input,
        { provider: command.provider, operation: command.operation, path: 'input' },
      );
      this.input = input;
      const idempotencyKey = spec.mutating ? (command.idempotencyKey ?? command.id) : command.idempotencyKey;
      command.idempotencyKey = idempotencyKey;
      this.idempotencyKey = idempotencyKey;
      this.estimate = adapter.costModel?.estimate?.(command.operation, input);
      context.costs.checkBudgets({
        kind: command.kind,
        provider: command.provider,
        operation: command.operation,
        estimate: this.estimate,
      });
      this.policies = this.options.policies
        ? mergePolicies(slot.policies, this.options.policies)
        : slot.policies;
      this.state = slot.state;
      startPolicyRun(this);
    } catch (raw) {
      this.fail(raw);
    }
  }

  /** One attempt: the adapter's method with the validated input (called by the policy run). */
  attempt({ signal }: AttemptContext): Promise<T> {
    return (this.method as NonNullable<DispatchRun<T>['method']>).call(this.adapter, this.input, {
      signal,
      idempotencyKey: this.idempotencyKey,
    });
  }

  /**
   * Whether a failed attempt may run again: not a mutating call whose outcome is unknown at a
   * provider without idempotency keys (it might have been carried out).
   */
  retrySafe(error: InfraFabricError): boolean {
    return (
      this.spec?.mutating !== true ||
      !error.outcomeUnknown ||
      this.adapter?.capabilities.idempotencyKeys === true
    );
  }

  /** The policy run's outcome. */
  settled(error: InfraFabricError | undefined, value: T | undefined, attempts: number): void {
    if (this.over) return;
    this.attempts = attempts;
    if (error) {
      this.fail(error);
      return;
    }
    this.value = value;
    try {
      this.cost = this.adapter?.costModel?.actual?.(this.operation, this.input, value);
    } catch (raw) {
      this.fail(raw);
      return;
    }
    this.finish();
  }

  private fail(raw: unknown): void {
    if (this.over) return;
    try {
      const error = normalizeError(raw, { provider: this.provider, operation: this.operation });
      scrubErrorSecrets(error); // message, stack and the wrapped cause chain
      this.error = error;
    } catch (unexpected) {
      this.abandon(unexpected);
      return;
    }
    this.finish();
  }

  /** Health, span, audit entry, cost record, `end` event; then settles the caller's promise. */
  private finish(): void {
    if (this.over) return;
    this.over = true;
    try {
      this.record();
    } catch (unexpected) {
      this.abandon(unexpected);
    }
  }

  /** Something unexpected failed while finishing: the call is over and rejects with it. */
  private abandon(unexpected: unknown): void {
    this.release();
    this.over = true;
    this.reject(unexpected);
  }

  /** Takes the call out of the provider's `inFlight` count (once). */
  private release(): void {
    if (!this.counted || !this.slot) return;
    this.counted = false;
    this.slot.stats.inFlight -= 1;
  }

  private record(): void {
    const { context, command, error, slot } = this;
    const latencyMs = Math.round((performance.now() - this.startedPerf) * 1000) / 1000;
    this.latencyMs = latencyMs;
    this.release();
    if (slot) recordOutcome(slot.stats, error === undefined, latencyMs);
    const finished = (context.now ?? Date.now)();
    this.attempts = Math.max(1, this.attempts);
    if (spansEnabled()) {
      recordSpan(
        {
          kind: command.kind,
          provider: command.provider,
          operation: command.operation,
          traceId: command.traceId ?? command.id,
          attempts: this.attempts,
          errorCode: error?.code,
          outcome: error ? 'error' : 'ok',
          latencyMs,
        },
        finished - latencyMs,
      );
    }
    const { witness } = context;
    const done: FinishedOperation = {
      command,
      input: this.input,
      inputSnapshot: undefined,
      error,
      estimate: this.estimate,
      cost: this.cost,
      finished,
      attempts: this.attempts,
      latencyMs,
    };
    // Nobody waits for the entry (no 'end' listener or channel subscriber) and it only goes to
    // memory: the digest and hash are computed in a batch after the caller has its result. The
    // batch holds only what the record is made of (not the output or the caller's promise).
    if (witness.batchable && context.listening?.('end') === false && !operationSubscribed()) {
      // A batched digest is taken later: snapshot now what the caller could still change.
      if (sharesObjectsWith(this.input, command.input))
        done.inputSnapshot = redactedCanonicalJson(this.input);
      witness.appendOwnedSoon(auditRecordOf, done);
      this.recordCost();
      this.settle();
      return;
    }
    const appended = witness.append(auditRecordOf(done));
    // Synchronous sinks return the entry directly: no extra turn of the event loop per operation.
    if (appended instanceof Promise) {
      appended.then(
        (entry) => this.afterAudit(entry),
        (raw: unknown) => this.auditFailed(raw),
      );
    } else this.afterAudit(appended);
  }

  /**
   * The provider call is done: a sink that failed to store the entry must not turn the outcome
   * into a rejection (dispatchSettled never throws). It is reported instead.
   */
  private auditFailed(raw: unknown): void {
    if (!(raw instanceof AuditWriteError)) {
      this.abandon(raw);
      return;
    }
    this.context.witness.reportError(raw);
    this.afterAudit(raw.entry);
  }

  private afterAudit(entry: AuditEntry): void {
    try {
      this.recordCost();
      publishOperation(entry);
      this.context.emit?.('end', { command: this.command, entry, error: this.error, output: this.value });
      this.settle();
    } catch (unexpected) {
      this.abandon(unexpected);
    }
  }

  private recordCost(): void {
    const { error, estimate, cost, command } = this;
    if (error || (!estimate && !cost)) return;
    this.context.costs.record({
      time: (this.context.now ?? Date.now)(),
      kind: command.kind,
      provider: command.provider,
      operation: command.operation,
      estimated: estimate,
      actual: cost,
    });
  }

  private settle(): void {
    const { error, command, attempts, latencyMs } = this;
    if (this.unwrap) {
      if (error) this.reject(error);
      else this.resolve(this.value as T);
    } else if (error) this.resolve({ ok: false, error, command, attempts, latencyMs });
    else this.resolve({ ok: true, value: this.value as T, command, attempts, latencyMs, cost: this.cost });
  }
}
