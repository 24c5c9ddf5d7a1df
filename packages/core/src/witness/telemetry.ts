import { channel } from 'node:diagnostics_channel';
import type { AuditEntry } from './audit-entry';

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

let tracerPromise: Promise<MinimalTracer | undefined> | undefined;
let tracer: MinimalTracer | undefined | null = null;

/**
 * Loads `@opentelemetry/api` once, if the application has it installed; otherwise spans are
 * skipped silently. Returns the tracer when already loaded (spans are emitted from then on).
 */
function openTelemetryTracer(): MinimalTracer | undefined {
  if (tracer !== null) return tracer;
  tracerPromise ??= import('@opentelemetry/api')
    .then((api) => api.trace.getTracer('@infrafabric/core') as unknown as MinimalTracer)
    .catch(() => undefined)
    .then((t) => {
      tracer = t;
      return t;
    });
  return undefined;
}

/** Starts loading OpenTelemetry (when present) so spans are emitted for subsequent operations. */
export function preloadTelemetry(): Promise<unknown> {
  openTelemetryTracer();
  return tracerPromise ?? Promise.resolve();
}

/** Emits an OpenTelemetry span for a finished operation when `@opentelemetry/api` is present. */
export function recordSpan(entry: AuditEntry, startTime: number): void {
  const t = openTelemetryTracer();
  if (!t) return;
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
