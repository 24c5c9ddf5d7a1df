import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_THROTTLE_RETRY_AFTER_MS, serverStatusOf } from '../src/index';
import { armTestRig } from './helpers';
import { ARM_SIM_URL, armError } from './simulator';

const rig = armTestRig();
beforeAll(() => rig.server.listen({ onUnhandledFrame: 'error' }));
beforeEach(() => rig.server.resetHandlers());
afterAll(() => rig.server.close());

const example = (name: string) =>
  (
    JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as {
      responses: Record<string, { body: Record<string, unknown> }>;
    }
  ).responses['200']!.body;
const answer = (response: () => Response | Promise<Response>) =>
  rig.server.use(http.all(`${ARM_SIM_URL}/*`, response));

describe('azure error and response mapping', () => {
  it.each([
    [401, 'InvalidAuthenticationToken', 'authentication', false],
    [403, 'AuthorizationFailed', 'permission', false],
    [404, 'ResourceNotFound', 'not_found', false],
    [409, 'OperationNotAllowed', 'validation', false],
    [
      409,
      'OperationNotAllowed',
      'provider',
      false,
      'Operation could not be completed as it results in exceeding approved standardDSv3Family Cores quota.',
    ],
    [400, 'SkuNotAvailable', 'validation', false],
    [500, 'AllocationFailed', 'provider', true],
    [503, 'ServiceUnavailable', 'provider', true],
  ])(
    'maps HTTP %i %s to %s (retryable %s)',
    async (status, code, coreCode, retryable, message = `simulated ${code}`) => {
      answer(() => armError(status, code, message));
      await expect(rig.adapter().getServer({ id: 'web-1' })).rejects.toMatchObject({
        code: coreCode,
        providerCode: code,
        status,
        retryable,
        provider: 'azure',
        operation: 'getServer',
      });
    },
  );

  it('maps 429 to RateLimitError with Retry-After, or a default wait without it', async () => {
    answer(() => armError(429, 'TooManyRequests', 'throttled', { 'retry-after': '17' }));
    await expect(rig.adapter().listSizes()).rejects.toMatchObject({
      name: 'RateLimitError',
      retryAfterMs: 17_000,
    });
    answer(() => armError(429, 'TooManyRequests', 'throttled'));
    await expect(rig.adapter().listRegions()).rejects.toMatchObject({
      name: 'RateLimitError',
      retryAfterMs: DEFAULT_THROTTLE_RETRY_AFTER_MS,
    });
  });

  it('maps a dropped connection to NetworkError and an abort to TimeoutError', async () => {
    answer(() => HttpResponse.error());
    await expect(rig.adapter().getServer({ id: 'web-1' })).rejects.toMatchObject({ name: 'NetworkError' });
    answer(() => new Promise<Response>(() => undefined));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    await expect(
      rig.adapter().getServer({ id: 'web-1' }, { signal: controller.signal }),
    ).rejects.toMatchObject({
      name: 'TimeoutError',
    });
  });

  it('maps the documented GET virtual machine example onto a Server', async () => {
    const body = example('GetVirtualMachine.json');
    answer(() => HttpResponse.json(body));
    const server = await rig.adapter().getServer({ id: 'myVM' });
    expect(server).toMatchObject({
      id: '/subscriptions/{subscription-id}/resourceGroups/myResourceGroup/providers/Microsoft.Compute/virtualMachines/myVM',
      name: 'myVM',
      size: 'Standard_DS3_v2',
      image: 'MicrosoftWindowsServer:WindowsServer:2016-Datacenter:latest',
      region: 'West US',
      tags: { myTag1: 'tagValue1' },
      addresses: { public: [], private: [] },
    });
  });

  it('reads the power state from the documented instance view example', () => {
    const view = example('GetVirtualMachineInstanceView.json') as never;
    expect(serverStatusOf({ instanceView: view })).toEqual({
      status: 'running',
      providerStatus: 'PowerState/running',
    });
    expect(
      serverStatusOf({
        instanceView: { statuses: [{ code: 'ProvisioningState/deleting' }, { code: 'PowerState/running' }] },
      }),
    ).toMatchObject({ status: 'terminating' });
    expect(serverStatusOf({ instanceView: { statuses: [{ code: 'PowerState/deallocated' }] } }).status).toBe(
      'stopped',
    );
    expect(serverStatusOf({ provisioningState: 'Failed' }).status).toBe('error');
  });

  it('returns the documented create example as a pending server on 201', async () => {
    const created = JSON.parse(
      readFileSync(new URL('./__fixtures__/CreateAVmWithSshAuthentication.json', import.meta.url), 'utf8'),
    ) as {
      responses: { '201': { body: object } };
    };
    answer(() => HttpResponse.json(created.responses['201'].body, { status: 201 }));
    const { VM_SPEC } = await import('./helpers');
    await expect(rig.adapter().createServer(VM_SPEC)).resolves.toMatchObject({
      status: 'pending',
      name: 'web-1',
    });
  });
});
