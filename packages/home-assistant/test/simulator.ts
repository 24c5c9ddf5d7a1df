import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { HttpResponse, http, type RequestHandler } from 'msw';
import { type WebSocket, WebSocketServer } from 'ws';
import type { HomeAssistantState } from '../src/mappers';

/** REST base URL the tests use (intercepted by msw, never the network). */
export const HA_SIM_URL = 'http://ha.test:8123';

/** Reads a JSON fixture (documented Home Assistant bodies). */
export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as T;
}

/**
 * In-memory Home Assistant: entities from `states.json`, a few light/switch services, the REST API
 * (bearer token, documented bodies and errors) and the WebSocket API on a loopback port (auth
 * phase, ids, results, `subscribe_events`, ping/pong, the registries).
 */
export class HomeAssistantSimulator {
  states = new Map<string, HomeAssistantState>();
  /** When false, registry commands answer `unauthorized` (a non-admin user's token). */
  admin = true;
  /** Answer pings (set false to simulate a hung connection). */
  answerPings = true;
  private readonly wsServer: WebSocketServer;
  private readonly clients = new Map<
    WebSocket,
    { subscriptions: Map<number, string | undefined>; lastId: number }
  >();
  /** Every message the WebSocket server received, in order. */
  readonly received: Array<Record<string, unknown>> = [];

  constructor(readonly token: string) {
    this.wsServer = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/api/websocket' });
    this.wsServer.on('connection', (socket) => this.onConnection(socket));
    this.reset();
  }

  /** `ws://127.0.0.1:<port>/api/websocket`, once listening. */
  async wsUrl(): Promise<string> {
    if (!this.wsServer.address()) await new Promise((resolve) => this.wsServer.once('listening', resolve));
    return `ws://127.0.0.1:${(this.wsServer.address() as AddressInfo).port}/api/websocket`;
  }

  reset(): void {
    this.states = new Map(fixture<HomeAssistantState[]>('states.json').map((s) => [s.entity_id, s]));
    this.admin = true;
    this.answerPings = true;
    this.received.length = 0;
  }

  /** Number of open WebSocket connections. */
  get connections(): number {
    return this.clients.size;
  }

  /** Drops every WebSocket connection abruptly (restart, network blip). */
  dropConnections(): void {
    for (const socket of this.clients.keys()) socket.terminate();
  }

  async close(): Promise<void> {
    this.dropConnections();
    await new Promise((resolve) => this.wsServer.close(resolve));
  }

  /** Changes an entity and fires `state_changed` to subscribers, as Home Assistant does. */
  setState(entityId: string, state: string, attributes: Record<string, unknown>): HomeAssistantState {
    const old = this.states.get(entityId);
    const now = new Date().toISOString();
    const next: HomeAssistantState = {
      entity_id: entityId,
      state,
      attributes: { ...(old?.attributes ?? {}), ...attributes },
      last_changed: old && old.state === state ? old.last_changed : now,
      last_updated: now,
      context: { id: crypto.randomUUID().replace(/-/g, ''), parent_id: null, user_id: null },
    };
    this.states.set(entityId, next);
    const event = {
      event_type: 'state_changed',
      data: { entity_id: entityId, old_state: old ?? null, new_state: next },
      origin: 'LOCAL',
      time_fired: now,
      context: next.context,
    };
    for (const [socket, client] of this.clients) {
      for (const [id, eventType] of client.subscriptions) {
        if (eventType === undefined || eventType === 'state_changed') {
          socket.send(JSON.stringify({ id, type: 'event', event }));
        }
      }
    }
    return next;
  }

  /** Runs a service; returns the changed states or an error message. */
  callService(domain: string, service: string, data: Record<string, unknown>): HomeAssistantState[] | string {
    const ids = ([] as unknown[]).concat(data.entity_id ?? []).map(String);
    if (
      !['light', 'switch', 'homeassistant'].includes(domain) ||
      !['turn_on', 'turn_off', 'toggle'].includes(service)
    ) {
      return `Service ${domain}.${service} not found.`;
    }
    const changed: HomeAssistantState[] = [];
    for (const id of ids) {
      const current = this.states.get(id);
      if (!current || (domain !== 'homeassistant' && !id.startsWith(`${domain}.`))) continue;
      const on = service === 'toggle' ? current.state !== 'on' : service === 'turn_on';
      const attributes: Record<string, unknown> = {};
      if (domain === 'light' && on) {
        if (typeof data.brightness === 'number') attributes.brightness = data.brightness;
        if (typeof data.brightness_pct === 'number')
          attributes.brightness = Math.round((data.brightness_pct * 255) / 100);
        if (Array.isArray(data.rgb_color))
          Object.assign(attributes, { rgb_color: data.rgb_color, color_mode: 'rgb' });
        if (typeof data.color_temp_kelvin === 'number')
          Object.assign(attributes, { color_temp_kelvin: data.color_temp_kelvin, color_mode: 'color_temp' });
      }
      if (domain === 'light' && !on) Object.assign(attributes, { brightness: null, color_mode: null });
      changed.push(this.setState(id, on ? 'on' : 'off', attributes));
    }
    return changed;
  }

