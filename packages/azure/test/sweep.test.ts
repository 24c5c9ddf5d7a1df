import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepManagedServers } from '../src/index';
import { armTestRig, VM_SPEC } from './helpers';

const rig = armTestRig();
beforeAll(() => rig.server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => rig.server.close());
const HOUR = 3_600_000;

describe('sweepManagedServers (azure)', () => {
  it('deletes only managed VMs older than the threshold', async () => {
    const azure = rig.adapter();
    await azure.createServer({ ...VM_SPEC, name: 'old' });
    await azure.createServer({ ...VM_SPEC, name: 'fresh' });
    await azure.createServer({ ...VM_SPEC, name: 'foreign' });
    const now = Date.now();
    rig.sim.backdate('rg-apps', 'old', new Date(now - 3 * HOUR).toISOString());
    rig.sim.backdate('rg-apps', 'foreign', new Date(now - 3 * HOUR).toISOString());
    rig.sim.find('rg-apps', 'foreign')!.tags = {};

    const result = await sweepManagedServers(azure, { olderThanMs: 2 * HOUR });
    expect(result.destroyed.map((s) => s.name)).toEqual(['old']);
    expect(rig.sim.find('rg-apps', 'old')?.provisioning).toBe('Deleting');
    expect(rig.sim.find('rg-apps', 'fresh')?.provisioning).not.toBe('Deleting');
    expect(rig.sim.find('rg-apps', 'foreign')?.provisioning).not.toBe('Deleting');
  });
});
