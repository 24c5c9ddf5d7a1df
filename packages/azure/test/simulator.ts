import { readFileSync } from 'node:fs';
import type { FaultKind } from '@infrafabric/testing';
import { HttpResponse, http } from 'msw';

/** Where tests point the adapter (`baseUrl`). The real `https://management.azure.com` works too. */
export const ARM_SIM_URL = 'https://management.azure.test';
/** The only token the simulator accepts. */
export const SIM_TOKEN = 'sim-arm-token-0123456789';
/** The simulator's subscription. */
export const SIM_SUBSCRIPTION = '00000000-1111-2222-3333-444444444444';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as {
    responses: Record<string, { body?: unknown }>;
  };

/** One VM the simulator holds. */
export interface SimVm {
  resourceGroup: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  properties: Record<string, unknown>;
  provisioning: 'Creating' | 'Succeeded' | 'Deleting' | 'Failed';
  power?: 'starting' | 'running' | 'stopping' | 'stopped' | 'deallocated' | undefined;
  vmId: string;
  timeCreated: string;
}

/** Image catalogue the simulator serves: publisher → offer → SKUs. */
export const SIM_IMAGES: Record<string, Record<string, string[]>> = {
  Canonical: {
    'ubuntu-24_04-lts': ['server', 'server-gen1'],
    '0001-com-ubuntu-server-jammy': ['22_04-lts-gen2'],
  },
};

/** An ARM error response: `{ error: { code, message } }`. */
export function armError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
) {
  return HttpResponse.json({ error: { code, message } }, { status, headers });
}

/** Options of {@link createArmSimulator}. */
export interface ArmSimulatorOptions {
  url?: string;
  /** VMs per list page (to exercise nextLink). */
  pageSize?: number;
}

/**
 * An in-memory Azure Resource Manager for Microsoft.Compute VMs: PUT (201 + Azure-AsyncOperation,
 * If-None-Match), GET with `$expand=instanceView`, list by resource group and subscription with
 * nextLink pages, DELETE and restart (202 + Location), VM sizes and marketplace images, plus the
 * subscription and its locations. Response bodies follow the spec's examples/ (see __fixtures__).
 * A new VM is `Creating`, then `starting`, then `running` on successive GETs; a deleted one answers
 * `Deleting` once, then 404.
 */
