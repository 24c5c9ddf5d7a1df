import { describeProductionAdapter } from '@infrafabric/testing/vitest';
import { afterAll, beforeAll } from 'vitest';
import { createObs } from '../src/index';
import {
  createObsFaultInjector,
  OBS_NOT_APPLICABLE,
  ObsSimulator,
  recordSimulatorRequests,
} from './simulator';
import { expectHistoryToMatchProtocol } from './protocol-spec';

const CANARY_PASSWORD = 'canary-obs-password-5f2c9e';
const simulator = new ObsSimulator(CANARY_PASSWORD);

beforeAll(() => simulator.start());
afterAll(async () => {
  await simulator.stop();
  expectHistoryToMatchProtocol(simulator);
});

describeProductionAdapter({
  name: 'obs',
  create: () => {
    simulator.reset();
    simulator.studioMode = true;
    return createObs({ url: simulator.url, password: CANARY_PASSWORD, requestTimeoutMs: 5_000 });
  },
  faults: createObsFaultInjector(simulator),
  requests: recordSimulatorRequests(simulator),
  probe: { operation: 'setProgramScene', input: { scene: 'Live' } },
  invalid: { input: { scene: '' }, field: 'scene' },
  samples: [
    { operation: 'listScenes', input: {} },
    { operation: 'setPreviewScene', input: { scene: 'Live' } },
    { operation: 'transition', input: { type: 'Cut', durationMs: 100 } },
    { operation: 'listInputs', input: {} },
    { operation: 'setInputMute', input: { input: 'Mic/Aux', muted: true } },
    { operation: 'setInputVolume', input: { input: 'Mic/Aux', volumeDb: -6 } },
    { operation: 'createScene', input: { name: 'Interview' } },
    { operation: 'createInput', input: { scene: 'Scene', name: 'Backdrop', kind: 'color_source_v3' } },
    { operation: 'startStream', input: {} },
    { operation: 'getStreamStatus', input: {} },
    { operation: 'startRecord', input: {} },
    { operation: 'getRecordStatus', input: {} },
    { operation: 'getStats', input: {} },
  ],
  secrets: [CANARY_PASSWORD],
  notApplicable: OBS_NOT_APPLICABLE,
});
