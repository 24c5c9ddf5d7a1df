import { ValidationError } from '@infrafabric/core';
import { recordRequests } from '@infrafabric/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { armTestRig, CANARY } from './helpers';
import { SIM_SUBSCRIPTION } from './simulator';

const rig = armTestRig();
const log = recordRequests(rig.server);
beforeAll(() => rig.server.listen({ onUnhandledFrame: 'error' }));
beforeEach(() => log.clear());
afterAll(() => rig.server.close());

describe('azure catalog operations', () => {
  it('check() reads the subscription with the same token', async () => {
    const identity = await rig.adapter().check();
    expect(identity).toEqual({
      id: SIM_SUBSCRIPTION,
      name: 'InfraFabric Simulated Subscription',
      details: { state: 'Enabled', tenantId: CANARY.tenantId },
    });
    await log.settled();
    expect(log.requests[0]!.url.searchParams.get('api-version')).toBe('2022-12-01');
  });

  it('lists VM sizes of a location (documented example body)', async () => {
    const sizes = await rig.adapter().listSizes({ region: 'westus' });
    expect(sizes[0]).toEqual({ id: 'Standard_A1_V2', vcpus: 1, memoryMb: 2048, diskGb: 1023 });
    await log.settled();
    expect(log.requests[0]!.url.pathname).toBe(
      `/subscriptions/${SIM_SUBSCRIPTION}/providers/Microsoft.Compute/locations/westus/vmSizes`,
    );
    const filtered = await rig.adapter().listSizes({ filter: 'Standard_A2*' });
    expect(filtered.map((s) => s.id)).toEqual(['Standard_A2_V2']);
  });

  it('lists a publisher’s images as publisher:offer:sku:latest, filtering offers', async () => {
    const images = await rig.adapter().listImages({ owner: 'Canonical', filter: 'ubuntu-24*' });
    expect(images).toEqual([
      { id: 'Canonical:ubuntu-24_04-lts:server:latest', name: 'ubuntu-24_04-lts server', owner: 'Canonical' },
      {
        id: 'Canonical:ubuntu-24_04-lts:server-gen1:latest',
        name: 'ubuntu-24_04-lts server-gen1',
        owner: 'Canonical',
      },
    ]);
    const all = await rig.adapter().listImages({ owner: 'Canonical' });
    expect(all).toHaveLength(3);
  });

  it('needs an owner (publisher) and a location for images', async () => {
    const noOwner = await rig
      .adapter()
      .listImages({})
      .catch((e: unknown) => e);
    expect((noOwner as ValidationError).field).toBe('owner');
    const { createAzure } = await import('../src/index');
    const { fixedTokenCredential } = await import('./helpers');
    const noLocation = await createAzure(
      { subscriptionId: SIM_SUBSCRIPTION },
      { credential: fixedTokenCredential },
    )
      .listSizes()
      .catch((e: unknown) => e);
    expect(ValidationError.isInstance(noLocation)).toBe(true);
    expect((noLocation as ValidationError).field).toBe('region');
    await log.settled();
    expect(log.requests).toHaveLength(0);
  });

  it('lists the subscription’s physical locations', async () => {
    const regions = await rig.adapter().listRegions();
    expect(regions).toEqual([
      { id: 'westeurope', name: 'West Europe', available: true },
      { id: 'eastus', name: 'East US', available: true },
    ]);
  });
});