  /** msw handlers of the REST API. */
  handlers(baseUrl = HA_SIM_URL): RequestHandler[] {
    const authorized = (request: Request) => request.headers.get('authorization') === `Bearer ${this.token}`;
    const unauthorized = () =>
      new HttpResponse('401: Unauthorized', { status: 401, headers: { 'content-type': 'text/plain' } });
    return [
      http.get(`${baseUrl}/api/`, ({ request }) =>
        authorized(request) ? HttpResponse.json(fixture('api-root.json')) : unauthorized(),
      ),
      http.get(`${baseUrl}/api/config`, ({ request }) =>
        authorized(request) ? HttpResponse.json(fixture('config.json')) : unauthorized(),
      ),
      http.get(`${baseUrl}/api/states`, ({ request }) =>
        authorized(request) ? HttpResponse.json([...this.states.values()]) : unauthorized(),
      ),
      http.get(`${baseUrl}/api/states/:entityId`, ({ request, params }) => {
        if (!authorized(request)) return unauthorized();
        const state = this.states.get(String(params.entityId));
        return state
          ? HttpResponse.json(state)
          : HttpResponse.json(fixture('entity-not-found.json'), { status: 404 });
      }),
      http.post(`${baseUrl}/api/services/:domain/:service`, async ({ request, params }) => {
        if (!authorized(request)) return unauthorized();
        let data: Record<string, unknown>;
        try {
          data = (await request.json()) as Record<string, unknown>;
        } catch {
          return HttpResponse.json({ message: 'Data should be valid JSON.' }, { status: 400 });
        }
        const result = this.callService(String(params.domain), String(params.service), data);
        if (typeof result === 'string') return HttpResponse.json({ message: result }, { status: 400 });
        if (new URL(request.url).searchParams.has('return_response')) {
          return HttpResponse.json(
            { message: 'Service does not support responses. Remove return_response from request.' },
            { status: 400 },
          );
        }
        return HttpResponse.json(result);
      }),
    ];
  }

  private onConnection(socket: WebSocket): void {
    const send = (message: unknown) => socket.send(JSON.stringify(message));
    let authenticated = false;
    send({ type: 'auth_required', ha_version: '2025.1.0' });
    socket.on('message', (raw) => {
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(raw.toString()) as Record<string, unknown>;
      } catch {
        socket.close();
        return;
      }
      this.received.push(message);
      if (!authenticated) {
        if (message.type === 'auth' && message.access_token === this.token) {
          authenticated = true;
          this.clients.set(socket, { subscriptions: new Map(), lastId: 0 });
          send({ type: 'auth_ok', ha_version: '2025.1.0' });
        } else {
          send({ type: 'auth_invalid', message: 'Invalid access token or password' });
          socket.close();
        }
        return;
      }
      this.onCommand(socket, message, send);
    });
    socket.on('close', () => this.clients.delete(socket));
    socket.on('error', () => undefined);
  }

  private onCommand(socket: WebSocket, message: Record<string, unknown>, send: (m: unknown) => void): void {
    const client = this.clients.get(socket)!;
    const id = message.id;
    const error = (code: string, text: string) => ({
      id,
      type: 'result',
      success: false,
      error: { code, message: text },
    });
    const ok = (result: unknown) => ({ id, type: 'result', success: true, result });
    const reply = (): unknown => {
      if (typeof id !== 'number') return error('invalid_format', 'Message incorrectly formatted.');
      if (id <= client.lastId) return error('id_reuse', 'Identifier values have to increase.');
      client.lastId = id;
      switch (message.type) {
        case 'ping':
          return this.answerPings ? { id, type: 'pong' } : undefined;
        case 'subscribe_events':
          client.subscriptions.set(id, message.event_type as string | undefined);
          return ok(null);
        case 'get_states':
          return ok([...this.states.values()]);
        case 'config/area_registry/list':
          return this.admin ? ok(fixture('area-registry-list.json')) : error('unauthorized', 'Unauthorized');
        case 'config/device_registry/list':
          return this.admin
            ? ok(fixture('device-registry-list.json'))
            : error('unauthorized', 'Unauthorized');
        default:
          return error('unknown_command', 'Unknown command.');
      }
    };
    const answer = reply();
    if (answer !== undefined) send(answer);
  }
}

/**
 * msw's `onUnhandledFrame`: the loopback WebSocket simulator is real network (let it through);
 * anything else unhandled fails the test.
 */
export function bypassLoopback({
  frame,
  defaults,
}: {
  frame: { data: unknown };
  defaults: { error: () => void };
}): void {
  const url = (frame.data as { request?: Request } | undefined)?.request?.url;
  if (url && new URL(url).hostname === '127.0.0.1') return;
  defaults.error();
}

/** Home Assistant's REST error body for an injected fault. */
export function homeAssistantFaultResponse(
  _fault: string,
  status: number,
  retryAfterSeconds: number | undefined,
): Response {
  const headers = retryAfterSeconds === undefined ? undefined : { 'retry-after': String(retryAfterSeconds) };
  if (status === 401) return new HttpResponse('401: Unauthorized', { status, headers });
  return HttpResponse.json({ message: `Injected HTTP ${status}` }, { status, headers });
}
