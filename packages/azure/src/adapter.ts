import {
  type AccountIdentity,
  type CallOptions,
  type CloudAdapter,
  type CloudRegion,
  listCatalogInputSchema,
  listServersInputSchema,
  NotFoundError,
  parseInput,
  registerSecrets,
  type Server,
  type ServerImage,
  type ServerSize,
  SPECIFICATION_VERSION,
  serverRefSchema,
  serverSpecSchema,
  ValidationError,
  waitForServerInputSchema,
  waitForServerStatus,
} from '@infrafabric/core';
import type { VirtualMachine } from '@azure/arm-compute';
import { armGet } from './arm-fetch';
import { azureCapabilities } from './catalog';
import { type AzureSession, createAzureSession } from './client';
import { mapAzureError } from './errors';
import { imageFromSku, regionFromLocation, serverFromVm, sizeFromAzure } from './mappers';
import {
  type AzureCredentials,
  type AzureOptions,
  azureCredentialsSchema,
  azureLocationSchema,
} from './options';
import { parseVmId, virtualMachineFor, vmResourceId } from './requests';

const PROVIDER = 'azure';

/** The Azure adapter: a core `CloudAdapter` over `@azure/arm-compute` + `@azure/identity`. */
export type AzureCloudAdapter = CloudAdapter &
  Required<
    Pick<CloudAdapter, 'rebootServer' | 'waitForServer' | 'listSizes' | 'listImages' | 'listRegions'>
  > & {
    readonly provider: 'azure';
  };

