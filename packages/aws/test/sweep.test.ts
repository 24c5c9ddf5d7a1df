import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepManagedServers } from '../src/index';
import { ec2TestRig } from './helpers';

const rig = ec2TestRig();
beforeAll(() => rig.server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => rig.server.close());

const spec = { size: 't3.micro', image: 'ami-0a1b2c3d4e5f60001', region: 'eu-west-1' };
const HOUR = 3_600_000;

describe('sweepManagedServers', () => {
  it('destroys only managed servers older than the threshold', async () => {
    const aws = rig.adapter();
    const old = await aws.createServer({ ...spec, name: 'old' });
    const fresh = await aws.createServer({ ...spec, name: 'fresh' });
    const now = Date.now();
    rig.sim.backdate(old.id, new Date(now - 3 * HOUR).toISOString());
    // An instance someone launched outside InfraFabric: no managed tag.
    const foreign = await aws.createServer({ ...spec, name: 'foreign' });
    rig.sim.instances.get(foreign.id)!.tags = { Name: 'foreign' };
    rig.sim.backdate(foreign.id, new Date(now - 5 * HOUR).toISOString());

    const dry = await sweepManagedServers(aws, { olderThanMs: 2 * HOUR, dryRun: true });
    expect(dry.destroyed.map((s) => s.id)).toEqual([old.id]);
    expect(rig.sim.instances.get(old.id)?.state).not.toBe('shutting-down');

    const result = await sweepManagedServers(aws, { olderThanMs: 2 * HOUR });
    expect(result.destroyed.map((s) => s.id)).toEqual([old.id]);
    expect(result.failed).toEqual([]);
    expect(rig.sim.instances.get(old.id)?.state).toBe('shutting-down');
    expect(rig.sim.instances.get(fresh.id)?.state).not.toBe('shutting-down');
    expect(rig.sim.instances.get(foreign.id)?.state).not.toBe('shutting-down');

    const again = await sweepManagedServers(aws, { olderThanMs: 2 * HOUR });
    expect(again.destroyed).toEqual([]);
  });
});
