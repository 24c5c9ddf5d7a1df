import { type RecordedRequest, recordRequests } from '@infrafabric/testing';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHomeAssistant } from '../src/index';
import { bypassLoopback, HA_SIM_URL, HomeAssistantSimulator } from './simulator';

/*
 * Home Assistant publishes no machine-readable API description (see /work/shared/specs/README.md:
 * "REST/WebSocket documented only in markdown"), so `requireSpec` has nothing to load. Every REST
 * request and WebSocket message is checked against the documented contract transcribed in
 * __fixtures__/documented-api.json instead.
 */
import documented from './__fixtures__/documented-api.json' with { type: 'json' };

const TOKEN = 'spec-ha-token-0123456789';

function restProblems(request: RecordedRequest): string[] {
  const label = `${request.method} ${request.url.pathname}${request.url.search}`;
  const endpoint = documented.rest.find(
    (e) => e.method === request.method && new RegExp(e.path).test(request.url.pathname),
  );
  if (!endpoint) return [`${label}: not a documented endpoint`];
  const problems: string[] = [];
  if ('websocket' in endpoint) {
    // The upgrade request carries no token: the WebSocket API authenticates in-band.
    if (request.headers.upgrade?.toLowerCase() !== 'websocket')
      problems.push(`${label}: not a WebSocket upgrade`);
    return problems;
  }
  if (request.headers.authorization !== `Bearer ${TOKEN}`) problems.push(`${label}: no bearer token`);
  for (const key of request.url.searchParams.keys()) {
    if (!(endpoint.query ?? []).includes(key)) problems.push(`${label}: undocumented query "${key}"`);
  }
  if (endpoint.jsonBody) {
    if (!request.headers['content-type']?.startsWith('application/json'))
      problems.push(`${label}: body is not JSON`);
    const body = JSON.parse(request.body || 'null') as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      problems.push(`${label}: body is not an object`);
  } else if (request.body) problems.push(`${label}: unexpected body`);
  return problems;
}

function wsProblems(messages: ReadonlyArray<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  const commands = documented.websocket.commands as Record<string, string[]>;
  let lastId = 0;
  for (const message of messages) {
    if (message.type === 'auth') {
      const extra = Object.keys(message).filter((k) => !documented.websocket.auth.fields.includes(k));
      if (extra.length > 0 || typeof message.access_token !== 'string')
        problems.push(`auth: ${JSON.stringify(Object.keys(message))}`);
      lastId = 0; // a new connection: ids start again
      continue;
    }
    const type = String(message.type);
    const allowed = commands[type];
    if (!allowed) {
      problems.push(`"${type}" is not a documented command`);
      continue;
    }
    if (typeof message.id !== 'number' || message.id <= lastId)
      problems.push(`${type}: id ${String(message.id)} does not increase`);
    lastId = Number(message.id);
    const extra = Object.keys(message).filter((k) => k !== 'id' && k !== 'type' && !allowed.includes(k));
    if (extra.length > 0) problems.push(`${type}: undocumented fields ${extra.join(', ')}`);
  }
  return problems;
}

const simulator = new HomeAssistantSimulator(TOKEN);
const server = setupServer(...simulator.handlers());
const log = recordRequests(server);
let wsUrl: string;

beforeAll(async () => {
  wsUrl = await simulator.wsUrl();
  server.listen({ onUnhandledFrame: bypassLoopback });
});
afterAll(async () => {
  server.close();
  await simulator.close();
});

describe('Home Assistant requests match the documented REST and WebSocket APIs', () => {
  it('every REST request and WebSocket message of every operation', async () => {
    const ha = createHomeAssistant({ token: TOKEN, baseUrl: HA_SIM_URL, wsUrl, pingIntervalMs: 50 });
    await ha.check();
    await ha.listEntities();
    await ha.getEntity({ entityId: 'light.studio' });
    await ha.callService({
      domain: 'light',
      service: 'turn_on',
      target: { entityId: 'light.studio', areaId: 'studio_a' },
      data: { brightness: 10 },
    });
    await ha
      .callServiceWithResponse({ domain: 'light', service: 'turn_on', target: { entityId: 'light.studio' } })
      .catch(() => undefined);
    await ha.listAreas!();
    await ha.listDevices!();
    const controller = new AbortController();
    const iterator = ha.watchStates!({}, { signal: controller.signal })[Symbol.asyncIterator]();
    void iterator.next().catch(() => undefined);
    const started = Date.now();
    while (!simulator.received.some((m) => m.type === 'ping') && Date.now() - started < 3000) {
      await new Promise((r) => setTimeout(r, 10));
    }
    controller.abort();
    await log.settled();

    expect(log.requests.flatMap(restProblems)).toEqual([]);
    expect(wsProblems(simulator.received)).toEqual([]);
    // Not vacuous: every endpoint and command was exercised.
    expect(log.requests.filter((r) => r.url.pathname !== '/api/websocket')).toHaveLength(6);
    expect(new Set(simulator.received.map((m) => m.type))).toEqual(
      new Set([
        'auth',
        'config/area_registry/list',
        'config/device_registry/list',
        'subscribe_events',
        'ping',
      ]),
    );
  });
});
