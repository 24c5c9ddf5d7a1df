import type { CostModel } from '../costs/cost-model';
import type { AccountIdentity } from '../schemas/common';
import type { SpecificationVersion } from '../version';

/** The kinds of adapter InfraFabric knows. */
export type AdapterKind = 'chat' | 'cloud' | 'sip' | 'payment' | 'production' | 'device';

/** All adapter kinds, in a stable order. */
export const ADAPTER_KINDS: readonly AdapterKind[] = [
  'chat',
  'cloud',
  'sip',
  'payment',
  'production',
  'device',
];

/** Per-call options every adapter operation accepts as its second argument. */
export interface CallOptions {
  /** Abort the call (the dispatcher also passes its timeout through this). */
  signal?: AbortSignal | undefined;
  /**
   * Key that makes the call safe to repeat. The dispatcher generates one per logical operation and
   * reuses it on every retry; adapters pass it to providers that support one (Stripe
   * `Idempotency-Key`, Discord `nonce`...).
   */
  idempotencyKey?: string | undefined;
}

/**
 * Machine-readable capabilities: every optional operation of the kind is listed, `true` exactly when
 * the adapter implements it. The conformance suite checks this against the adapter's methods.
 */
export interface BaseCapabilities<Operation extends string> {
  readonly operations: Readonly<Record<Operation, boolean>>;
  /**
   * The provider deduplicates mutating calls by the idempotency key we send, so a call whose
   * outcome is unknown (timeout after sending) may be retried safely. When false, such calls are
   * not retried.
   */
  readonly idempotencyKeys?: boolean;
}

/** What every adapter has, whatever its kind. */
export interface Adapter<Kind extends AdapterKind = AdapterKind, Capabilities = BaseCapabilities<string>> {
  /** Contract version this adapter implements. */
  readonly specificationVersion: SpecificationVersion;
  readonly kind: Kind;
  /** Provider name, e.g. `slack`. Also the registry key. */
  readonly provider: string;
  /** Instance name, when several adapters of one provider are used (two Slack workspaces). Defaults to `provider`. */
  readonly name?: string | undefined;
  readonly capabilities: Capabilities;
  /** Validates the credentials with the provider and returns who they belong to. */
  check(options?: CallOptions): Promise<AccountIdentity>;
  /**
   * The adapter never changes the input it is given, nested values included. The Bus then passes
   * it the input it has just validated, and the adapter's own `parseInput` of that value returns
   * it without parsing a second time (see `parseInputOnce`). The conformance suite checks it.
   */
  readonly inputIsReadOnly?: boolean;
  /** The provider's price model, used for estimates, budgets and least-cost routing. */
  readonly costModel?: CostModel | undefined;
  /** Releases sockets, gateways and timers. */
  close?(): Promise<void>;
}

/** Any adapter of any kind. */
export type AnyAdapter = Adapter<AdapterKind, BaseCapabilities<string>>;

/** The name an adapter is addressed by on a Bus: its `name`, else its `provider`. */
export function adapterName(adapter: Pick<Adapter, 'name' | 'provider'>): string {
  return adapter.name ?? adapter.provider;
}
