import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_THROTTLE_RETRY_AFTER_MS } from '../src/index';
import { ec2TestRig } from './helpers';
import { EC2_SIM_URL, ec2ErrorResponse } from './simulator';

const rig = ec2TestRig();
beforeAll(() => rig.server.listen({ onUnhandledFrame: 'error' }));
beforeEach(() => rig.server.resetHandlers());
afterAll(() => rig.server.close());

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const answer = (response: () => Response | Promise<Response>) =>
  rig.server.use(http.post(`${EC2_SIM_URL}/`, response));

describe('aws error mapping', () => {
  it("maps EC2's documented error body (InvalidInstanceID.NotFound) to NotFoundError", async () => {
    answer(() => new HttpResponse(fixture('error-instance-not-found.xml'), { status: 400 }));
    await expect(rig.adapter().destroyServer({ id: 'i-1a2b3c4d' })).rejects.toMatchObject({
      name: 'NotFoundError',
      providerCode: 'InvalidInstanceID.NotFound',
      status: 400,
      operation: 'destroyServer',
      message: expect.stringContaining("The instance ID 'i-1a2b3c4d' does not exist"),
    });
  });

  it.each([
    ['AuthFailure', 401, 'authentication', false],
    ['UnauthorizedOperation', 403, 'permission', false],
    ['InvalidParameterValue', 400, 'validation', false],
    ['InvalidInstanceID.Malformed', 400, 'validation', false],
    ['InsufficientInstanceCapacity', 500, 'provider', true],
    ['InternalError', 500, 'provider', true],
    ['VcpuLimitExceeded', 400, 'provider', false],
    ['IdempotentParameterMismatch', 400, 'validation', false],
    ['SomethingNew', 400, 'validation', false],
  ])('maps %s (HTTP %i) to %s (retryable: %s)', async (code, status, coreCode, retryable) => {
    answer(() => ec2ErrorResponse(code, `simulated ${code}`, status));
    await expect(rig.adapter().rebootServer({ id: 'i-0123456789abcdef0' })).rejects.toMatchObject({
      code: coreCode,
      providerCode: code,
      status,
      retryable,
    });
  });

  it('maps RequestLimitExceeded to RateLimitError, with a default wait when EC2 sends no Retry-After', async () => {
    answer(() => ec2ErrorResponse('RequestLimitExceeded', 'Request limit exceeded.', 503));
    await expect(rig.adapter().listServers()).rejects.toMatchObject({
      name: 'RateLimitError',
      retryAfterMs: DEFAULT_THROTTLE_RETRY_AFTER_MS,
    });
    answer(() => ec2ErrorResponse('Throttling', 'Rate exceeded', 400, { 'retry-after': '7' }));
    await expect(rig.adapter().listServers()).rejects.toMatchObject({
      name: 'RateLimitError',
      retryAfterMs: 7_000,
    });
  });

  it('maps a non-EC2 error body (a proxy page) by HTTP status', async () => {
    answer(
      () =>
        new HttpResponse('<html>Bad gateway</html>', {
          status: 502,
          headers: { 'content-type': 'text/html' },
        }),
    );
    await expect(rig.adapter().listRegions()).rejects.toMatchObject({
      code: 'provider',
      status: 502,
      retryable: true,
    });
  });

  it('turns an aborted call into a TimeoutError', async () => {
    answer(() => new Promise<Response>(() => undefined));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    await expect(rig.adapter().listRegions(undefined, { signal: controller.signal })).rejects.toMatchObject({
      name: 'TimeoutError',
      provider: 'aws',
    });
  });

  it('maps the documented DescribeInstances example onto a Server', async () => {
    answer(
      () => new HttpResponse(fixture('describe-instances.xml'), { headers: { 'content-type': 'text/xml' } }),
    );
    const server = await rig.adapter().getServer({ id: 'i-1234567890abcdef0' });
    expect(server).toEqual({
      id: 'i-1234567890abcdef0',
      name: 'Server_1',
      status: 'running',
      providerStatus: 'running',
      size: 't2.micro',
      image: 'ami-bff32ccc',
      region: 'eu-west-1',
      addresses: { public: ['54.194.252.215'], private: ['192.168.1.88'] },
      tags: { Name: 'Server_1' },
      createdAt: '2018-05-08T16:46:19.000Z',
    });
  });

  it('reads the documented TerminateInstances and DescribeRegions examples', async () => {
    answer(
      () => new HttpResponse(fixture('terminate-instances.xml'), { headers: { 'content-type': 'text/xml' } }),
    );
    await expect(rig.adapter().destroyServer({ id: 'i-1234567890abcdef0' })).resolves.toBeUndefined();
    answer(
      () => new HttpResponse(fixture('describe-regions.xml'), { headers: { 'content-type': 'text/xml' } }),
    );
    expect((await rig.adapter().listRegions()).map((r) => [r.id, r.available])).toEqual([
      ['us-east-1', true],
      ['eu-west-1', true],
      ['af-south-1', false],
    ]);
  });
});
