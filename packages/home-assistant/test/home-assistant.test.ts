import {
  AuthenticationError,
  createAdapter,
  type DeviceAdapter,
  NotFoundError,
  PermissionError,
  ProviderError,
  type StateChange,
  TimeoutError,
  ValidationError,
} from '@infrafabric/core';
import { recordRequests } from '@infrafabric/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createHomeAssistant,
  homeAssistant,
  homeAssistantWsError,
  toStateChange,
  websocketUrlFor,
} from '../src/index';
import { bypassLoopback, fixture, HA_SIM_URL, HomeAssistantSimulator } from './simulator';

const TOKEN = 'test-ha-token-1234567890';
const simulator = new HomeAssistantSimulator(TOKEN);
const server = setupServer(...simulator.handlers());
const requests = recordRequests(server);
let wsUrl: string;
let ha: ReturnType<typeof createHomeAssistant>;

beforeAll(async () => {
  wsUrl = await simulator.wsUrl();
  server.listen({ onUnhandledFrame: bypassLoopback });
});
beforeEach(() => {
  simulator.reset();
  requests.clear();
  ha = createHomeAssistant({
    token: TOKEN,
    baseUrl: HA_SIM_URL,
    wsUrl,
    pingIntervalMs: 60_000,
    reconnectDelayMs: 20,
  });
});
afterEach(() => server.resetHandlers());
afterAll(async () => {
  server.close();
  await simulator.close();
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const until = async (condition: () => boolean, timeoutMs = 3000) => {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('REST API', () => {
  it('check() reads /api/ and /api/config with the bearer token', async () => {
    await expect(ha.check()).resolves.toEqual({
      id: 'ha.test:8123',
      name: 'Home',
      details: { version: '2025.1.0', locationName: 'Home', timeZone: 'Europe/Zurich' },
    });
    expect(requests.requests.map((r) => [r.url.pathname, r.headers.authorization])).toEqual([
      ['/api/', `Bearer ${TOKEN}`],
      ['/api/config', `Bearer ${TOKEN}`],
    ]);
  });

  it('lists and gets entities, mapping the documented state shape', async () => {
    const entities = await ha.listEntities();
    expect(entities.map((e) => e.entityId)).toEqual(['sun.sun', 'light.studio', 'switch.on_air']);
    await expect(ha.getEntity({ entityId: 'sun.sun' })).resolves.toEqual({
      entityId: 'sun.sun',
      state: 'below_horizon',
      attributes: expect.objectContaining({ friendly_name: 'Sun', azimuth: 336.34 }),
      lastChanged: '2016-05-30T21:43:29.204838+00:00',
      lastUpdated: '2016-05-30T21:50:30.529465+00:00',
    });
  });

  it("an unknown entity is a NotFoundError carrying Home Assistant's message", async () => {
    const error = await rejection(ha.getEntity({ entityId: 'light.nowhere' }));
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('Entity not found.');
    expect((error as NotFoundError).status).toBe(404);
  });

  it('light.turn_on with brightness_pct, rgb_color and color_temp_kelvin returns the changed states', async () => {
    const changed = await ha.callService({
      domain: 'light',
      service: 'turn_on',
      target: { entityId: 'light.studio' },
      data: { brightness_pct: 80, rgb_color: [255, 120, 0] },
    });
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({
      entityId: 'light.studio',
      state: 'on',
      attributes: { brightness: 204, rgb_color: [255, 120, 0], color_mode: 'rgb' },
    });
    await ha.callService({
      domain: 'light',
      service: 'turn_on',
      target: { entityId: ['light.studio'] },
      data: { brightness: 128, color_temp_kelvin: 3200 },
    });
    await requests.settled();
    const bodies = requests.requests.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body));
    expect(bodies).toEqual([
      { brightness_pct: 80, rgb_color: [255, 120, 0], entity_id: 'light.studio' },
      { brightness: 128, color_temp_kelvin: 3200, entity_id: ['light.studio'] },
    ]);
    expect(requests.requests.at(-1)?.url.pathname).toBe('/api/services/light/turn_on');
    await expect(ha.getEntity({ entityId: 'light.studio' })).resolves.toMatchObject({
      attributes: { brightness: 128, color_temp_kelvin: 3200 },
    });
  });

  it('sends area and device targets as area_id / device_id', async () => {
    await ha.callService({
      domain: 'light',
      service: 'turn_off',
      target: { areaId: 'studio_a', deviceId: ['d1', 'd2'] },
    });
    await requests.settled();
    expect(JSON.parse(requests.requests[0]!.body)).toEqual({ area_id: 'studio_a', device_id: ['d1', 'd2'] });
  });

  it('maps 400 to ValidationError, 401 to AuthenticationError and 502 to a retryable ProviderError', async () => {
    const invalid = await rejection(ha.callService({ domain: 'light', service: 'explode' }));
    expect(ValidationError.isInstance(invalid)).toBe(true);
    expect((invalid as Error).message).toContain('Service light.explode not found.');

    const wrongToken = createHomeAssistant({ token: 'wrong-token-abcdef', baseUrl: HA_SIM_URL });
    const unauthorized = await rejection(wrongToken.listEntities());
    expect(AuthenticationError.isInstance(unauthorized)).toBe(true);
    expect((unauthorized as Error).message).toContain('HOME_ASSISTANT_TOKEN');
    expect((unauthorized as Error).message).not.toContain('wrong-token-abcdef');

    server.use(http.get(`${HA_SIM_URL}/api/states`, () => new HttpResponse('Bad Gateway', { status: 502 })));
    const badGateway = await rejection(ha.listEntities());
    expect(ProviderError.isInstance(badGateway)).toBe(true);
    expect(badGateway).toMatchObject({ retryable: true, status: 502 });
  });

  it('callServiceWithResponse adds ?return_response and returns the service response', async () => {
    server.use(
      http.post(`${HA_SIM_URL}/api/services/weather/get_forecasts`, ({ request }) =>
        new URL(request.url).searchParams.has('return_response')
          ? HttpResponse.json({
              changed_states: [],
              service_response: { 'weather.home': { forecast: [{ condition: 'sunny', temperature: 21 }] } },
            })
          : HttpResponse.json(
              { message: 'Service call requires responses but caller did not ask for responses' },
              { status: 400 },
            ),
      ),
    );
    await expect(
      ha.callServiceWithResponse({
        domain: 'weather',
        service: 'get_forecasts',
        target: { entityId: 'weather.home' },
        data: { type: 'daily' },
      }),
    ).resolves.toEqual({
      changedStates: [],
      serviceResponse: { 'weather.home': { forecast: [{ condition: 'sunny', temperature: 21 }] } },
    });
    const error = await rejection(
      ha.callServiceWithResponse({
        domain: 'light',
        service: 'turn_on',
        target: { entityId: 'light.studio' },
      }),
    );
    expect(ValidationError.isInstance(error)).toBe(true);
  });

  it('is registered and has a lazy default instance', async () => {
    const viaRegistry = createAdapter<DeviceAdapter>(
      'home-assistant',
      { token: TOKEN },
      { baseUrl: HA_SIM_URL },
    );
    await expect(viaRegistry.getEntity({ entityId: 'switch.on_air' })).resolves.toMatchObject({
      state: 'off',
    });
    // Without HOME_ASSISTANT_TOKEN the default instance fails when first asked for, naming the field.
    vi.stubEnv('HOME_ASSISTANT_TOKEN', '');
    expect(() => homeAssistant()).toThrow(/credentials\.token/);
    vi.stubEnv('HOME_ASSISTANT_TOKEN', TOKEN);
    vi.stubEnv('HOME_ASSISTANT_URL', HA_SIM_URL);
    expect(homeAssistant()).toBe(homeAssistant());
    expect(homeAssistant().kind).toBe('device');
    vi.unstubAllEnvs();
    expect(() => createHomeAssistant({ token: '' })).toThrow(/credentials\.token/);
  });
});

describe('WebSocket API', () => {
  it('derives the WebSocket URL from the base URL', () => {
    expect(websocketUrlFor('http://homeassistant.local:8123')).toBe(
      'ws://homeassistant.local:8123/api/websocket',
    );
    expect(websocketUrlFor('https://ha.example.com/')).toBe('wss://ha.example.com/api/websocket');
  });

  it('lists areas and devices from the registries, authenticating first', async () => {
    await expect(ha.listAreas!()).resolves.toEqual([
      { id: 'studio_a', name: 'Studio A' },
      { id: 'control_room', name: 'Control room' },
    ]);
    const devices = await ha.listDevices!();
    expect(devices[0]).toEqual({
      id: '8f1c2e4a1b2c3d4e5f60718293a4b5c6',
      name: 'Key light',
      manufacturer: 'Signify Netherlands B.V.',
      model: 'LCT015',
      areaId: 'studio_a',
    });
    expect(devices[1]).toMatchObject({ name: 'Sun', areaId: undefined });
    expect(simulator.received.slice(0, 2)).toEqual([
      { type: 'auth', access_token: TOKEN },
      { id: 1, type: 'config/area_registry/list' },
    ]);
    await until(() => simulator.connections === 0);
  });

  it("maps result errors with Home Assistant's code, and auth_invalid to AuthenticationError", async () => {
    simulator.admin = false;
    const denied = await rejection(ha.listAreas!());
    expect(PermissionError.isInstance(denied)).toBe(true);
    expect((denied as PermissionError).providerCode).toBe('unauthorized');

    const wrong = createHomeAssistant({ token: 'not-the-token-xyz', baseUrl: HA_SIM_URL, wsUrl });
    const invalid = await rejection(wrong.listDevices!());
    expect(AuthenticationError.isInstance(invalid)).toBe(true);
    expect((invalid as AuthenticationError).providerCode).toBe('auth_invalid');
  });

  it('maps every documented error code', () => {
    expect(NotFoundError.isInstance(homeAssistantWsError({ code: 'not_found' }, 'x'))).toBe(true);
    expect(ValidationError.isInstance(homeAssistantWsError({ code: 'invalid_format' }, 'x'))).toBe(true);
    expect(ValidationError.isInstance(homeAssistantWsError({ code: 'service_validation_error' }, 'x'))).toBe(
      true,
    );
    expect(PermissionError.isInstance(homeAssistantWsError({ code: 'unauthorized' }, 'x'))).toBe(true);
    expect(TimeoutError.isInstance(homeAssistantWsError({ code: 'timeout' }, 'x'))).toBe(true);
    expect(homeAssistantWsError({ code: 'home_assistant_error', message: 'boom' }, 'x')).toMatchObject({
      code: 'provider',
      providerCode: 'home_assistant_error',
    });
  });

  it('maps the documented state_changed event', () => {
    const { state_changed_event } = fixture<{
      state_changed_event: { event: Parameters<typeof toStateChange>[0] };
    }>('ws-messages.json');
    expect(toStateChange(state_changed_event.event)).toMatchObject({
      entityId: 'light.bed_light',
      oldState: { state: 'off' },
      newState: { state: 'on', attributes: { brightness: 180 } },
      time: '2016-11-26T01:37:24.265429+00:00',
    });
  });
});

describe('watchStates', () => {
  async function next(iterator: AsyncIterator<StateChange>): Promise<StateChange> {
    const result = await iterator.next();
    if (result.done) throw new Error('stream ended');
    return result.value;
  }
  const subscriptions = () => simulator.received.filter((m) => m.type === 'subscribe_events');

  it('streams state_changed, survives a dropped connection by resubscribing, and stops on abort', async () => {
    const controller = new AbortController();
    const iterator = ha.watchStates!({ entityIds: ['light.studio'] }, { signal: controller.signal })[
      Symbol.asyncIterator
    ]();
    const first = next(iterator);
    await until(() => subscriptions().length === 1);
    expect(subscriptions()[0]).toEqual({ id: 1, type: 'subscribe_events', event_type: 'state_changed' });
    simulator.setState('switch.on_air', 'on', {}); // filtered out
    await ha.callService({ domain: 'light', service: 'turn_on', target: { entityId: 'light.studio' } });
    await expect(first).resolves.toMatchObject({
      entityId: 'light.studio',
      oldState: { state: 'off' },
      newState: { state: 'on' },
    });

    simulator.dropConnections();
    await until(() => subscriptions().length === 2 && simulator.connections === 1);
    await ha.callService({ domain: 'light', service: 'turn_off', target: { entityId: 'light.studio' } });
    await expect(next(iterator)).resolves.toMatchObject({
      entityId: 'light.studio',
      newState: { state: 'off' },
    });

    controller.abort();
    await expect(iterator.next()).resolves.toMatchObject({ done: true });
    await until(() => simulator.connections === 0);
  });

  it('pings with incrementing ids and reconnects when pongs stop', async () => {
    const fast = createHomeAssistant({
      token: TOKEN,
      baseUrl: HA_SIM_URL,
      wsUrl,
      pingIntervalMs: 60,
      reconnectDelayMs: 20,
    });
    const controller = new AbortController();
    const iterator = fast.watchStates!({}, { signal: controller.signal })[Symbol.asyncIterator]();
    void iterator.next().catch(() => undefined);
    await until(() => simulator.received.filter((m) => m.type === 'ping').length >= 2);
    const ids = simulator.received.filter((m) => typeof m.id === 'number').map((m) => m.id as number);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);

    simulator.answerPings = false;
    await until(() => subscriptions().length >= 2);
    simulator.answerPings = true;
    controller.abort();
    await until(() => simulator.connections === 0);
  });

  it('ends with an AuthenticationError when the token is rejected', async () => {
    const wrong = createHomeAssistant({
      token: 'not-the-token-xyz',
      baseUrl: HA_SIM_URL,
      wsUrl,
      reconnectDelayMs: 20,
    });
    const iterator = wrong.watchStates!()[Symbol.asyncIterator]();
    const error = await rejection(iterator.next());
    expect(AuthenticationError.isInstance(error)).toBe(true);
  });

  it('keeps retrying while Home Assistant is unreachable', async () => {
    const down = createHomeAssistant({
      token: TOKEN,
      baseUrl: HA_SIM_URL,
      wsUrl: 'ws://127.0.0.1:1/api/websocket',
      reconnectDelayMs: 10,
      maxReconnectDelayMs: 20,
    });
    const controller = new AbortController();
    const iterator = down.watchStates!({}, { signal: controller.signal })[Symbol.asyncIterator]();
    const pending = iterator.next();
    await new Promise((r) => setTimeout(r, 150));
    controller.abort();
    await expect(pending).resolves.toMatchObject({ done: true });
  });

  it('rejects invalid entity ids before connecting', () => {
    expect(() => ha.watchStates!({ entityIds: ['Not An Id'] })).toThrow(ValidationError);
  });
});