function wildcard(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

/**
 * Creates an Azure Virtual Machines adapter. Neither SDK is loaded here; both load on the first call.
 *
 * @example
 * ```ts
 * const azure = createAzure({ subscriptionId, tenantId, clientId, clientSecret, resourceGroup: 'rg-apps' });
 * const vm = await azure.createServer({
 *   name: 'web-1', size: 'Standard_B1s', image: 'Canonical:ubuntu-24_04-lts:server:latest', region: 'westeurope',
 *   sshKeys: ['ssh-ed25519 AAAA...'], providerOptions: { azure: { networkInterfaceId: nicId } },
 * });
 * ```
 */
export function createAzure(credentials: AzureCredentials, options: AzureOptions = {}): AzureCloudAdapter {
  const creds = parseInput(azureCredentialsSchema, credentials, {
    provider: PROVIDER,
    operation: 'createAdapter',
    path: 'credentials',
  });
  if (!options.credential) {
    for (const field of ['tenantId', 'clientId', 'clientSecret'] as const) {
      if (!creds[field])
        throw new ValidationError(
          `azure.createAdapter: "credentials.${field}" is required unless a token credential is passed in options.credential (set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET).`,
          { provider: PROVIDER, operation: 'createAdapter', field: `credentials.${field}`, rule: 'required' },
        );
    }
  }
  registerSecrets([creds.clientSecret]);
  const session = createAzureSession(creds, options);

  async function call<T>(
    operation: string,
    callOptions: CallOptions | undefined,
    run: (session: AzureSession, abortSignal: AbortSignal | undefined) => Promise<T>,
  ): Promise<T> {
    try {
      return await run(await session(), callOptions?.signal);
    } catch (error) {
      throw mapAzureError(error, operation);
    }
  }

  const vmRef = (id: string, operation: string) =>
    parseVmId(parseInput(serverRefSchema, { id }, { provider: PROVIDER, operation, path: 'input' }).id, {
      subscriptionId: creds.subscriptionId,
      resourceGroup: creds.resourceGroup,
      operation,
    });

  const locationOf = (region: string | undefined, operation: string): string => {
    const location = region ?? creds.location;
    if (!location)
      throw new ValidationError(`azure.${operation}: no location: pass "region" or set AZURE_LOCATION.`, {
        provider: PROVIDER,
        operation,
        field: 'region',
        rule: 'required',
      });
    return parseInput(azureLocationSchema, location, { provider: PROVIDER, operation, path: 'region' });
  };

  async function getServer(input: { id: string }, callOptions?: CallOptions): Promise<Server> {
    const ref = vmRef(input?.id, 'getServer');
    return call('getServer', callOptions, async ({ compute }, abortSignal) =>
      serverFromVm(
        await compute.virtualMachines.get(ref.resourceGroup, ref.name, {
          expand: 'instanceView',
          abortSignal,
        }),
      ),
    );
  }

  const adapter: AzureCloudAdapter = {
    specificationVersion: SPECIFICATION_VERSION,
    inputIsReadOnly: true,
    kind: 'cloud',
    provider: PROVIDER,
    name: options.name,
    capabilities: azureCapabilities,

    // Subscriptions - Get: proves the token and the subscription, and names it.
    async check(callOptions): Promise<AccountIdentity> {
      return call('check', callOptions, async ({ credential, endpoint }, signal) => {
        const subscription = await armGet<{
          subscriptionId?: string;
          displayName?: string;
          state?: string;
          tenantId?: string;
        }>({
          endpoint,
          credential,
          fetch: options.fetch,
          signal,
          operation: 'check',
          path: `/subscriptions/${creds.subscriptionId}`,
        });
        return {
          id: subscription.subscriptionId ?? creds.subscriptionId,
          name: subscription.displayName,
          details: { state: subscription.state, tenantId: subscription.tenantId },
        };
      });
    },

    async listServers(input = {}, callOptions): Promise<Server[]> {
      const parsed = parseInput(listServersInputSchema, input, {
        provider: PROVIDER,
        operation: 'listServers',
        path: 'input',
      });
      return call('listServers', callOptions, async ({ compute }, abortSignal) => {
        // Tags and location are filtered here: ARM's $filter takes one tag at most.
        const pages = creds.resourceGroup
          ? compute.virtualMachines.list(creds.resourceGroup, { expand: 'instanceView', abortSignal })
          : compute.virtualMachines.listAll({ statusOnly: 'true', abortSignal });
        const servers: Server[] = [];
        for await (const vm of pages) {
          const server = serverFromVm(vm);
          if (
            parsed.region &&
            server.region?.toLowerCase().replace(/\s/g, '') !== parsed.region.toLowerCase()
          )
            continue;
          if (Object.entries(parsed.tags ?? {}).some(([key, value]) => server.tags[key] !== value)) continue;
          servers.push(server);
        }
        return servers;
      });
    },

    getServer,

    // Starts the PUT and returns once Azure accepted it; the long-running operation continues at
    // Azure (use waitForServer). If-None-Match: * keeps a create from overwriting an existing VM.
    async createServer(input, callOptions): Promise<Server> {
      const spec = parseInput(serverSpecSchema, input, {
        provider: PROVIDER,
        operation: 'createServer',
        path: 'input',
      });
      parseInput(azureLocationSchema, spec.region, {
        provider: PROVIDER,
        operation: 'createServer',
        path: 'region',
      });
      const { ref, body } = virtualMachineFor(spec, { resourceGroup: creds.resourceGroup });
      return call('createServer', callOptions, async ({ compute }, abortSignal) => {
        const poller = compute.virtualMachines.createOrUpdate(ref.resourceGroup, ref.name, body, {
          ifNoneMatch: '*',
          abortSignal,
        });
        await poller.submitted();
        const created: VirtualMachine = {
          ...body,
          id: vmResourceId(creds.subscriptionId, ref),
          name: ref.name,
          provisioningState: 'Creating',
        };
        return serverFromVm(created);
      });
    },

    async destroyServer(input, callOptions): Promise<void> {
      const ref = vmRef(input?.id, 'destroyServer');
      await call('destroyServer', callOptions, async ({ compute }, abortSignal) => {
        await compute.virtualMachines.delete(ref.resourceGroup, ref.name, { abortSignal }).submitted();
      });
    },

    async rebootServer(input, callOptions): Promise<void> {
      const ref = vmRef(input?.id, 'rebootServer');
      await call('rebootServer', callOptions, async ({ compute }, abortSignal) => {
        await compute.virtualMachines.restart(ref.resourceGroup, ref.name, { abortSignal }).submitted();
      });
    },

    // A deleted VM is gone (404), so "terminated" is reached when the VM no longer exists.
    async waitForServer(input, callOptions): Promise<Server> {
      const parsed = parseInput(waitForServerInputSchema, input, {
        provider: PROVIDER,
        operation: 'waitForServer',
        path: 'input',
      });
      const lookup = {
        provider: PROVIDER,
        getServer: async (ref: { id: string }, o?: CallOptions): Promise<Server> => {
          try {
            return await getServer(ref, o);
          } catch (error) {
            if (parsed.status === 'terminated' && NotFoundError.isInstance(error))
              return { id: ref.id, status: 'terminated', addresses: { public: [], private: [] }, tags: {} };
            throw error;
          }
        },
      };
      return waitForServerStatus(lookup, parsed, { signal: callOptions?.signal });
    },

    async listSizes(input = {}, callOptions): Promise<ServerSize[]> {
      const parsed = parseInput(listCatalogInputSchema, input, {
        provider: PROVIDER,
        operation: 'listSizes',
        path: 'input',
      });
      const location = locationOf(parsed.region, 'listSizes');
      const pattern = parsed.filter ? wildcard(parsed.filter) : undefined;
      return call('listSizes', callOptions, async ({ compute }, abortSignal) => {
        const sizes: ServerSize[] = [];
        for await (const size of compute.virtualMachineSizes.list(location, { abortSignal }))
          if (!pattern || pattern.test(size.name ?? '')) sizes.push(sizeFromAzure(size));
        return sizes;
      });
    },

    // Marketplace images of one publisher: its offers (optionally filtered), then each offer's SKUs.
    async listImages(input = {}, callOptions): Promise<ServerImage[]> {
      const parsed = parseInput(listCatalogInputSchema, input, {
        provider: PROVIDER,
        operation: 'listImages',
        path: 'input',
      });
      const location = locationOf(parsed.region, 'listImages');
      const publisher = parsed.owner;
      if (!publisher)
        throw new ValidationError(
          'azure.listImages: "owner" (the image publisher, e.g. Canonical) is required; Azure lists images per publisher.',
          { provider: PROVIDER, operation: 'listImages', field: 'owner', rule: 'required' },
        );
      const pattern = parsed.filter ? wildcard(parsed.filter) : undefined;
      return call('listImages', callOptions, async ({ compute }, abortSignal) => {
        const offers = await compute.virtualMachineImages.listOffers(location, publisher, { abortSignal });
        const images: ServerImage[] = [];
        for (const offer of offers) {
          if (pattern && !pattern.test(offer.name)) continue;
          const skus = await compute.virtualMachineImages.listSkus(location, publisher, offer.name, {
            abortSignal,
          });
          for (const sku of skus) images.push(imageFromSku(publisher, offer.name, sku.name));
        }
        return images;
      });
    },

    async listRegions(_input, callOptions): Promise<CloudRegion[]> {
      return call('listRegions', callOptions, async ({ credential, endpoint }, signal) => {
        const result = await armGet<{
          value?: Array<{ name?: string; displayName?: string; metadata?: { regionType?: string } }>;
        }>({
          endpoint,
          credential,
          fetch: options.fetch,
          signal,
          operation: 'listRegions',
          path: `/subscriptions/${creds.subscriptionId}/locations`,
        });
        // Logical regions (geographies such as "europe") cannot hold VMs.
        return (result.value ?? [])
          .filter((location) => (location.metadata?.regionType ?? 'Physical') === 'Physical')
          .map(regionFromLocation);
      });
    },
  };
  return adapter;
}
