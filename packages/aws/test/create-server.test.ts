import { MANAGED_TAG_KEY, ValidationError } from '@infrafabric/core';
import { recordRequests } from '@infrafabric/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ec2TestRig } from './helpers';

const rig = ec2TestRig();
const log = recordRequests(rig.server);
beforeAll(() => rig.server.listen({ onUnhandledFrame: 'error' }));
beforeEach(() => log.clear());
afterAll(() => rig.server.close());

const spec = { name: 'web-1', size: 't3.micro', image: 'ami-0a1b2c3d4e5f60001', region: 'eu-west-1' };

async function sentParams(): Promise<URLSearchParams> {
  await log.settled();
  const last = log.requests.at(-1);
  if (!last) throw new Error('no request sent');
  return new URLSearchParams(last.body);
}

describe('aws createServer', () => {
  it('sends one RunInstances with base64 user data, key, network options, tags and the ClientToken', async () => {
    const aws = rig.adapter();
    const server = await aws.createServer(
      {
        ...spec,
        userData: '#cloud-config\npackages: [nginx]\n',
        sshKeys: ['deploy-key'],
        tags: { env: 'test', team: 'infra' },
        providerOptions: { aws: { securityGroupIds: ['sg-0a1b2c'], subnetId: 'subnet-0f00ba' } },
      },
      { idempotencyKey: 'key-123' },
    );
    const params = await sentParams();
    expect(params.get('Action')).toBe('RunInstances');
    expect(params.get('ImageId')).toBe(spec.image);
    expect(params.get('InstanceType')).toBe('t3.micro');
    expect(params.get('MinCount')).toBe('1');
    expect(params.get('MaxCount')).toBe('1');
    expect(Buffer.from(params.get('UserData') ?? '', 'base64').toString('utf8')).toBe(
      '#cloud-config\npackages: [nginx]\n',
    );
    expect(params.get('KeyName')).toBe('deploy-key');
    expect(params.get('SecurityGroupId.1')).toBe('sg-0a1b2c');
    expect(params.get('SubnetId')).toBe('subnet-0f00ba');
    expect(params.get('ClientToken')).toBe('key-123');
    expect(params.get('TagSpecification.1.ResourceType')).toBe('instance');

    expect(server.status).toBe('pending');
    expect(server.id).toMatch(/^i-[0-9a-f]+$/);
    expect(server.region).toBe('eu-west-1');
    expect(server.tags).toEqual({ env: 'test', team: 'infra', Name: 'web-1', [MANAGED_TAG_KEY]: 'true' });
    expect(server.name).toBe('web-1');
    expect(rig.sim.instances.get(server.id)?.keyName).toBe('deploy-key');
  });

  it('takes providerOptions.aws.keyName over sshKeys', async () => {
    await rig.adapter().createServer({ ...spec, providerOptions: { aws: { keyName: 'ops' } } });
    expect((await sentParams()).get('KeyName')).toBe('ops');
  });

  it('does not launch twice for one idempotency key (EC2 ClientToken)', async () => {
    const aws = rig.adapter();
    const first = await aws.createServer(spec, { idempotencyKey: 'retry-me' });
    const second = await aws.createServer(spec, { idempotencyKey: 'retry-me' });
    expect(second.id).toBe(first.id);
    expect([...rig.sim.instances.values()].filter((i) => i.clientToken === 'retry-me')).toHaveLength(1);
  });

  it('hashes an idempotency key longer than EC2 allows (64 ASCII characters) into a stable token', async () => {
    const aws = rig.adapter();
    const key = 'k'.repeat(100);
    await aws.createServer(spec, { idempotencyKey: key });
    const token = (await sentParams()).get('ClientToken');
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    await aws.createServer(spec, { idempotencyKey: key });
    expect((await sentParams()).get('ClientToken')).toBe(token);
  });

  it.each([
    [{ sshKeys: ['a', 'b'] }, 'sshKeys'],
    [{ tags: { 'aws:cloudformation:stack': 'x' } }, 'tags.aws:cloudformation:stack'],
    [{ providerOptions: { aws: { KeyName: 'x' } } }, 'providerOptions.aws'],
    [{ providerOptions: { aws: { subnetId: 'vpc-123' } } }, 'providerOptions.aws.subnetId'],
    [{ region: 'Europe' }, 'region'],
    [{ image: '' }, 'image'],
  ])('rejects %o before any request, naming %s', async (override, field) => {
    let caught: unknown;
    try {
      await rig.adapter().createServer({ ...spec, ...override });
    } catch (error) {
      caught = error;
    }
    expect(ValidationError.isInstance(caught), String(caught)).toBe(true);
    expect((caught as ValidationError).field).toContain(field);
    await log.settled();
    expect(log.requests).toHaveLength(0);
  });

  it("maps EC2's own rejection of an unknown image to NotFoundError keeping the EC2 code", async () => {
    await expect(
      rig.adapter().createServer({ ...spec, image: 'ami-0000000000000dead' }),
    ).rejects.toMatchObject({
      code: 'not_found',
      providerCode: 'InvalidAMIID.NotFound',
      status: 400,
      provider: 'aws',
      operation: 'createServer',
    });
  });

  it('maps an invalid instance type to ValidationError naming the size', async () => {
    await expect(rig.adapter().createServer({ ...spec, size: 'x9.huge' })).rejects.toMatchObject({
      code: 'validation',
      providerCode: 'InvalidParameterValue',
    });
  });
});
