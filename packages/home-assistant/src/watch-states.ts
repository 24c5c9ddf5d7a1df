import { AuthenticationError, PushChannel, type StateChange, sleep } from '@infrafabric/core';
import { toStateChange } from './mappers';
import { HomeAssistantWsConnection } from './ws-connection';

/** Settings of {@link watchHomeAssistantStates}. */
export interface WatchStatesSettings {
  url: string;
  token: string;
  timeoutMs: number;
  pingIntervalMs: number;
  reconnectDelayMs: number;
  maxReconnectDelayMs: number;
  /** Only these entities; all when undefined. */
  entityIds?: readonly string[] | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Streams `state_changed` events over the WebSocket API (`subscribe_events` with
 * `event_type: state_changed`, which carries full old and new states). Pings every
 * `pingIntervalMs` and drops a connection whose pong does not come; after any drop it reconnects
 * with exponential backoff (with jitter), authenticates and subscribes again. Stops when `signal`
 * aborts; ends with an AuthenticationError if the token is rejected (retrying would not help).
 */
export function watchHomeAssistantStates(settings: WatchStatesSettings): AsyncIterable<StateChange> {
  const queue = new PushChannel<StateChange>();
  const filter =
    settings.entityIds && settings.entityIds.length > 0 ? new Set(settings.entityIds) : undefined;
  const { signal } = settings;
  let current: HomeAssistantWsConnection | undefined;
  const stop = () => {
    current?.close();
    queue.close();
  };
  if (signal?.aborted) {
    queue.close();
    return queue;
  }
  signal?.addEventListener('abort', stop, { once: true });

  const run = async () => {
    let failures = 0;
    while (!queue.closed) {
      let keepAlive: ReturnType<typeof setInterval> | undefined;
      try {
        const connection = await HomeAssistantWsConnection.open({
          url: settings.url,
          token: settings.token,
          timeoutMs: settings.timeoutMs,
          signal,
          operation: 'watchStates',
        });
        current = connection;
        if (queue.closed) {
          connection.close();
          break;
        }
        await connection.subscribe(
          { type: 'subscribe_events', event_type: 'state_changed' },
          (event) => {
            const change = toStateChange(event as Parameters<typeof toStateChange>[0]);
            if (change && (!filter || filter.has(change.entityId))) queue.push(change);
          },
          'watchStates',
        );
        failures = 0;
        keepAlive = setInterval(() => {
          connection.ping('watchStates', settings.pingIntervalMs).catch(() => connection.close());
        }, settings.pingIntervalMs);
        await connection.closed;
      } catch (error) {
        if (AuthenticationError.isInstance(error)) {
          queue.close(error);
          return;
        }
      } finally {
        if (keepAlive) clearInterval(keepAlive);
      }
      if (queue.closed) break;
      const base = Math.min(
        settings.maxReconnectDelayMs,
        settings.reconnectDelayMs * 2 ** Math.min(failures, 16),
      );
      failures += 1;
      // Core's sleep rejects on abort; here an abort just ends the wait (the loop then stops).
      await sleep(base / 2 + Math.random() * (base / 2), signal).catch(() => undefined);
    }
  };
  void run().catch((error: unknown) => queue.close(error));
  return queue;
}
