import { channel } from 'node:diagnostics_channel';
import type { AuditEntry, AuditRecord } from './audit-entry';

/**
 * `node:diagnostics_channel` name on which every finished operation's audit entry is published,
 * for APMs and loggers that subscribe without depending on InfraFabric.
 */
export const OPERATION_CHANNEL = 'infrafabric:operation';

const operationChannel = channel(OPERATION_CHANNEL);

/** Publishes a finished operation (cheap when nobody subscribes). */
export function publishOperation(entry: AuditEntry): void {
  if (operationChannel.hasSubscribers) operationChannel.publish(entry);
}

interface MinimalTracer {
  startSpan(
    name: string,
    options?: { attributes?: Record<string, string | number | boolean>; startTime?: number },
  ): {
    setAttribute(key: string, value: string | number | boolean): unknown;
    setStatus(status: { code: number; message?: string }): unknown;
    end(endTime?: number): void;
  };
}

interface MinimalTracerProvider {
  getTracer(name: string): MinimalTracer;
  /** On the API's proxy provider: the registered SDK's provider, or the no-op one. */
  getDelegate?(): unknown;
}

let loading: Promise<unknown> | undefined;
/** The SDK's current tracer provider: undefined while the API is not loaded or no SDK is registered. */
let currentProvider: () => MinimalTracerProvider | undefined = () => undefined;
let tracerOf: { provider: MinimalTracerProvider; tracer: MinimalTracer } | undefined;

/**
 * Loads `@opentelemetry/api` once, if the application has it installed; otherwise spans are
 * skipped silently. Returns the tracer of the registered SDK, or undefined while there is none (the
 * API answers with a proxy whose delegate is a no-op until an SDK registers, possibly later).
 */
function openTelemetryTracer(): MinimalTracer | undefined {
  loading ??= import('@opentelemetry/api')
    .then((api) => {
      const noop = new api.ProxyTracerProvider().getDelegate();
      currentProvider = () => {
        const provider = api.trace.getTracerProvider() as unknown as MinimalTracerProvider;
        return (provider.getDelegate?.() ?? provider) === noop ? undefined : provider;
      };
    })
    .catch(() => undefined);
  const provider = currentProvider();
  if (!provider) return undefined;
  // One tracer per provider: `trace.disable()` and a new registration give a new provider.
  if (tracerOf?.provider !== provider)
    tracerOf = { provider, tracer: provider.getTracer('@infrafabric/core') };
  return tracerOf.tracer;
}

/** Starts loading OpenTelemetry (when present) so spans are emitted for subsequent operations. */
export function preloadTelemetry(): Promise<unknown> {
  openTelemetryTracer();
  return loading ?? Promise.resolve();
}

/** Whether anyone subscribes to {@link OPERATION_CHANNEL} (they receive complete, hashed entries). */
export function operationSubscribed(): boolean {
  return operationChannel.hasSubscribers;
}

/** What a span is made of: the audit record's fields that do not need the hash chain. */
export type SpanRecord = Pick<
  AuditRecord,
  'kind' | 'provider' | 'operation' | 'traceId' | 'attempts' | 'errorCode' | 'outcome' | 'latencyMs'
>;

/** Whether spans are emitted now: `@opentelemetry/api` is loaded and an SDK is registered. */
export function spansEnabled(): boolean {
  return currentProvider() !== undefined;
}

/** Emits an OpenTelemetry span for a finished operation when `@opentelemetry/api` is present. */
export function recordSpan(entry: SpanRecord, startTime: number): void {
  const t = openTelemetryTracer();
  if (!t) return; // no span objects while no SDK would record them
  const span = t.startSpan(`infrafabric ${entry.kind}.${entry.operation}`, {
    startTime,
    attributes: {
      'infrafabric.kind': entry.kind,
      'infrafabric.provider': entry.provider,
      'infrafabric.operation': entry.operation,
      'infrafabric.trace_id': entry.traceId,
      'infrafabric.attempts': entry.attempts,
    },
  });
  if (entry.errorCode) span.setAttribute('infrafabric.error_code', entry.errorCode);
  span.setStatus({ code: entry.outcome === 'ok' ? 1 : 2 });
  span.end(startTime + entry.latencyMs);
}
