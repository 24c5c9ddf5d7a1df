import { createHttpFaultInjector, recordRequests } from '@infrafabric/testing';
import { describeProductionAdapter } from '@infrafabric/testing/vitest';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createVmix } from '../src/index';
import { VMIX_SIM_URL, VmixSimulator, vmixFaultResponse } from './simulator';

// A canary: it must never show up in an error, error JSON or audit entry.
const CANARY_PASSWORD = 'canary-vmix-password-7f3a9c';

const simulator = new VmixSimulator();
const handlers = simulator.handlers();
const server = setupServer(...handlers);
const requests = recordRequests(server);

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
beforeEach(() => {
  simulator.reset();
  simulator.auth = { username: 'studio', password: CANARY_PASSWORD };
});
afterAll(() => server.close());

describeProductionAdapter({
  name: 'vmix',
  create: () => createVmix({ baseUrl: VMIX_SIM_URL, username: 'studio', password: CANARY_PASSWORD }),
  faults: createHttpFaultInjector(server, {
    baseUrl: VMIX_SIM_URL,
    errorResponse: vmixFaultResponse,
    simulator: handlers,
  }),
  requests,
  probe: { operation: 'setProgramScene', input: { scene: 'Camera 2' } },
  invalid: { input: { scene: '' }, field: 'scene' },
  samples: [
    { operation: 'listScenes', input: {} },
    { operation: 'setPreviewScene', input: { scene: 'Colour' } },
    { operation: 'transition', input: { type: 'Fade', durationMs: 500 } },
    { operation: 'listInputs', input: {} },
    { operation: 'setInputMute', input: { input: 'Camera 1', muted: true } },
    { operation: 'setInputVolume', input: { input: 'Camera 1', volumeDb: -6 } },
    {
      operation: 'createInput',
      input: { scene: 'Camera 1', name: 'Red', kind: 'Colour', settings: { color: '#FF0000' } },
    },
    { operation: 'setOverlay', input: { channel: 1, input: 'Lower Third.gtzip', visible: true } },
    { operation: 'startStream', input: {} },
    { operation: 'stopStream', input: {} },
    { operation: 'getStreamStatus', input: {} },
    { operation: 'startRecord', input: {} },
    { operation: 'stopRecord', input: {} },
    { operation: 'getRecordStatus', input: {} },
  ],
  secrets: [CANARY_PASSWORD],
});
