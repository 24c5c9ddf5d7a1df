import type { AdapterKind, AnyAdapter } from '@infrafabric/core';
import type { FaultInjector, FaultKind } from '../msw/faults';
import type { RecordedRequest, RequestLog } from '../msw/request-log';

/** An operation and an input for it. */
export interface OperationCall {
  operation: string;
  input: unknown;
}

/** What a provider package gives the conformance suite. */
export interface ConformanceOptions<A extends AnyAdapter = AnyAdapter> {
  /** Display name in the test titles. */
  name: string;
  /** Returns a fresh adapter pointed at the simulator (base URL override or injected transport). */
  create: () => A | Promise<A>;
  /** Injects faults into the adapter's transport. */
  faults: FaultInjector;
  /** Requests the simulator saw. */
  requests: RequestLog;
  /** A representative successful operation, used for fault injection and idempotency checks. */
  probe: OperationCall;
  /** An input for `probe.operation` that must be rejected before any request, and the field the error must name. */
  invalid: { input: unknown; field: string };
  /** Valid calls of the adapter's other operations, each run once against the simulator. */
  samples?: OperationCall[];
  /**
   * Reads the idempotency key from a recorded request, for providers that carry one. Required when
   * the probe is a mutating operation of a provider with idempotency keys.
   */
  idempotencyKeyOf?: ((request: RecordedRequest) => string | undefined) | undefined;
  /** Secret values the adapter was created with: none may appear in an error or audit entry. */
  secrets: string[];
  /**
   * Faults that do not apply to this transport, with the reason (printed). For example a
   * WebSocket protocol has no HTTP 401.
   */
  notApplicable?: Partial<Record<FaultKind, string>>;
}

/** Conformance options for one kind. */
export interface KindConformanceOptions<A extends AnyAdapter> extends ConformanceOptions<A> {
  kind: AdapterKind;
  /** The kind's optional operations, to check capability honesty. */
  optionalOperations: readonly string[];
}
