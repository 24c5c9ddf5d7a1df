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
import type { ChatAdapter } from '../adapters/chat-adapter';
import type { InboundEvent, InboundMessageEvent } from '../adapters/inbound';
import { ValidationError } from '../errors/infrafabric-error';
import { AsyncQueue } from '../orchestration/async-queue';
import {
  type BroadcastOptions,
  type BroadcastResult,
  type BroadcastTarget,
  broadcast,
} from '../orchestration/broadcast';
import { type FailoverOptions, type FailoverResult, runWithFailover } from '../orchestration/failover';
import type { PortableMessage } from '../orchestration/portable-message';
import { type RouteRule, Router } from '../orchestration/routing';
import {
  type PlanStep,
  type ProfileRunResult,
  type StepEvent,
  planProfile,
  runProfile,
} from '../orchestration/profile-runner';
import type { Profile } from '../orchestration/profile-schema';
import type { Money } from '../schemas/money';
import {
  type RoutingStrategy,
  WeightedRoundRobin,
  estimateCost,
  orderCandidates,
} from '../orchestration/strategies';
import { WebhookHandler, type WebhookHandlerOptions } from '../orchestration/webhook-handler';
import type { SentMessage } from '../schemas/chat';
import { preloadTelemetry } from '../witness/telemetry';
import { type AuditWriteError, Witness } from '../witness/witness';
import { scrubErrorSecrets } from '../registry/secrets';
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
  /** Inbound webhook handling (mount path, dedup store, waitUntil). */
  webhooks?: WebhookHandlerOptions;
  /** Called when processing an accepted inbound event fails (the provider is not asked to retry). */
  onInboundError?: (error: unknown) => void;
  /**
   * Called when an audit sink fails to store an entry; the operation's outcome stands. Default:
   * `console.error` of the error (secrets scrubbed).
   */
  onAuditError?: (error: AuditWriteError) => void;
  /** Clock (tests). */
  now?: () => number;
}

/** Options of {@link Bus.run}. */
export interface RunOptions extends FailoverOptions {
  /** Adapter names to choose among; all adapters of the kind when omitted. */
  via?: string[] | undefined;
  /** How to order the candidates. Default `ordered` (the `via` order). */
  strategy?: RoutingStrategy | undefined;
  /** Weights for `round-robin`. */
  weights?: Record<string, number> | undefined;
  /** Move on to the next candidate on safe errors. Default true. */
  failover?: boolean | undefined;
  /** Correlates the audit entries of a larger flow. */
  traceId?: string | undefined;
}

