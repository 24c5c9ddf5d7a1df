import { type ProductionEvent, PushChannel } from '@infrafabric/core';
import type { ObsConnection } from './connection';
import { toProductionEvent } from './mappers';

/**
 * Streams OBS events as core `ProductionEvent`s until `signal` aborts or the consumer stops.
 * While iterating, the connection stays open and reconnects after OBS restarts; connection
 * changes arrive as `{ type: 'connection', value: true | false }`. A slow consumer loses the
 * oldest events beyond 1,000 (core's `PushChannel`).
 */
export async function* streamEvents(
  connection: ObsConnection,
  signal?: AbortSignal | undefined,
): AsyncGenerator<ProductionEvent> {
  if (signal?.aborted) return;
  const channel = new PushChannel<ProductionEvent>();
  const unsubscribe = connection.subscribe((notice) => channel.push(toProductionEvent(notice)));
  const onAbort = () => channel.close();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const event of channel) {
      if (signal?.aborted) return;
      yield event;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    unsubscribe();
  }
}
