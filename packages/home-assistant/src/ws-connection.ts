import type WebSocket from 'ws';
import { lazyModule, NetworkError, TimeoutError } from '@infrafabric/core';
import { homeAssistantAuthInvalid, homeAssistantTransportError, homeAssistantWsError } from './errors';

const loadWs = lazyModule('ws', () => import('ws'));

/** Settings of one WebSocket API connection. */
export interface HomeAssistantWsSettings {
  url: string;
  token: string;
  /** Limit for connecting + authenticating, and for each command's result. */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  operation: string;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  operation: string;
  timer: ReturnType<typeof setTimeout>;
}

/** A message from the server in the command phase. */
interface ServerMessage {
  id?: number;
  type?: string;
  success?: boolean;
  result?: unknown;
  error?: { code?: string; message?: string };
  event?: unknown;
  message?: string;
  ha_version?: string;
}

/**
 * One authenticated connection to the WebSocket API: the auth phase (`auth_required` → `auth` →
 * `auth_ok` / `auth_invalid`), then commands with incrementing ids, results matched by id,
 * subscriptions' events routed by id, and ping/pong.
 */
export class HomeAssistantWsConnection {
  /** Home Assistant's version from `auth_ok`. */
  haVersion: string | undefined;
  /** Resolves when the socket has closed, for any reason. */
  readonly closed: Promise<void>;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly subscriptions = new Map<number, (event: unknown) => void>();
  private markClosed!: () => void;

  private constructor(
    private readonly socket: WebSocket,
    private readonly timeoutMs: number,
  ) {
    this.closed = new Promise((resolve) => {
      this.markClosed = resolve;
    });
  }

  /** Connects and authenticates. @throws AuthenticationError on `auth_invalid`. */
  static async open(settings: HomeAssistantWsSettings): Promise<HomeAssistantWsConnection> {
    const module = await loadWs();
    const WebSocketClass = (module as { WebSocket?: typeof WebSocket }).WebSocket ?? module.default;
    const { operation } = settings;
    settings.signal?.throwIfAborted();
    const socket = new WebSocketClass(settings.url, { handshakeTimeout: settings.timeoutMs });
    const connection = new HomeAssistantWsConnection(socket, settings.timeoutMs);
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (error?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        settings.signal?.removeEventListener('abort', onAbort);
        socket.off('message', onMessage);
        if (error === undefined) resolve();
        else {
          socket.terminate();
          reject(error);
        }
      };
      const onAbort = () => finish(settings.signal?.reason ?? new Error('aborted'));
      const timer = setTimeout(
        () =>
          finish(
            new TimeoutError(
              `home-assistant.${operation}: the WebSocket API did not authenticate within ${settings.timeoutMs} ms.`,
              { provider: 'home-assistant', operation },
            ),
          ),
        settings.timeoutMs,
      );
      const onMessage = (data: WebSocket.RawData) => {
        let message: ServerMessage;
        try {
          message = JSON.parse(data.toString()) as ServerMessage;
        } catch {
          return;
        }
        if (message.type === 'auth_required') {
          socket.send(JSON.stringify({ type: 'auth', access_token: settings.token }));
        } else if (message.type === 'auth_ok') {
          connection.haVersion = message.ha_version;
          finish();
        } else if (message.type === 'auth_invalid') {
          finish(homeAssistantAuthInvalid(message.message, operation));
        }
      };
      settings.signal?.addEventListener('abort', onAbort, { once: true });
      socket.on('message', onMessage);
      socket.once('error', (error) => finish(homeAssistantTransportError(error, operation)));
      socket.once('close', () =>
        finish(
          new NetworkError(
            `home-assistant.${operation}: the WebSocket API closed the connection during authentication. Check the URL (${new URL(settings.url).host}).`,
            { provider: 'home-assistant', operation },
          ),
        ),
      );
    });
    connection.listen();
    return connection;
  }

  private listen(): void {
    this.socket.on('message', (data) => {
      let parsed: ServerMessage | ServerMessage[];
      try {
        parsed = JSON.parse(data.toString()) as ServerMessage | ServerMessage[];
      } catch {
        return;
      }
      // Home Assistant batches messages into arrays when coalescing is enabled.
      for (const message of Array.isArray(parsed) ? parsed : [parsed]) this.onMessage(message);
    });
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => {
      for (const [id, pending] of this.pending) {
        clearTimeout(pending.timer);
        pending.reject(
          new NetworkError(
            `home-assistant.${pending.operation}: the WebSocket connection closed before the result arrived.`,
            { provider: 'home-assistant', operation: pending.operation, outcomeUnknown: true },
          ),
        );
        this.pending.delete(id);
      }
      this.subscriptions.clear();
      this.markClosed();
    });
  }

  private onMessage(message: ServerMessage): void {
    if (message.id === undefined) return;
    if (message.type === 'event') {
      this.subscriptions.get(message.id)?.(message.event);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    if (message.type === 'pong') pending.resolve(undefined);
    else if (message.type === 'result' && message.success) pending.resolve(message.result);
    else pending.reject(homeAssistantWsError(message.error, pending.operation));
  }

  /** Sends a command (an `id` is added) and resolves with its `result`. */
  command<T>(message: Record<string, unknown>, operation: string, timeoutMs = this.timeoutMs): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new TimeoutError(`home-assistant.${operation}: no result for "${String(message.type)}" in time.`, {
            provider: 'home-assistant',
            operation,
          }),
        );
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, operation, timer });
      this.socket.send(JSON.stringify({ id, ...message }));
    });
  }

  /** Sends a subscription command; `onEvent` receives each `event` with its id. */
  async subscribe(message: Record<string, unknown>, onEvent: (event: unknown) => void, operation: string) {
    const id = this.nextId;
    this.subscriptions.set(id, onEvent);
    try {
      await this.command(message, operation);
    } catch (error) {
      this.subscriptions.delete(id);
      throw error;
    }
    return id;
  }

  /** `ping` → `pong`; rejects when no pong comes in time. */
  ping(operation: string, timeoutMs?: number): Promise<void> {
    return this.command({ type: 'ping' }, operation, timeoutMs);
  }

  /** Closes the socket now (no close handshake wait). */
  close(): void {
    this.socket.terminate();
  }
}
