import { MANAGED_TAG_KEY, ValidationError } from '@infrafabric/core';
import { recordRequests } from '@infrafabric/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { armTestRig, NIC_ID, SSH_KEY, VM_SPEC } from './helpers';
import { SIM_SUBSCRIPTION } from './simulator';

const rig = armTestRig();
const log = recordRequests(rig.server);
beforeAll(() => rig.server.listen({ onUnhandledFrame: 'error' }));
beforeEach(() => {
  log.clear();
  rig.sim.vms.clear();
});
afterAll(() => rig.server.close());

describe('azure createServer', () => {
  it('PUTs the VM once and returns at once with a pending server (no LRO polling)', async () => {
    const server = await rig.adapter().createServer({
      ...VM_SPEC,
      userData: '#cloud-config\npackages: [nginx]\n',
      tags: { env: 'test' },
    });
    await log.settled();
    expect(log.requests).toHaveLength(1);
    const [put] = log.requests;
    expect(put!.method).toBe('PUT');
    expect(put!.url.pathname).toBe(
      `/subscriptions/${SIM_SUBSCRIPTION}/resourceGroups/rg-apps/providers/Microsoft.Compute/virtualMachines/web-1`,
    );
    expect(put!.headers['if-none-match']).toBe('*');
    const body = JSON.parse(put!.body);
    expect(body).toMatchObject({
      location: 'westeurope',
      tags: { env: 'test', [MANAGED_TAG_KEY]: 'true' },
      properties: {
        hardwareProfile: { vmSize: 'Standard_B1s' },
        storageProfile: {
          imageReference: {
            publisher: 'Canonical',
            offer: 'ubuntu-24_04-lts',
            sku: 'server',
            version: 'latest',
          },
          osDisk: {
            createOption: 'FromImage',
            deleteOption: 'Delete',
            managedDisk: { storageAccountType: 'Standard_LRS' },
          },
        },
        osProfile: {
          computerName: 'web-1',
          adminUsername: 'azureuser',
          linuxConfiguration: {
            disablePasswordAuthentication: true,
            ssh: { publicKeys: [{ path: '/home/azureuser/.ssh/authorized_keys', keyData: SSH_KEY }] },
          },
        },
        networkProfile: { networkInterfaces: [{ id: NIC_ID, properties: { primary: true } }] },
      },
    });
    expect(Buffer.from(body.properties.osProfile.customData, 'base64').toString('utf8')).toBe(
      '#cloud-config\npackages: [nginx]\n',
    );
    expect(server).toMatchObject({
      id: `/subscriptions/${SIM_SUBSCRIPTION}/resourceGroups/rg-apps/providers/Microsoft.Compute/virtualMachines/web-1`,
      name: 'web-1',
      status: 'pending',
      size: 'Standard_B1s',
      image: 'Canonical:ubuntu-24_04-lts:server:latest',
      region: 'westeurope',
      tags: { env: 'test', [MANAGED_TAG_KEY]: 'true' },
    });
    expect(rig.sim.find('rg-apps', 'web-1')?.provisioning).toBe('Creating');
  });

  it('takes the resource group, admin user and disk type from providerOptions.azure, and custom image ids', async () => {
    const image = `/subscriptions/${SIM_SUBSCRIPTION}/resourceGroups/images/providers/Microsoft.Compute/images/golden`;
    await rig.adapter({ resourceGroup: undefined }).createServer({
      ...VM_SPEC,
      image,
      providerOptions: {
        azure: {
          networkInterfaceId: NIC_ID,
          resourceGroup: 'rg-other',
          adminUsername: 'ops',
          osDiskType: 'Premium_LRS',
        },
      },
    });
    await log.settled();
    expect(log.requests[0]!.url.pathname).toContain('/resourceGroups/rg-other/');
    const body = JSON.parse(log.requests[0]!.body);
    expect(body.properties.storageProfile.imageReference).toEqual({ id: image });
    expect(body.properties.osProfile.adminUsername).toBe('ops');
    expect(body.properties.storageProfile.osDisk.managedDisk.storageAccountType).toBe('Premium_LRS');
  });

  it('never overwrites an existing VM: a second create of the name is a ValidationError (If-None-Match)', async () => {
    const azure = rig.adapter();
    await azure.createServer(VM_SPEC);
    const error = await azure.createServer({ ...VM_SPEC, size: 'Standard_D2s_v3' }).catch((e: unknown) => e);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 412, providerCode: 'PreconditionFailed', field: 'name' });
    expect(rig.sim.find('rg-apps', 'web-1')?.properties.hardwareProfile).toEqual({ vmSize: 'Standard_B1s' });
  });

  it.each([
    [{ providerOptions: { azure: {} } }, 'providerOptions.azure.networkInterfaceId'],
    [
      { providerOptions: { azure: { networkInterfaceId: 'web-1-nic' } } },
      'providerOptions.azure.networkInterfaceId',
    ],
    [{ providerOptions: { azure: { networkInterfaceId: NIC_ID, size: 'x' } } }, 'providerOptions.azure'],
    [{ sshKeys: [] }, 'sshKeys'],
    [{ sshKeys: ['not a key'] }, 'sshKeys.0'],
    [{ image: 'ubuntu' }, 'image'],
    [{ region: 'West Europe' }, 'region'],
    [{ tags: { 'a/b': 'x' } }, 'tags.a/b'],
  ])('rejects %o before any request, naming %s', async (override, field) => {
    const error = await rig
      .adapter()
      .createServer({ ...VM_SPEC, ...override })
      .catch((e: unknown) => e);
    expect(ValidationError.isInstance(error), String(error)).toBe(true);
    expect((error as ValidationError).field).toContain(field);
    await log.settled();
    expect(log.requests).toHaveLength(0);
  });

  it('requires a resource group when none is configured', async () => {
    const error = await rig
      .adapter({ resourceGroup: undefined })
      .createServer(VM_SPEC)
      .catch((e: unknown) => e);
    expect((error as ValidationError).field).toBe('providerOptions.azure.resourceGroup');
  });
});
