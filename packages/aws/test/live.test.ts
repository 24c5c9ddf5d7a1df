import { afterAll, describe, expect, it } from 'vitest';
import { createAws, sweepManagedServers } from '../src/index';

// Real EC2: runs only with real credentials in the environment. Launches one t3.micro for a few
// minutes (about 1 US cent) and terminates it, whatever happens.
const REQUIRED = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION'] as const;
const missing = REQUIRED.filter((name) => !process.env[name]);
if (missing.length > 0) console.info(`[aws live] skipped: set ${missing.join(', ')} to run it`);

describe.skipIf(missing.length > 0)('aws live (real EC2)', () => {
  const aws =
    missing.length > 0
      ? undefined
      : createAws({
          accessKeyId: process.env.AWS_ACCESS_KEY_ID!,
          secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY!,
          sessionToken: process.env.AWS_SESSION_TOKEN || undefined,
          region: process.env.AWS_REGION!,
        });
  const created: string[] = [];

  afterAll(async () => {
    for (const id of created) await aws!.destroyServer({ id }).catch(() => undefined);
    // Leftovers of crashed earlier runs (never younger ones: another run may be using them).
    await sweepManagedServers(aws!, { olderThanMs: 2 * 60 * 60 * 1000 }).catch(() => undefined);
    await aws!.close?.();
  });

  it('checks the credentials and lists regions and sizes', async () => {
    const identity = await aws!.check();
    expect(identity.id).toBe(process.env.AWS_REGION);
    expect((await aws!.listRegions()).length).toBeGreaterThan(5);
    expect((await aws!.listSizes({ filter: 't3.micro' }))[0]).toMatchObject({ id: 't3.micro', vcpus: 2 });
  });

  it('launches, waits for, reboots and terminates one tagged instance', { timeout: 600_000 }, async () => {
    const image =
      process.env.INFRAFABRIC_AWS_LIVE_AMI ??
      (await aws!.listImages({ owner: 'amazon', filter: 'al2023-ami-2023.*-kernel-6.1-x86_64' }))
        .map((i) => ({ id: i.id, name: i.name ?? '' }))
        .sort((a, b) => b.name.localeCompare(a.name))[0]?.id;
    expect(image, 'no Amazon Linux 2023 AMI found; set INFRAFABRIC_AWS_LIVE_AMI').toBeDefined();
    const server = await aws!.createServer(
      {
        name: `infrafabric-live-${Date.now()}`,
        size: 't3.micro',
        image: image!,
        region: process.env.AWS_REGION!,
      },
      { idempotencyKey: `infrafabric-live-${Date.now()}` },
    );
    created.push(server.id);
    expect(server.status).toBe('pending');
    expect(server.tags['infrafabric-managed']).toBe('true');
    const running = await aws!.waitForServer({
      id: server.id,
      status: 'running',
      timeoutMs: 300_000,
      pollIntervalMs: 5_000,
    });
    expect(running.status).toBe('running');
    await aws!.rebootServer({ id: server.id });
    await aws!.destroyServer({ id: server.id });
    const gone = await aws!.getServer({ id: server.id });
    expect(['terminating', 'terminated']).toContain(gone.status);
  });
});
