import { afterAll, describe, expect, it } from 'vitest';
import { createAzure, sweepManagedServers } from '../src/index';

// Real Azure: runs only with a service principal in the environment. It reads the subscription,
// sizes, images and locations; creating a VM additionally needs INFRAFABRIC_AZURE_LIVE_NIC_ID (an
// existing NIC) and INFRAFABRIC_AZURE_LIVE_SSH_KEY, and deletes the VM whatever happens.
const REQUIRED = [
  'AZURE_SUBSCRIPTION_ID',
  'AZURE_TENANT_ID',
  'AZURE_CLIENT_ID',
  'AZURE_CLIENT_SECRET',
  'AZURE_RESOURCE_GROUP',
  'AZURE_LOCATION',
] as const;
const missing = REQUIRED.filter((name) => !process.env[name]);
if (missing.length > 0) console.info(`[azure live] skipped: set ${missing.join(', ')} to run it`);
const nic = process.env.INFRAFABRIC_AZURE_LIVE_NIC_ID;
const sshKey = process.env.INFRAFABRIC_AZURE_LIVE_SSH_KEY;

describe.skipIf(missing.length > 0)('azure live (real ARM)', () => {
  const azure =
    missing.length > 0
      ? undefined
      : createAzure({
          subscriptionId: process.env.AZURE_SUBSCRIPTION_ID!,
          tenantId: process.env.AZURE_TENANT_ID!,
          clientId: process.env.AZURE_CLIENT_ID!,
          clientSecret: process.env.AZURE_CLIENT_SECRET!,
          resourceGroup: process.env.AZURE_RESOURCE_GROUP!,
          location: process.env.AZURE_LOCATION!,
        });
  const created: string[] = [];

  afterAll(async () => {
    for (const id of created) await azure!.destroyServer({ id }).catch(() => undefined);
    await sweepManagedServers(azure!, { olderThanMs: 2 * 60 * 60 * 1000 }).catch(() => undefined);
  });

  it('reads the subscription, sizes, images and locations', async () => {
    expect((await azure!.check()).id).toBe(process.env.AZURE_SUBSCRIPTION_ID);
    expect((await azure!.listSizes({ filter: 'Standard_B1s' }))[0]).toMatchObject({
      id: 'Standard_B1s',
      vcpus: 1,
    });
    expect(
      (await azure!.listImages({ owner: 'Canonical', filter: 'ubuntu-24_04-lts' })).length,
    ).toBeGreaterThan(0);
    expect((await azure!.listRegions()).some((r) => r.id === process.env.AZURE_LOCATION)).toBe(true);
  });

  it.skipIf(!nic || !sshKey)(
    'creates, waits for, restarts and deletes one tagged VM',
    { timeout: 900_000 },
    async () => {
      const server = await azure!.createServer({
        name: `infrafabric-live-${Date.now()}`,
        size: 'Standard_B1s',
        image: 'Canonical:ubuntu-24_04-lts:server:latest',
        region: process.env.AZURE_LOCATION!,
        sshKeys: [sshKey!],
        providerOptions: { azure: { networkInterfaceId: nic! } },
      });
      created.push(server.id);
      expect(server.status).toBe('pending');
      await azure!.waitForServer({
        id: server.id,
        status: 'running',
        timeoutMs: 600_000,
        pollIntervalMs: 10_000,
      });
      await azure!.rebootServer({ id: server.id });
      await azure!.destroyServer({ id: server.id });
      await azure!.waitForServer({
        id: server.id,
        status: 'terminated',
        timeoutMs: 600_000,
        pollIntervalMs: 10_000,
      });
    },
  );
});
