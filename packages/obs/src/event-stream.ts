import type { ProductionEvent } from '@infrafabric/core';
import type { ConnectionNotice, ObsConnection } from './connection';
import { toProductionEvent } from './mappers';

/** Events kept for a slow consumer before the oldest are dropped. */
const MAX_BUFFERED_EVENTS = 1_000;

/**
 * Streams OBS events as core `ProductionEvent`s until `signal` aborts or the consumer stops.
 * While iterating, the connection stays open and reconnects after OBS restarts; connection
 * changes arrive as `{ type: 'connection', value: true | false }`.
 */
export async function* streamEvents(
  connection: ObsConnection,
  signal?: AbortSignal | undefined,
): AsyncGenerator<ProductionEvent> {
  if (signal?.aborted) return;
  const buffer: ProductionEvent[] = [];
  let wake: (() => void) | undefined;
  const onNotice = (notice: ConnectionNotice) => {
    buffer.push(toProductionEvent(notice));
    if (buffer.length > MAX_BUFFERED_EVENTS) buffer.shift();
    wake?.();
  };
  const onAbort = () => wake?.();
  const unsubscribe = connection.subscribe(onNotice);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    while (!signal?.aborted) {
      const next = buffer.shift();
      if (next) {
        yield next;
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    unsubscribe();
  }
}
