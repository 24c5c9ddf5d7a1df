import { recordRequests } from '@infrafabric/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { awsCostModel } from '../src/index';
import { ec2TestRig } from './helpers';

const rig = ec2TestRig({ pageSize: 3 });
const log = recordRequests(rig.server);
beforeAll(() => rig.server.listen({ onUnhandledFrame: 'error' }));
beforeEach(() => log.clear());
afterAll(() => rig.server.close());

async function params(index: number): Promise<URLSearchParams> {
  await log.settled();
  return new URLSearchParams(log.requests[index]!.body);
}

describe('aws catalog operations', () => {
  it('check() proves the credentials with DescribeAccountAttributes and reports the region', async () => {
    const identity = await rig.adapter().check();
    expect((await params(0)).get('Action')).toBe('DescribeAccountAttributes');
    expect(identity.id).toBe('eu-west-1');
    expect(identity.details).toMatchObject({
      region: 'eu-west-1',
      accountAttributes: { 'default-vpc': ['vpc-0a1b2c3d'], 'max-instances': ['20'] },
    });
  });

  it('lists sizes over every page with vCPUs, memory, GPUs, disk and the price estimate', async () => {
    const sizes = await rig.adapter().listSizes();
    await log.settled();
    expect(log.requests).toHaveLength(2);
    expect(sizes.map((s) => s.id)).toEqual(['t3.micro', 't3.small', 'm5.large', 'g4dn.xlarge']);
    expect(sizes[0]).toEqual({
      id: 't3.micro',
      vcpus: 2,
      memoryMb: 1024,
      diskGb: undefined,
      gpus: 0,
      priceHourly: { amount: 2, currency: 'USD' },
    });
    expect(sizes[3]).toMatchObject({
      id: 'g4dn.xlarge',
      vcpus: 4,
      gpus: 1,
      diskGb: 125,
      priceHourly: undefined,
    });
  });

  it('filters sizes by an instance-type pattern', async () => {
    const sizes = await rig.adapter().listSizes({ filter: 't3.*' });
    expect(sizes.map((s) => s.id)).toEqual(['t3.micro', 't3.small']);
    const sent = await params(0);
    expect(sent.get('Filter.1.Name')).toBe('instance-type');
    expect(sent.get('Filter.1.Value.1')).toBe('t3.*');
  });

  it('lists images of an owner matching a name pattern', async () => {
    const images = await rig.adapter().listImages({ owner: 'amazon', filter: 'al2023-ami-*' });
    expect(images).toEqual([
      {
        id: 'ami-0a1b2c3d4e5f60001',
        name: 'al2023-ami-2023.6.20250115.0-kernel-6.1-x86_64',
        description: 'al2023-ami-2023.6.20250115.0-kernel-6.1-x86_64 (simulated)',
        owner: 'amazon',
        architecture: 'x86_64',
      },
    ]);
    const sent = await params(0);
    expect(sent.get('Owner.1')).toBe('amazon');
    expect(sent.get('Filter.2.Name')).toBe('name');
    expect(sent.get('Filter.2.Value.1')).toBe('al2023-ami-*');
  });

  it("lists only the account's own images when no owner is given", async () => {
    const images = await rig.adapter().listImages();
    expect(images.map((i) => i.name)).toEqual(['my-golden-image-v3']);
    expect((await params(0)).get('Owner.1')).toBe('self');
  });

  it('lists regions, marking the ones not opted in as unavailable', async () => {
    const regions = await rig.adapter().listRegions();
    expect(regions).toContainEqual({
      id: 'af-south-1',
      name: 'ec2.af-south-1.amazonaws.com',
      available: false,
    });
    expect(regions.find((r) => r.id === 'eu-west-1')?.available).toBe(true);
    expect((await params(0)).get('AllRegions')).toBe('true');
  });

  it('estimates createServer at one hour of the instance type, rounded up to the cent', () => {
    expect(awsCostModel.estimate?.('createServer', { size: 'm5.large' })).toEqual({
      amount: 10,
      currency: 'USD',
    });
    expect(awsCostModel.estimate?.('createServer', { size: 'x1e.32xlarge' })).toBeUndefined();
    expect(awsCostModel.estimate?.('listServers', {})).toBeUndefined();
  });
});
