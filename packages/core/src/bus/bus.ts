import type { AdapterKind, AnyAdapter } from '../adapters/adapter';
import { OPERATION_SPECS } from '../adapters/operations';
import { type Budget, CostLedger } from '../costs/cost-ledger';
import { createCommand, type OperationCommand } from '../dispatch/command';
import {
  type DispatchEvents,
  type DispatchOptions,
  Dispatcher,
  type OperationOutcome,
  type ProviderHealth,
} from '../dispatch/dispatcher';
import { TypedEmitter } from '../dispatch/events';
import type { CallPolicies } from '../policies/policy-options';
import type { AuditSink } from '../witness/audit-entry';
import { preloadTelemetry } from '../witness/telemetry';
import { Witness } from '../witness/witness';
import {
  type ChatFacade,
  type CloudFacade,
  type DeviceFacade,
  FACADE_ALIASES,
  type PaymentFacade,
  type ProductionFacade,
  type SipFacade,
} from './facades';

/**
 * Carries commands to where they execute. The default runs them in this process; a durable
 * transport (e.g. BullMQ) runs them on workers.
 */
export interface Transport {
  execute<T>(
    command: OperationCommand,
    options: DispatchOptions,
    local: Dispatcher,
  ): Promise<OperationOutcome<T>>;
  close?(): Promise<void>;
}

/** Runs every command in this process. */
export const inProcessTransport: Transport = {
  execute: (command, options, local) => local.dispatchSettled(command, options),
};

/** Options of {@link Bus}. */
export interface BusOptions {
  /** Adapters to start with (same as calling `use`). */
  adapters?: AnyAdapter[];
  /** Policies for every provider. */
  policies?: CallPolicies;
  /** Policies per adapter name, over the bus-wide ones. */
  providerPolicies?: Record<string, CallPolicies>;
  /** Audit sinks; an in-memory ring buffer by default. */
  auditSinks?: AuditSink[];
  /** Spending limits checked before each operation. */
  budgets?: Budget[];
  transport?: Transport;
  /** Clock (tests). */
  now?: () => number;
}

/** Events a Bus emits. */
export type BusEvents = DispatchEvents;

/**
 * The Bus: one place to dispatch operations to any registered adapter, with call policies
 * (timeouts, retries, rate limits, circuit breakers), idempotency keys, a hash-chained audit log
 * and cost accounting applied to every call.
 *
 * @example
 * ```ts
 * const bus = new Bus({ budgets: [{ limit: { amount: 5000, currency: 'USD' }, period: 'day' }] });
 * bus.use(createSlack({ token }), createStripe({ apiKey }));
 * await bus.chat.send('slack', { to: { chatId: 'C0123' }, text: 'Deploy finished' });
 * const payment = await bus.payment.charge('stripe', { amount: { amount: 1999, currency: 'GBP' }, paymentMethod: 'pm_card_visa' });
 * console.log(await bus.audit.verify(), bus.costs.report());
 * ```
 */
export class Bus extends TypedEmitter<BusEvents> {
  /** The audit log. */
  readonly audit: Witness;
  /** Cost records, reports and budgets. */
  readonly costs: CostLedger;
  /** The in-process dispatcher. */
  readonly dispatcher: Dispatcher;
  private readonly transport: Transport;

  /** Chat operations, e.g. `bus.chat.send('slack', {...})`. */
  readonly chat: ChatFacade;
  /** Cloud operations, e.g. `bus.cloud.provision('aws', spec)`. */
  readonly cloud: CloudFacade;
  /** Voice/SMS operations, e.g. `bus.sip.sms('twilio', {...})`. */
  readonly sip: SipFacade;
  /** Payment operations, e.g. `bus.payment.charge('stripe', {...})`. */
  readonly payment: PaymentFacade;
  /** Switcher operations, e.g. `bus.production.scene('obs', { scene: 'Live' })`. */
  readonly production: ProductionFacade;
  /** Device-hub operations, e.g. `bus.device.callService('home', {...})`. */
  readonly device: DeviceFacade;

  constructor(options: BusOptions = {}) {
    super();
    this.audit = new Witness(options.auditSinks);
    this.costs = new CostLedger(options.budgets, options.now);
    this.transport = options.transport ?? inProcessTransport;
    this.dispatcher = new Dispatcher({
      witness: this.audit,
      costs: this.costs,
      policies: options.policies,
      providerPolicies: options.providerPolicies,
      emit: (event, payload) => this.emit(event, payload),
      now: options.now,
    });
    void preloadTelemetry();
    this.chat = this.facade('chat') as ChatFacade;
    this.cloud = this.facade('cloud') as CloudFacade;
    this.sip = this.facade('sip') as SipFacade;
    this.payment = this.facade('payment') as PaymentFacade;
    this.production = this.facade('production') as ProductionFacade;
    this.device = this.facade('device') as DeviceFacade;
    if (options.adapters) this.use(...options.adapters);
  }

  /** Adds adapters, addressed by their `name` (or `provider`). Returns the bus for chaining. */
  use(...adapters: AnyAdapter[]): this {
    for (const adapter of adapters) this.dispatcher.register(adapter);
    return this;
  }

  /** Registered adapters, optionally of one kind. */
  adapters(kind?: AdapterKind): AnyAdapter[] {
    return this.dispatcher.list().filter((a) => !kind || a.kind === kind);
  }

  /** Dispatches one command and returns its output (or throws its InfraFabric error). */
  async dispatch<T = unknown>(
    command: Omit<OperationCommand, 'id'> & { id?: string },
    options: DispatchOptions = {},
  ): Promise<T> {
    const outcome = await this.dispatchSettled<T>(command, options);
    if (outcome.ok) return outcome.value;
    throw outcome.error;
  }

  /** Dispatches one command and resolves with its outcome, success or failure; never throws. */
  dispatchSettled<T = unknown>(
    command: Omit<OperationCommand, 'id'> & { id?: string },
    options: DispatchOptions = {},
  ): Promise<OperationOutcome<T>> {
    return this.transport.execute<T>(createCommand(command), options, this.dispatcher);
  }

  /** Circuit state, success rate and latency per provider. */
  health(provider?: string): ProviderHealth[] {
    return this.dispatcher.health(provider);
  }

  /** Closes the transport, the audit sinks and every adapter that holds resources. */
  async close(): Promise<void> {
    await this.transport.close?.();
    for (const adapter of this.dispatcher.list()) await adapter.close?.();
    await this.audit.close();
  }

  private facade(kind: AdapterKind): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const operation of Object.keys(OPERATION_SPECS[kind])) {
      if (operation === 'check') continue;
      out[operation] = (provider: string, input?: unknown, options?: DispatchOptions) =>
        this.dispatch({ kind, provider, operation, input: input ?? {} }, options);
    }
    for (const [alias, operation] of Object.entries(FACADE_ALIASES[kind])) out[alias] = out[operation];
    return out;
  }
}
