import { expectRequestsToMatchSpec, recordRequests, requireSpec } from '@infrafabric/testing';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAzure, SUBSCRIPTIONS_API_VERSION } from '../src/index';
import { CANARY, fixedTokenCredential, VM_SPEC } from './helpers';
import { createArmSimulator } from './simulator';

// No baseUrl: the compute client uses the real ARM endpoint, which msw intercepts.
const ARM = 'https://management.azure.com';
const sim = createArmSimulator({ url: ARM, pageSize: 1 });
const server = setupServer(...sim.handlers);
const log = recordRequests(server);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

describe('azure requests match the Compute spec (compute.json, api-version 2020-12-01)', () => {
  it('every compute request is one the spec describes', async (ctx) => {
    const spec = requireSpec(ctx, 'azure-compute/compute.json', { format: 'swagger2', serverUrl: ARM });
    const azure = createAzure({ ...CANARY }, { credential: fixedTokenCredential });
    await azure.check();
    const created = await azure.createServer({
      ...VM_SPEC,
      userData: '#!/bin/sh\necho hi\n',
      tags: { env: 'spec' },
    });
    await azure.createServer({ ...VM_SPEC, name: 'web-2' });
    await azure.getServer({ id: created.id });
    await azure.listServers();
    await createAzure(
      { ...CANARY, resourceGroup: undefined },
      { credential: fixedTokenCredential },
    ).listServers();
    await azure.waitForServer({ id: created.id, status: 'running', pollIntervalMs: 5 });
    await azure.rebootServer({ id: created.id });
    await azure.destroyServer({ id: created.id });
    await azure.listSizes();
    await azure.listImages({ owner: 'Canonical' });
    await azure.listRegions();
    await log.settled();

    const methods = new Set(log.requests.map((r) => r.method));
    expect([...methods].sort()).toEqual(['DELETE', 'GET', 'POST', 'PUT']);
    expect(log.requests.some((r) => r.url.searchParams.has('$skiptoken'))).toBe(true);
    expectRequestsToMatchSpec(spec, log.requests, {
      // The subscription and its locations are Microsoft.Resources (Subscriptions API), not Compute.
      ignore: (r) => r.url.searchParams.get('api-version') === SUBSCRIPTIONS_API_VERSION,
      knownDifferences: [
        {
          match: (m) => /"api-version".*"2026-04-01" is not one of "2020-12-01"/.test(m.problem),
          reason:
            '@azure/arm-compute 25.x sends api-version 2026-04-01; the only single-file Compute spec available is 2020-12-01 (specs/azure-compute/SOURCE.md). The paths and bodies we send exist in both.',
        },
        {
          match: (m) =>
            m.problem.includes('"$expand"') &&
            /^GET \S+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Compute\/virtualMachines$/.test(
              m.request.split(' [')[0]!,
            ),
          reason:
            '$expand=instanceView on the resource-group VM list exists from api-version 2023-07-01; it returns power states without one GET per VM.',
        },
        {
          match: (m) => m.problem.includes('"$skiptoken"'),
          reason:
            "the next page is fetched from the nextLink URL ARM returned, verbatim; its $skiptoken is ARM's own, not a parameter we choose.",
        },
      ],
    });
  });

  it('the checker catches a request the spec does not describe', (ctx) => {
    const spec = requireSpec(ctx, 'azure-compute/compute.json', { format: 'swagger2', serverUrl: ARM });
    const problems = spec.check({
      method: 'POST',
      url: new URL(
        `${ARM}/subscriptions/${CANARY.subscriptionId}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm/reboot?api-version=2020-12-01`,
      ),
      headers: {},
      body: '',
    });
    expect(problems.length).toBeGreaterThan(0);
  });
});
