import { createHttpFaultInjector, recordRequests } from '@infrafabric/testing';
import { describeCloudAdapter } from '@infrafabric/testing/vitest';
import { afterAll, beforeAll } from 'vitest';
import { CANARY, ec2TestRig } from './helpers';
import { EC2_SIM_URL, ec2FaultResponse } from './simulator';

const rig = ec2TestRig();
const requests = recordRequests(rig.server);
beforeAll(() => rig.server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => rig.server.close());

describeCloudAdapter({
  name: 'aws',
  create: () => rig.adapter(),
  faults: createHttpFaultInjector(rig.server, {
    baseUrl: EC2_SIM_URL,
    errorResponse: ec2FaultResponse,
    simulator: rig.sim.handlers,
  }),
  requests,
  probe: {
    operation: 'createServer',
    input: { name: 'web-1', size: 't3.micro', image: 'ami-0a1b2c3d4e5f60001', region: 'eu-west-1' },
  },
  invalid: {
    input: { name: 'web 1', size: 't3.micro', image: 'ami-0a1b2c3d4e5f60001', region: 'eu-west-1' },
    field: 'name',
  },
  samples: [
    { operation: 'listServers', input: {} },
    { operation: 'listSizes', input: {} },
    { operation: 'listImages', input: { owner: 'amazon' } },
    { operation: 'listRegions', input: {} },
  ],
  idempotencyKeyOf: (request) => new URLSearchParams(request.body).get('ClientToken') ?? undefined,
  secrets: [CANARY.secretAccessKey, CANARY.sessionToken],
});
