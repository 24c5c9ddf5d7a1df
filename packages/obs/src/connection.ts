import {
  type InfraFabricError,
  TimeoutError,
  fullJitterDelay,
  isInfraFabricError,
  lazyModule,
} from '@infrafabric/core';
import { errorFromConnectionFailure, errorFromRequestStatus, OBS_CLOSE_CODE, timeoutError } from './errors';

/**
 * What the adapter uses of obs-websocket-js's `OBSWebSocket` (typed structurally so the SDK's
 * generated request map does not leak into our declarations).
 */
export interface ObsClient {
  connect(
    url: string,
    password?: string,
    identification?: { rpcVersion?: number; eventSubscriptions?: number },
  ): Promise<unknown>;
  disconnect(): Promise<void>;
  call(requestType: string, requestData?: object): Promise<Record<string, unknown> | undefined>;
  on(event: string, listener: (data: never) => void): unknown;
  removeAllListeners(): unknown;
}

/** Builds a fresh SDK client; tests and other transports may replace it. */
export type ObsClientFactory = () => Promise<ObsClient>;

// The JSON build: the package's Node `import` entry is the msgpack one, which plain servers and
// the spec validator cannot read.
const loadSdk = lazyModule('obs-websocket-js', () => import('obs-websocket-js/json'));

/** The default {@link ObsClientFactory}: obs-websocket-js's JSON client, loaded on first use. */
export const defaultClientFactory: ObsClientFactory = async () => {
  const sdk = await loadSdk();
  return new sdk.OBSWebSocket() as unknown as ObsClient;
};

/**
 * Events the adapter subscribes to: General (ExitStarted), Scenes, Inputs, Outputs and Ui
 * (StudioModeStateChanged). High-volume ones (volume meters) stay off.
 */
export const EVENT_SUBSCRIPTIONS = (1 << 0) | (1 << 2) | (1 << 3) | (1 << 6) | (1 << 10);

/** obs-websocket event types forwarded to listeners. */
export const FORWARDED_EVENTS = [
  'CurrentProgramSceneChanged',
  'CurrentPreviewSceneChanged',
  'StreamStateChanged',
  'RecordStateChanged',
  'InputMuteStateChanged',
  'StudioModeStateChanged',
  'ExitStarted',
] as const;

/** Something the connection tells its listeners: an OBS event, or the session coming and going. */
export type ConnectionNotice =
  | { kind: 'event'; eventType: string; eventData: Record<string, unknown> }
  | { kind: 'connected' }
  | { kind: 'disconnected'; code: number | undefined; reason: string | undefined };

/** Settings of an {@link ObsConnection}. */
export interface ObsConnectionSettings {
  provider: string;
  url: () => string;
  password: () => string | undefined;
  connectTimeoutMs: number;
  reconnect: { initialDelayMs: number; maxDelayMs: number };
  clientFactory?: ObsClientFactory | undefined;
}

interface SessionClose {
  code: number | undefined;
  reason: string | undefined;
}

interface Session {
  client: ObsClient;
  open: boolean;
  /** Called once when this session's socket closes: fails the requests waiting on it. */
  pending: Set<(close: SessionClose) => void>;
}

/** Per-request settings. */
export interface RequestSettings {
  operation: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/**
 * One obs-websocket session, opened on first use and reopened on demand.
 *
 * Requests made while OBS is unreachable make one immediate connection attempt and fail with a
 * retryable NetworkError when it fails (the Bus's retry policy supplies the backoff); they never
 * queue silently. While someone listens to events, a background loop reconnects with full-jitter
 * backoff after OBS restarts, and announces `connected`/`disconnected`.
 */
export class ObsConnection {
  private session: Session | undefined;
  private connecting: Promise<Session> | undefined;
  private closedByUser = false;
  /** Bumped by close(), so a handshake finishing after close() does not revive the session. */
  private generation = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnectAttempt = 0;
  private readonly listeners = new Set<(notice: ConnectionNotice) => void>();

  constructor(private readonly settings: ObsConnectionSettings) {}

  /** Whether a session is currently identified. */
  get connected(): boolean {
    return this.session?.open === true;
  }

  /**
   * Sends one request and returns its `responseData`, mapping request statuses, closes, timeouts
   * and aborts onto core errors.
   */
  async request(
    requestType: string,
    requestData: Record<string, unknown> | undefined,
    settings: RequestSettings,
  ): Promise<Record<string, unknown>> {
    const context = { provider: this.settings.provider, operation: settings.operation, requestType };
    const deadline = Date.now() + settings.timeoutMs;
    const session = await this.withDeadline(
      this.ensureSession(settings.operation),
      settings,
      deadline,
      false,
    );
    if (!session.open)
      throw errorFromConnectionFailure({ message: 'closed' }, { ...context, requestSent: false });
    const answer = session.client.call(requestType, requestData).then(
      (data) => data ?? {},
      (error: unknown) => {
        throw this.requestFailure(error, context);
      },
    );
    // A listener per request, removed when it settles, so long sessions do not accumulate them.
    let onDrop: ((close: SessionClose) => void) | undefined;
    const dropped = new Promise<never>((_, reject) => {
      onDrop = (close) =>
        reject(
          errorFromConnectionFailure(
            { code: close.code, message: close.reason || 'connection closed while waiting for the answer' },
            { ...context, requestSent: true },
          ),
        );
    });
    session.pending.add(onDrop!);
    try {
      return await this.withDeadline(Promise.race([answer, dropped]), settings, deadline, true);
    } finally {
      session.pending.delete(onDrop!);
    }
  }

  /** Listens to events and session changes; keeps the session open (reconnecting) while subscribed. */
  subscribe(listener: (notice: ConnectionNotice) => void): () => void {
    this.listeners.add(listener);
    if (!this.connected && !this.connecting) this.scheduleReconnect(0);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.cancelReconnect();
    };
  }

