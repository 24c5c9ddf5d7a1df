import { createHttpFaultInjector, recordRequests } from '@infrafabric/testing';
import { describeDeviceAdapter } from '@infrafabric/testing/vitest';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createHomeAssistant } from '../src/index';
import { bypassLoopback, HA_SIM_URL, HomeAssistantSimulator, homeAssistantFaultResponse } from './simulator';

// A canary token: it must never appear in an error, error JSON or audit entry.
const CANARY_TOKEN = 'canary-ha-token-eyJhbGciOiJIUzI1NiJ9.c4n4ry';

const simulator = new HomeAssistantSimulator(CANARY_TOKEN);
const handlers = simulator.handlers();
const server = setupServer(...handlers);
const requests = recordRequests(server);
let wsUrl: string;

beforeAll(async () => {
  wsUrl = await simulator.wsUrl();
  server.listen({ onUnhandledFrame: bypassLoopback });
});
beforeEach(() => simulator.reset());
afterAll(async () => {
  server.close();
  await simulator.close();
});

describeDeviceAdapter({
  name: 'home-assistant',
  create: () => createHomeAssistant({ token: CANARY_TOKEN, baseUrl: HA_SIM_URL, wsUrl }),
  faults: createHttpFaultInjector(server, {
    baseUrl: HA_SIM_URL,
    errorResponse: homeAssistantFaultResponse,
    simulator: handlers,
  }),
  requests,
  probe: {
    operation: 'callService',
    input: {
      domain: 'light',
      service: 'turn_on',
      target: { entityId: 'light.studio' },
      data: { brightness_pct: 80 },
    },
  },
  invalid: { input: { domain: 'Light!', service: 'turn_on' }, field: 'domain' },
  samples: [
    { operation: 'listEntities', input: {} },
    { operation: 'getEntity', input: { entityId: 'sun.sun' } },
    { operation: 'listAreas', input: {} },
    { operation: 'listDevices', input: {} },
  ],
  secrets: [CANARY_TOKEN],
});