export function createArmSimulator(options: ArmSimulatorOptions = {}) {
  const base = options.url ?? ARM_SIM_URL;
  const vms = new Map<string, SimVm>();
  const key = (rg: string, name: string) => `${rg.toLowerCase()}/${name.toLowerCase()}`;
  const apiVersions: string[] = [];

  const vmId = (vm: SimVm) =>
    `/subscriptions/${SIM_SUBSCRIPTION}/resourceGroups/${vm.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${vm.name}`;

  function vmJson(vm: SimVm, expandInstanceView: boolean) {
    const statuses = [
      {
        code: `ProvisioningState/${vm.provisioning.toLowerCase()}`,
        level: 'Info',
        displayStatus: `Provisioning ${vm.provisioning.toLowerCase()}`,
      },
      ...(vm.power
        ? [{ code: `PowerState/${vm.power}`, level: 'Info', displayStatus: `VM ${vm.power}` }]
        : []),
    ];
    return {
      name: vm.name,
      id: vmId(vm),
      type: 'Microsoft.Compute/virtualMachines',
      location: vm.location,
      tags: vm.tags,
      properties: {
        ...vm.properties,
        vmId: vm.vmId,
        provisioningState: vm.provisioning,
        timeCreated: vm.timeCreated,
        ...(expandInstanceView ? { instanceView: { computerName: vm.name, statuses } } : {}),
      },
    };
  }

  /** One GET moves a VM one step through its lifecycle, as polling a real VM would observe. */
  function advance(vm: SimVm): void {
    if (vm.provisioning === 'Creating') {
      vm.provisioning = 'Succeeded';
      vm.power = 'starting';
    } else if (vm.power === 'starting') vm.power = 'running';
    else if (vm.provisioning === 'Deleting') vms.delete(key(vm.resourceGroup, vm.name));
  }

  function authorized(request: Request): Response | undefined {
    if (request.headers.get('authorization') !== `Bearer ${SIM_TOKEN}`)
      return armError(401, 'InvalidAuthenticationToken', 'The access token is invalid.', {
        'www-authenticate': 'Bearer authorization_uri="https://login.windows.net/", error="invalid_token"',
      });
    apiVersions.push(new URL(request.url).searchParams.get('api-version') ?? '');
    return undefined;
  }

  function notFound(name: string) {
    return armError(
      404,
      'ResourceNotFound',
      `The Resource 'Microsoft.Compute/virtualMachines/${name}' under resource group was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    );
  }

  function page<T>(items: T[], url: URL) {
    const size = options.pageSize ?? 1000;
    const start = Number(url.searchParams.get('$skiptoken') ?? '0');
    const next = new URL(url);
    next.searchParams.set('$skiptoken', String(start + size));
    return {
      value: items.slice(start, start + size),
      ...(start + size < items.length ? { nextLink: next.href } : {}),
    };
  }

  const sub = `${base}/subscriptions/:subscriptionId`;
  const vmPath = `${sub}/resourceGroups/:resourceGroup/providers/Microsoft.Compute/virtualMachines/:vmName`;
  const handlers = [
    http.get(`${sub}/locations`, ({ request }) => {
      const denied = authorized(request);
      if (denied) return denied;
      return HttpResponse.json({
        value: [
          {
            id: `/subscriptions/${SIM_SUBSCRIPTION}/locations/westeurope`,
            name: 'westeurope',
            displayName: 'West Europe',
            regionalDisplayName: '(Europe) West Europe',
            metadata: { regionType: 'Physical', regionCategory: 'Recommended' },
          },
          {
            id: `/subscriptions/${SIM_SUBSCRIPTION}/locations/eastus`,
            name: 'eastus',
            displayName: 'East US',
            regionalDisplayName: '(US) East US',
            metadata: { regionType: 'Physical', regionCategory: 'Recommended' },
          },
          {
            id: `/subscriptions/${SIM_SUBSCRIPTION}/locations/europe`,
            name: 'europe',
            displayName: 'Europe',
            regionalDisplayName: 'Europe',
            metadata: { regionType: 'Logical', regionCategory: 'Other' },
          },
        ],
      });
    }),
    http.get(`${sub}/providers/Microsoft.Compute/locations/:location/vmSizes`, ({ request }) => {
      const denied = authorized(request);
      if (denied) return denied;
      return HttpResponse.json(
        fixture('ListAvailableVmSizes_VirtualMachines.json').responses['200']!.body as object,
      );
    }),
    http.get(
      `${sub}/providers/Microsoft.Compute/locations/:location/publishers/:publisher/artifacttypes/vmimage/offers`,
      ({ request, params }) => {
        const denied = authorized(request);
        if (denied) return denied;
        const offers = SIM_IMAGES[String(params.publisher)];
        if (!offers) return armError(404, 'NotFound', `Artifact: VMImage was not found.`);
        return HttpResponse.json(
          Object.keys(offers).map((offer) => ({
            location: params.location,
            name: offer,
            id: `/Subscriptions/${SIM_SUBSCRIPTION}/Providers/Microsoft.Compute/Locations/${params.location}/Publishers/${params.publisher}/ArtifactTypes/VMImage/Offers/${offer}`,
          })),
        );
      },
    ),
    http.get(
      `${sub}/providers/Microsoft.Compute/locations/:location/publishers/:publisher/artifacttypes/vmimage/offers/:offer/skus`,
      ({ request, params }) => {
        const denied = authorized(request);
        if (denied) return denied;
        const skus = SIM_IMAGES[String(params.publisher)]?.[String(params.offer)];
        if (!skus) return armError(404, 'NotFound', `Artifact: VMImage was not found.`);
        return HttpResponse.json(
          skus.map((sku) => ({
            location: params.location,
            name: sku,
            id: `/Subscriptions/${SIM_SUBSCRIPTION}/Providers/Microsoft.Compute/Locations/${params.location}/Publishers/${params.publisher}/ArtifactTypes/VMImage/Offers/${params.offer}/Skus/${sku}`,
          })),
        );
      },
    ),
    http.get(`${sub}/providers/Microsoft.Compute/virtualMachines`, ({ request }) => {
      const denied = authorized(request);
      if (denied) return denied;
      const url = new URL(request.url);
      const all = [...vms.values()];
      all.forEach(advance);
      return HttpResponse.json(
        page(
          [...vms.values()].map((vm) => vmJson(vm, url.searchParams.get('statusOnly') === 'true')),
          url,
        ),
      );
    }),
    http.get(
      `${sub}/resourceGroups/:resourceGroup/providers/Microsoft.Compute/virtualMachines`,
      ({ request, params }) => {
        const denied = authorized(request);
        if (denied) return denied;
        const url = new URL(request.url);
        const inGroup = () =>
          [...vms.values()].filter(
            (vm) => vm.resourceGroup.toLowerCase() === String(params.resourceGroup).toLowerCase(),
          );
        if (!url.searchParams.has('$skiptoken')) inGroup().forEach(advance);
        return HttpResponse.json(
          page(
            inGroup().map((vm) => vmJson(vm, url.searchParams.get('$expand') === 'instanceView')),
            url,
          ),
        );
      },
    ),
    http.get(`${sub}`, ({ request, params }) => {
      const denied = authorized(request);
      if (denied) return denied;
      if (params.subscriptionId !== SIM_SUBSCRIPTION)
        return armError(
          404,
          'SubscriptionNotFound',
          `The subscription '${params.subscriptionId}' could not be found.`,
        );
      return HttpResponse.json({
        id: `/subscriptions/${SIM_SUBSCRIPTION}`,
        subscriptionId: SIM_SUBSCRIPTION,
        tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        displayName: 'InfraFabric Simulated Subscription',
        state: 'Enabled',
        subscriptionPolicies: {
          locationPlacementId: 'Public_2014-09-01',
          quotaId: 'PayAsYouGo_2014-09-01',
          spendingLimit: 'Off',
        },
        authorizationSource: 'RoleBased',
      });
    }),
    http.put(vmPath, async ({ request, params }) => {
      const denied = authorized(request);
      if (denied) return denied;
      const body = (await request.json()) as {
        location?: string;
        tags?: Record<string, string>;
        properties?: Record<string, unknown>;
      };
      const rg = String(params.resourceGroup);
      const name = String(params.vmName);
      const existing = vms.get(key(rg, name));
      if (existing && request.headers.get('if-none-match') === '*')
        return armError(
          412,
          'PreconditionFailed',
          `The resource '${name}' already exists and If-None-Match '*' was specified.`,
        );
      const props = body.properties ?? {};
      const nics =
        (props.networkProfile as { networkInterfaces?: unknown[] } | undefined)?.networkInterfaces ?? [];
      if (
        !body.location ||
        !(props.hardwareProfile as { vmSize?: string } | undefined)?.vmSize ||
        nics.length === 0
      )
        return armError(400, 'InvalidParameter', "Required parameter 'networkProfile' is missing (null).");
      const vm: SimVm = {
        resourceGroup: rg,
        name,
        location: body.location,
        tags: body.tags ?? {},
        properties: props,
        provisioning: 'Creating',
        vmId: crypto.randomUUID(),
        timeCreated: new Date().toISOString(),
      };
      vms.set(key(rg, name), vm);
      const operation = `${base}/subscriptions/${SIM_SUBSCRIPTION}/providers/Microsoft.Compute/locations/${vm.location}/operations/${crypto.randomUUID()}?api-version=2020-12-01`;
      return HttpResponse.json(vmJson(vm, false), {
        status: 201,
        headers: { 'azure-asyncoperation': operation },
      });
    }),
    http.get(vmPath, ({ request, params }) => {
      const denied = authorized(request);
      if (denied) return denied;
      const vm = vms.get(key(String(params.resourceGroup), String(params.vmName)));
      if (!vm) return notFound(String(params.vmName));
      const body = vmJson(vm, new URL(request.url).searchParams.get('$expand') === 'instanceView');
      advance(vm);
      return HttpResponse.json(body);
    }),
    http.delete(vmPath, ({ request, params }) => {
      const denied = authorized(request);
      if (denied) return denied;
      const vm = vms.get(key(String(params.resourceGroup), String(params.vmName)));
      if (!vm) return new HttpResponse(null, { status: 204 });
      vm.provisioning = 'Deleting';
      return new HttpResponse(null, {
        status: 202,
        headers: {
          location: `${base}/subscriptions/${SIM_SUBSCRIPTION}/providers/Microsoft.Compute/locations/${vm.location}/operations/${crypto.randomUUID()}`,
        },
      });
    }),
    http.post(`${vmPath}/restart`, ({ request, params }) => {
      const denied = authorized(request);
      if (denied) return denied;
      const vm = vms.get(key(String(params.resourceGroup), String(params.vmName)));
      if (!vm) return notFound(String(params.vmName));
      if (vm.provisioning === 'Deleting')
        return armError(
          409,
          'OperationNotAllowed',
          "Operation 'restart' is not allowed on VM since the VM is marked for deletion.",
        );
      return new HttpResponse(null, {
        status: 202,
        headers: {
          location: `${base}/subscriptions/${SIM_SUBSCRIPTION}/providers/Microsoft.Compute/locations/${vm.location}/operations/${crypto.randomUUID()}`,
        },
      });
    }),
  ];
  return {
    handlers,
    vms,
    apiVersions,
    find: (rg: string, name: string) => vms.get(key(rg, name)),
    /** Back-dates a VM's creation time (for sweep tests). */
    backdate(rg: string, name: string, when: string) {
      const vm = vms.get(key(rg, name));
      if (vm) vm.timeCreated = when;
    },
  };
}

/**
 * ARM's own error for each injected fault: InvalidAuthenticationToken 401, AuthorizationFailed
 * 403, ResourceNotFound 404, TooManyRequests 429 with Retry-After, ServiceUnavailable 503.
 */
export function armFaultResponse(fault: FaultKind, status: number, retryAfterSeconds: number | undefined) {
  const headers: Record<string, string> =
    retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
  switch (fault) {
    case 'unauthorized':
      return armError(401, 'InvalidAuthenticationToken', 'The access token is invalid.');
    case 'forbidden':
      return armError(
        403,
        'AuthorizationFailed',
        "The client does not have authorization to perform action 'Microsoft.Compute/virtualMachines/write'.",
      );
    case 'not_found':
      return armError(404, 'ResourceGroupNotFound', "Resource group 'rg-apps' could not be found.");
    case 'rate_limited':
      return armError(429, 'TooManyRequests', 'The request is being throttled.', headers);
    default:
      return armError(status, 'ServiceUnavailable', 'The service is temporarily unavailable.', headers);
  }
}