  /** Closes the session and stops reconnecting. The next request opens a new session. */
  async close(): Promise<void> {
    this.closedByUser = true;
    this.generation += 1;
    this.cancelReconnect();
    const session = this.session;
    this.session = undefined;
    if (session?.open) await session.client.disconnect().catch(() => undefined);
    this.closedByUser = false;
  }

  private requestFailure(
    error: unknown,
    context: { provider: string; operation: string; requestType: string },
  ) {
    const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
    // The SDK rejects with OBSWebSocketError(requestStatus.code, comment) for answered requests;
    // anything else ("Not connected", "Socket not identified") means the request never left.
    if (typeof code === 'number' && code >= 100)
      return errorFromRequestStatus(code, typeof message === 'string' ? message : undefined, context);
    return errorFromConnectionFailure(error, { ...context, requestSent: false });
  }

  private async withDeadline<T>(
    work: Promise<T>,
    settings: RequestSettings,
    deadline: number,
    sent: boolean,
  ): Promise<T> {
    const remaining = Math.max(0, deadline - Date.now());
    const context = { provider: this.settings.provider, operation: settings.operation };
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    const stop = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(timeoutError({ ...context, timeoutMs: settings.timeoutMs, sent })),
        remaining,
      );
      const signal = settings.signal;
      if (!signal) return;
      onAbort = () => reject(abortError(signal.reason, context, sent));
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([work, stop]);
    } finally {
      clearTimeout(timer);
      if (onAbort) settings.signal?.removeEventListener('abort', onAbort);
      work.catch(() => undefined);
    }
  }

  private ensureSession(operation: string): Promise<Session> {
    if (this.session?.open) return Promise.resolve(this.session);
    this.connecting ??= this.openSession(operation).finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async openSession(operation: string): Promise<Session> {
    const generation = this.generation;
    const factory = this.settings.clientFactory ?? defaultClientFactory;
    const client = await factory();
    const session: Session = { client, open: false, pending: new Set() };
    client.on('ConnectionClosed', ((error: { code?: number; message?: string }) => {
      const wasOpen = session.open;
      session.open = false;
      const close = { code: error?.code, reason: error?.message };
      for (const fail of [...session.pending]) fail(close);
      session.pending.clear();
      if (wasOpen) this.onSessionLost(session, error?.code, error?.message);
    }) as (data: never) => void);
    for (const eventType of FORWARDED_EVENTS) {
      client.on(eventType, ((eventData: Record<string, unknown>) =>
        this.notify({ kind: 'event', eventType, eventData: eventData ?? {} })) as (data: never) => void);
    }
    const context = { provider: this.settings.provider, operation };
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        client.connect(this.settings.url(), this.settings.password(), {
          rpcVersion: 1,
          eventSubscriptions: EVENT_SUBSCRIPTIONS,
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new TimeoutError(
                  `${context.provider}.${operation}: OBS did not complete the Hello/Identify handshake within ${this.settings.connectTimeoutMs} ms. Check the url and that OBS is responsive.`,
                  { ...context, outcomeUnknown: false },
                ),
              ),
            this.settings.connectTimeoutMs,
          );
        }),
      ]);
    } catch (error) {
      void client.disconnect().catch(() => undefined);
      throw errorFromConnectionFailure(error, context);
    } finally {
      clearTimeout(timer);
    }
    if (generation !== this.generation) {
      await client.disconnect().catch(() => undefined);
      throw errorFromConnectionFailure({ message: 'the adapter was closed during the handshake' }, context);
    }
    session.open = true;
    this.session = session;
    this.reconnectAttempt = 0;
    this.notify({ kind: 'connected' });
    return session;
  }

  private onSessionLost(session: Session, code: number | undefined, reason: string | undefined): void {
    if (this.session === session) this.session = undefined;
    this.notify({ kind: 'disconnected', code, reason });
    if (this.closedByUser || code === OBS_CLOSE_CODE.authenticationFailed) return;
    if (this.listeners.size > 0) this.scheduleReconnect(this.nextDelay());
  }

  private nextDelay(): number {
    const { initialDelayMs, maxDelayMs } = this.settings.reconnect;
    // At least the initial delay, so a crash-looping OBS is not hammered.
    return (
      initialDelayMs + fullJitterDelay(this.reconnectAttempt++, { baseDelayMs: initialDelayMs, maxDelayMs })
    );
  }

  private scheduleReconnect(delayMs: number): void {
    if (this.reconnectTimer || this.closedByUser) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.connected || this.listeners.size === 0) return;
      this.ensureSession('events').catch((error: unknown) => {
        if (isInfraFabricError(error) && error.code === 'authentication') {
          this.notify({
            kind: 'disconnected',
            code: OBS_CLOSE_CODE.authenticationFailed,
            reason: error.message,
          });
          return;
        }
        if (this.listeners.size > 0) this.scheduleReconnect(this.nextDelay());
      });
    }, delayMs);
    // Deliberately not unref'd: an events() consumer waiting through an OBS restart must keep the
    // process alive; the timer exists only while someone iterates.
  }

  private cancelReconnect(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
  }

  private notify(notice: ConnectionNotice): void {
    for (const listener of [...this.listeners]) listener(notice);
  }
}

function abortError(
  reason: unknown,
  context: { provider: string; operation: string },
  sent: boolean,
): InfraFabricError {
  if (isInfraFabricError(reason)) return reason;
  return new TimeoutError(
    `${context.provider}.${context.operation}: aborted before OBS answered${sent ? ' (the request may still be carried out)' : ''}.`,
    { ...context, outcomeUnknown: sent, cause: reason },
  );
}
