import { MANAGED_TAG_KEY, NotFoundError, ValidationError } from '@infrafabric/core';
import { recordRequests } from '@infrafabric/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ec2TestRig } from './helpers';

const rig = ec2TestRig({ pageSize: 2 });
const log = recordRequests(rig.server);
beforeAll(() => rig.server.listen({ onUnhandledFrame: 'error' }));
beforeEach(() => {
  log.clear();
  rig.sim.instances.clear();
});
afterAll(() => rig.server.close());

const spec = { name: 'web', size: 't3.micro', image: 'ami-0a1b2c3d4e5f60001', region: 'eu-west-1' };

describe('aws servers', () => {
  it('lists every page (NextToken) and maps instances', async () => {
    const aws = rig.adapter();
    for (let i = 0; i < 5; i++) await aws.createServer({ ...spec, name: `web-${i}` });
    log.clear();
    const servers = await aws.listServers();
    expect(servers.map((s) => s.name).sort()).toEqual(['web-0', 'web-1', 'web-2', 'web-3', 'web-4']);
    await log.settled();
    const bodies = log.requests.map((r) => new URLSearchParams(r.body));
    expect(bodies).toHaveLength(3);
    expect(bodies.map((b) => b.get('NextToken'))).toEqual([null, '2', '4']);
  });

  it('filters by tags with tag:<key> filters', async () => {
    const aws = rig.adapter();
    await aws.createServer({ ...spec, name: 'a', tags: { env: 'prod' } });
    await aws.createServer({ ...spec, name: 'b', tags: { env: 'dev' } });
    log.clear();
    const servers = await aws.listServers({ tags: { env: 'prod' } });
    expect(servers.map((s) => s.name)).toEqual(['a']);
    await log.settled();
    const params = new URLSearchParams(log.requests[0]!.body);
    expect(params.get('Filter.1.Name')).toBe('tag:env');
    expect(params.get('Filter.1.Value.1')).toBe('prod');
  });

  it('lists another region by signing for it', async () => {
    const aws = rig.adapter();
    await aws.createServer({ ...spec, name: 'dublin' });
    await aws.createServer({ ...spec, name: 'virginia', region: 'us-east-1' });
    const east = await aws.listServers({ region: 'us-east-1' });
    expect(east.map((s) => [s.name, s.region])).toEqual([['virginia', 'us-east-1']]);
    await log.settled();
    expect(log.requests.at(-1)!.headers.authorization).toContain('/us-east-1/ec2/aws4_request');
  });

  it('follows a server created in another region (get, wait, reboot, destroy sign for that region)', async () => {
    const aws = rig.adapter();
    const created = await aws.createServer({ ...spec, name: 'virginia', region: 'us-east-1' });
    log.clear();
    const running = await aws.waitForServer({ id: created.id, status: 'running', pollIntervalMs: 5 });
    expect(running.region).toBe('us-east-1');
    await aws.rebootServer({ id: created.id });
    await aws.destroyServer({ id: created.id });
    await log.settled();
    expect(log.requests.every((r) => r.headers.authorization!.includes('/us-east-1/ec2/aws4_request'))).toBe(
      true,
    );
    // A fresh adapter has not seen it: the default region (eu-west-1) does not know the id.
    await expect(rig.adapter().getServer({ id: created.id })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('gets one server; unknown and malformed ids map to NotFound and Validation errors', async () => {
    const aws = rig.adapter();
    const created = await aws.createServer(spec);
    const got = await aws.getServer({ id: created.id });
    expect(got).toMatchObject({ id: created.id, name: 'web', size: 't3.micro', image: spec.image });
    expect(got.addresses.private[0]).toMatch(/^172\.31\./);

    const missing = await aws.getServer({ id: 'i-0ffffffffffffffff' }).catch((e: unknown) => e);
    expect(NotFoundError.isInstance(missing)).toBe(true);
    expect((missing as NotFoundError).providerCode).toBe('InvalidInstanceID.NotFound');

    const malformed = await aws.getServer({ id: 'web-1' }).catch((e: unknown) => e);
    expect(ValidationError.isInstance(malformed)).toBe(true);
    expect((malformed as ValidationError).providerCode).toBe('InvalidInstanceID.Malformed');
    expect((malformed as ValidationError).field).toBe('id');
  });

  it('runs the lifecycle: pending → running (waitForServer) → reboot → terminating → terminated', async () => {
    const aws = rig.adapter();
    const created = await aws.createServer(spec);
    expect(created.status).toBe('pending');
    const running = await aws.waitForServer({ id: created.id, status: 'running', pollIntervalMs: 5 });
    expect(running.status).toBe('running');
    expect(running.addresses.public).toHaveLength(1);
    await aws.rebootServer({ id: created.id });
    await log.settled();
    expect(new URLSearchParams(log.requests.at(-1)!.body).get('Action')).toBe('RebootInstances');
    await aws.destroyServer({ id: created.id });
    expect(rig.sim.instances.get(created.id)?.state).toBe('shutting-down');
    const terminated = await aws.waitForServer({ id: created.id, status: 'terminated', pollIntervalMs: 5 });
    expect(terminated).toMatchObject({ status: 'terminated', providerStatus: 'terminated' });
    expect(terminated.tags[MANAGED_TAG_KEY]).toBe('true');
  });

  it('waitForServer fails fast when the server can never reach the status', async () => {
    const aws = rig.adapter();
    const created = await aws.createServer(spec);
    await aws.destroyServer({ id: created.id });
    const error = await aws
      .waitForServer({ id: created.id, status: 'running', pollIntervalMs: 5, timeoutMs: 5_000 })
      .catch((e: unknown) => e);
    expect(ValidationError.isInstance(error)).toBe(true);
  });

  it('waitForServer honours the abort signal', async () => {
    const aws = rig.adapter();
    const created = await aws.createServer(spec);
    await aws.destroyServer({ id: created.id });
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(
      aws.waitForServer({ id: created.id, status: 'terminated' }, { signal: controller.signal }),
    ).rejects.toMatchObject({ provider: 'aws' });
    expect(rig.sim.instances.get(created.id)?.state).toBe('shutting-down');
  });
});