/** Events a Bus emits. */
export interface BusEvents extends DispatchEvents {
  /** Every verified, deduplicated inbound event (webhooks and `listen`). */
  inbound: InboundEvent;
  /** Inbound chat messages only. */
  message: InboundMessageEvent;
}

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
  private readonly inboundQueue = new AsyncQueue<InboundEvent>();
  private readonly router: Router;
  private readonly roundRobin = new Map<string, WeightedRoundRobin>();
  private readonly onInboundError: (error: unknown) => void;
  /** The Web-standard webhook endpoint: `bus.webhooks.handle(request)` → `Response`. */
  readonly webhooks: WebhookHandler;

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
    this.audit = new Witness(options.auditSinks, { onError: options.onAuditError });
    this.costs = new CostLedger(options.budgets, options.now);
    this.transport = options.transport ?? inProcessTransport;
    this.dispatcher = new Dispatcher({
      witness: this.audit,
      costs: this.costs,
      policies: options.policies,
      providerPolicies: options.providerPolicies,
      emit: (event, payload) => {
        if (event === 'end') this.rememberRouted(payload as DispatchEvents['end']);
        this.emit(event, payload as BusEvents[typeof event]);
      },
      // The router needs 'end' only while routes are active.
      listening: (event) => this.hasListeners(event) || (event === 'end' && this.router.active),
      now: options.now,
    });
    void preloadTelemetry();
    this.onInboundError =
      options.onInboundError ??
      ((error) => console.error('[infrafabric] inbound processing failed:', scrubErrorSecrets(error)));
    this.router = new Router((message, targets) => this.broadcast(message, targets));
    this.webhooks = new WebhookHandler(
      {
        adapter: (name) => this.dispatcher.adapter(name),
        deliver: (events) => this.ingest(events),
        onError: (e) => this.onInboundError(e),
      },
      options.webhooks,
    );
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

  /**
   * Sends one portable message to many chat targets across platforms, concurrently (default 8 at
   * once). Resolves with every target's outcome (sent with its id, failed or timed out with a typed
   * error, skipped with a reason) and an overall status; never rejects for a target's failure.
   *
   * @example
   * ```ts
   * const result = await bus.broadcast({ text: '**Live** in 5 minutes', format: 'markdown' }, [
   *   { provider: 'slack', chatId: 'C0123' }, { provider: 'telegram', chatId: '@studio' },
   * ]);
   * if (result.status !== 'success') console.warn(result.results.filter((r) => r.status !== 'sent'));
   * ```
   */
  broadcast(
    message: PortableMessage,
    targets: readonly BroadcastTarget[],
    options: BroadcastOptions & { traceId?: string } = {},
  ): Promise<BroadcastResult> {
    const traceId =
      options.traceId ??
      createCommand({ kind: 'chat', provider: '', operation: 'broadcast', input: null }).id;
    return broadcast(
      {
        adapter: (name) => {
          const adapter = this.dispatcher.adapter(name);
          return adapter?.kind === 'chat' ? (adapter as unknown as ChatAdapter) : undefined;
        },
        remote: this.transport !== inProcessTransport,
        send: (operation, provider, input, trace, dispatchOptions) =>
          this.dispatchSettled<SentMessage>(
            { kind: 'chat', provider, operation, input, traceId: trace },
            dispatchOptions,
          ),
      },
      message,
      targets,
      traceId,
      options,
    );
  }

  /**
   * Runs one operation on one of several providers of a kind, chosen by a strategy (`ordered`,
   * `least-cost`, `round-robin`, `least-outstanding`, `success-rate`), failing over to the next
   * candidate on errors that are safe to move on from. Payments whose outcome is unknown are
   * reconciled by reference before any other provider is tried.
   *
   * @example
   * ```ts
   * const r = await bus.run('sip', 'sendSms', { from, to, text }, { strategy: 'least-cost' });
   * if (r.ok) console.log(`sent via ${r.provider}`);
   * ```
   */
  async run<T = unknown>(
    kind: AdapterKind,
    operation: string,
    input: unknown,
    options: RunOptions = {},
  ): Promise<FailoverResult<T>> {
    const pool = (options.via ?? this.adapters(kind).map((a) => a.name ?? a.provider)).flatMap((name) => {
      const adapter = this.dispatcher.adapter(name);
      return adapter && adapter.kind === kind ? [{ name, adapter }] : [];
    });
    if (pool.length === 0) {
      throw new ValidationError(
        `No ${kind} adapter${options.via ? ` among ${options.via.join(', ')}` : ''} on this bus.`,
        { operation, field: 'via', rule: 'registered' },
      );
    }
    const strategy = options.strategy ?? 'ordered';
    const poolKey = `${kind}:${pool.map((p) => p.name).join(',')}`;
    let rr = this.roundRobin.get(poolKey);
    if (!rr) {
      rr = new WeightedRoundRobin();
      this.roundRobin.set(poolKey, rr);
    }
    const ordered = orderCandidates(
      strategy,
      {
        operation,
        input,
        adapters: pool,
        health: (name) => this.dispatcher.health(name)[0],
        weights: options.weights,
      },
      rr,
    );
    const chain = options.failover === false ? ordered.slice(0, 1) : ordered;
    if (chain.length === 0) {
      throw new ValidationError(
        `None of ${pool.map((p) => p.name).join(', ')} supports ${kind}.${operation}.`,
        { operation, field: 'operation', rule: 'capable' },
      );
    }
    return runWithFailover<T>(
      kind,
      operation,
      input,
      chain,
      {
        dispatch: (provider, op, opInput, dispatchOptions) =>
          this.dispatchSettled(
            {
              kind,
              provider,
              operation: op,
              input: opInput,
              idempotencyKey: dispatchOptions.idempotencyKey,
              traceId: options.traceId,
            },
            dispatchOptions,
          ),
      },
      options,
    );
  }

  /** Runs an operation over `providers` in order, failing over on safe errors. See {@link Bus.run}. */
  failover<T = unknown>(
    kind: AdapterKind,
    operation: string,
    input: unknown,
    providers: string[],
    options: FailoverOptions = {},
  ): Promise<FailoverResult<T>> {
    return this.run<T>(kind, operation, input, { ...options, via: providers, strategy: 'ordered' });
  }

  /**
   * The unified inbox: every inbound event from every platform (webhooks and `listen`), as an async
   * iterator, until `signal` aborts or the bus closes.
   */
  inbox(signal?: AbortSignal): AsyncGenerator<InboundEvent> {
    return this.inboundQueue.read(signal);
  }

  /**
   * Forwards inbound messages between platforms, e.g. urgent WhatsApp messages to Telegram and
   * Slack. Messages the bus itself sent and bot messages are never forwarded (loop protection).
   * Returns a function that removes the rule.
   */
  route(rule: RouteRule): () => void {
    return this.router.add(rule);
  }

  /**
   * Consumes an adapter's `receive()` stream (long polling or a gateway) into the inbox until
   * `signal` aborts. Resolves when the stream ends.
   */
  async listen(name: string, signal?: AbortSignal): Promise<void> {
    const adapter = this.dispatcher.adapter(name) as
      | { receive?: (o: { signal?: AbortSignal }) => AsyncIterable<InboundEvent> }
      | undefined;
    if (!adapter || typeof adapter.receive !== 'function') {
      throw new ValidationError(`"${name}" has no receive() stream; use webhooks for it.`, {
        provider: name,
        operation: 'receive',
        field: 'provider',
        rule: 'capable',
      });
    }
    for await (const event of adapter.receive({ signal }))
      await this.ingest([event.provider === name ? event : { ...event, provider: name }]);
  }

  /** Delivers verified events to listeners, the inbox and routing rules. Webhooks and `listen` call this. */
  async ingest(events: InboundEvent[]): Promise<void> {
    for (const event of events) {
      this.emit('inbound', event);
      if (event.type === 'message') this.emit('message', event);
      this.inboundQueue.push(event);
      await this.router.dispatch(event);
    }
  }

  /**
   * Runs a parsed profile (see `parseProfile`): independent steps in parallel, per-step retries,
   * compensation of completed steps when a later one fails. Progress arrives through `onEvent`.
   */
  orchestrate(
    profile: Profile,
    options: { onEvent?: (event: StepEvent) => void; traceId?: string } = {},
  ): Promise<ProfileRunResult> {
    return runProfile(profile, this, {
      ...options,
      traceId:
        options.traceId ??
        createCommand({ kind: 'chat', provider: '', operation: 'profile', input: null }).id,
    });
  }

  /** What a profile would run, wave by wave, with estimated costs; calls nothing. */
  plan(profile: Profile): PlanStep[] {
    return planProfile(profile, this);
  }

  /** The adapter's cost estimate for an operation, when it has a cost model. */
  estimate(_kind: AdapterKind, provider: string, operation: string, input: unknown): Money | undefined {
    const adapter = this.dispatcher.adapter(provider);
    return adapter ? estimateCost(adapter, operation, input) : undefined;
  }

  /** Circuit state, success rate and latency per provider. */
  health(provider?: string): ProviderHealth[] {
    return this.dispatcher.health(provider);
  }

  /** Remembers messages the router sent, so a route never forwards its own output (loop protection). */
  private rememberRouted({ command, output, error }: DispatchEvents['end']): void {
    if (
      !this.router.active ||
      error ||
      command.kind !== 'chat' ||
      (command.operation !== 'sendMessage' && command.operation !== 'sendMedia')
    )
      return;
    const sent = output as SentMessage | undefined;
    if (sent?.id) this.router.rememberSent(command.provider, sent.chatId, sent.id);
  }

  /** Closes the transport, the audit sinks and every adapter that holds resources. */
  async close(): Promise<void> {
    this.inboundQueue.close();
    await this.transport.close?.();
    for (const adapter of this.dispatcher.list()) await adapter.close?.();
    await this.audit.close();
  }

  private facade(kind: AdapterKind): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const operation of Object.keys(OPERATION_SPECS[kind])) {
      if (operation === 'check') continue;
      out[operation] = (provider: string, input?: unknown, options?: DispatchOptions) => {
        if (this.transport !== inProcessTransport)
          return this.dispatch({ kind, provider, operation, input: input ?? {} }, options);
        // In process: straight to the dispatcher, one async layer fewer on the hot path.
        return this.dispatcher.dispatch(
          createCommand({ kind, provider, operation, input: input ?? {} }),
          options,
        );
      };
    }
    for (const [alias, operation] of Object.entries(FACADE_ALIASES[kind])) out[alias] = out[operation];
    return out;
  }
}
