import { createHttpFaultInjector, recordRequests } from '@infrafabric/testing';
import { describeCloudAdapter } from '@infrafabric/testing/vitest';
import { afterAll, beforeAll } from 'vitest';
import { CANARY, armTestRig, VM_SPEC } from './helpers';
import { ARM_SIM_URL, armFaultResponse, SIM_TOKEN } from './simulator';

const rig = armTestRig();
const requests = recordRequests(rig.server);
beforeAll(() => rig.server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => rig.server.close());

let counter = 0;
describeCloudAdapter({
  name: 'azure',
  create: () => rig.adapter(),
  faults: createHttpFaultInjector(rig.server, {
    baseUrl: ARM_SIM_URL,
    errorResponse: armFaultResponse,
    simulator: rig.sim.handlers,
  }),
  requests,
  probe: {
    operation: 'createServer',
    // A getter so every run creates a fresh VM name (a create never overwrites: If-None-Match).
    get input() {
      counter += 1;
      return { ...VM_SPEC, name: `web-${counter}` };
    },
  },
  invalid: {
    input: { ...VM_SPEC, providerOptions: { azure: {} } },
    field: 'providerOptions.azure.networkInterfaceId',
  },
  samples: [
    { operation: 'listServers', input: {} },
    { operation: 'listSizes', input: {} },
    { operation: 'listImages', input: { owner: 'Canonical' } },
    { operation: 'listRegions', input: {} },
  ],
  secrets: [CANARY.clientSecret, SIM_TOKEN],
});
