import { MANAGED_TAG_KEY, NotFoundError, ValidationError } from '@infrafabric/core';
import { recordRequests } from '@infrafabric/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { armTestRig, VM_SPEC } from './helpers';

const rig = armTestRig({ pageSize: 2 });
const log = recordRequests(rig.server);
beforeAll(() => rig.server.listen({ onUnhandledFrame: 'error' }));
beforeEach(() => {
  log.clear();
  rig.sim.vms.clear();
});
afterAll(() => rig.server.close());

describe('azure servers', () => {
  it('lists the resource group over every nextLink page with instance views, filtering tags locally', async () => {
    const azure = rig.adapter();
    for (let i = 0; i < 5; i++)
      await azure.createServer({ ...VM_SPEC, name: `web-${i}`, tags: { env: i % 2 === 0 ? 'prod' : 'dev' } });
    log.clear();
    const servers = await azure.listServers();
    expect(servers.map((s) => s.name).sort()).toEqual(['web-0', 'web-1', 'web-2', 'web-3', 'web-4']);
    expect(servers.every((s) => s.status === 'pending')).toBe(true);
    await log.settled();
    expect(log.requests).toHaveLength(3);
    expect(log.requests[0]!.url.searchParams.get('$expand')).toBe('instanceView');
    const prod = await azure.listServers({ tags: { env: 'prod' } });
    expect(prod.map((s) => s.name).sort()).toEqual(['web-0', 'web-2', 'web-4']);
    expect(await azure.listServers({ region: 'eastus' })).toEqual([]);
  });

  it('lists the whole subscription (statusOnly) when no resource group is configured', async () => {
    await rig.adapter().createServer(VM_SPEC);
    log.clear();
    const servers = await rig.adapter({ resourceGroup: undefined }).listServers();
    expect(servers.map((s) => s.name)).toEqual(['web-1']);
    await log.settled();
    expect(log.requests[0]!.url.pathname).toMatch(/\/providers\/Microsoft\.Compute\/virtualMachines$/);
    expect(log.requests[0]!.url.searchParams.get('statusOnly')).toBe('true');
  });

  it('gets a VM by resource id or by name, with its power state', async () => {
    const azure = rig.adapter();
    const created = await azure.createServer(VM_SPEC);
    const first = await azure.getServer({ id: created.id });
    expect(first).toMatchObject({ status: 'pending', providerStatus: 'ProvisioningState/creating' });
    const second = await azure.getServer({ id: 'web-1' });
    expect(second).toMatchObject({
      id: created.id,
      status: 'pending',
      providerStatus: 'PowerState/starting',
    });
    const third = await azure.getServer({ id: created.id });
    expect(third).toMatchObject({ status: 'running', providerStatus: 'PowerState/running' });
    expect(third.createdAt).toMatch(/^\d{4}-/);
  });

  it('maps an unknown VM to NotFoundError and a foreign id to ValidationError', async () => {
    const azure = rig.adapter();
    const missing = await azure.getServer({ id: 'nope' }).catch((e: unknown) => e);
    expect(NotFoundError.isInstance(missing)).toBe(true);
    expect((missing as NotFoundError).providerCode).toBe('ResourceNotFound');
    const foreign = await azure
      .getServer({
        id: '/subscriptions/99999999-9999-9999-9999-999999999999/resourceGroups/x/providers/Microsoft.Compute/virtualMachines/y',
      })
      .catch((e: unknown) => e);
    expect(ValidationError.isInstance(foreign)).toBe(true);
    expect((foreign as ValidationError).field).toBe('id');
    await log.settled();
    expect(log.requests).toHaveLength(1);
  });

  it('runs the lifecycle: create → running → restart → delete → terminated', async () => {
    const azure = rig.adapter();
    const created = await azure.createServer(VM_SPEC);
    const running = await azure.waitForServer({ id: created.id, status: 'running', pollIntervalMs: 5 });
    expect(running.status).toBe('running');
    expect(running.tags[MANAGED_TAG_KEY]).toBe('true');
    log.clear();
    await azure.rebootServer({ id: created.id });
    await log.settled();
    expect(log.requests.map((r) => `${r.method} ${r.url.pathname.split('/').pop()}`)).toEqual([
      'POST restart',
    ]);
    await azure.destroyServer({ id: created.id });
    expect(rig.sim.find('rg-apps', 'web-1')?.provisioning).toBe('Deleting');
    expect((await azure.getServer({ id: created.id })).status).toBe('terminating');
    const gone = await azure.waitForServer({ id: created.id, status: 'terminated', pollIntervalMs: 5 });
    expect(gone).toMatchObject({ id: created.id, status: 'terminated' });
  });

  it('maps restarting a VM being deleted to ValidationError (409 OperationNotAllowed)', async () => {
    const azure = rig.adapter();
    const created = await azure.createServer(VM_SPEC);
    await azure.destroyServer({ id: created.id });
    await expect(azure.rebootServer({ id: created.id })).rejects.toMatchObject({
      code: 'validation',
      status: 409,
      providerCode: 'OperationNotAllowed',
    });
  });
});
