import { expectRequestsToMatchSpec, recordRequests, requireSpec } from '@infrafabric/testing';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAws } from '../src/index';
import { CANARY } from './helpers';
import { createEc2Simulator } from './simulator';

// No baseUrl: the SDK resolves the real regional endpoint, which msw intercepts.
const ENDPOINT = 'https://ec2.eu-west-1.amazonaws.com';
const sim = createEc2Simulator({ url: ENDPOINT, pageSize: 1 });
const server = setupServer(...sim.handlers);
const log = recordRequests(server);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

describe('aws requests match the EC2 service model (botocore service-2.json)', () => {
  it('every operation sends a valid EC2 Query request', async (ctx) => {
    const spec = requireSpec(ctx, 'aws-ec2/service-2.json', { format: 'aws-query', serverUrl: ENDPOINT });
    const aws = createAws({ ...CANARY });
    await aws.check();
    const created = await aws.createServer(
      {
        name: 'spec-1',
        size: 't3.micro',
        image: 'ami-0a1b2c3d4e5f60001',
        region: 'eu-west-1',
        userData: '#!/bin/sh\necho hi\n',
        sshKeys: ['deploy'],
        tags: { env: 'spec' },
        providerOptions: { aws: { securityGroupIds: ['sg-0a1b2c'], subnetId: 'subnet-0f00ba' } },
      },
      { idempotencyKey: 'spec-key-1' },
    );
    await aws.createServer({
      name: 'spec-2',
      size: 't3.small',
      image: 'ami-0a1b2c3d4e5f60001',
      region: 'eu-west-1',
    });
    await aws.listServers({ tags: { env: 'spec' } });
    await aws.listServers();
    await aws.getServer({ id: created.id });
    await aws.waitForServer({ id: created.id, status: 'running', pollIntervalMs: 5 });
    await aws.rebootServer({ id: created.id });
    await aws.destroyServer({ id: created.id });
    await aws.listSizes({ filter: 't3.*' });
    await aws.listImages({ owner: 'amazon', filter: 'al2023-*' });
    await aws.listRegions();
    await log.settled();

    const actions = new Set(log.requests.map((r) => new URLSearchParams(r.body).get('Action')));
    expect([...actions].sort()).toEqual([
      'DescribeAccountAttributes',
      'DescribeImages',
      'DescribeInstanceTypes',
      'DescribeInstances',
      'DescribeRegions',
      'RebootInstances',
      'RunInstances',
      'TerminateInstances',
    ]);
    // Pagination really happened (pageSize 1), so NextToken was checked too.
    expect(log.requests.some((r) => new URLSearchParams(r.body).has('NextToken'))).toBe(true);
    expectRequestsToMatchSpec(spec, log.requests);
  });

  it('the checker catches a request EC2 would reject', async (ctx) => {
    const spec = requireSpec(ctx, 'aws-ec2/service-2.json', { format: 'aws-query', serverUrl: ENDPOINT });
    const bad = {
      method: 'POST',
      url: new URL(`${ENDPOINT}/`),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=RunInstances&Version=2016-11-15&ImageId=ami-1&MinCount=one&Tags=x',
    };
    const problems = spec.check(bad).map((m) => m.problem);
    expect(problems.join('\n')).toMatch(/MinCount/);
    expect(problems.join('\n')).toMatch(/MaxCount/);
  });
});
