/**
 * `@infrafabric/azure`: Azure Virtual Machines as an InfraFabric cloud adapter, over the official
 * `@azure/arm-compute` and `@azure/identity` (both loaded on first use). Importing this package
 * registers the `azure` provider.
 *
 * @packageDocumentation
 */
import { credentialsFromEnv, defineProvider } from '@infrafabric/core';
import { type AzureCloudAdapter, createAzure } from './adapter';
import { azureCapabilities, azureCatalog } from './catalog';
import { type AzureCredentials, type AzureOptions, azureCredentialsSchema } from './options';

export { type AzureCloudAdapter, createAzure } from './adapter';
export { SUBSCRIPTIONS_API_VERSION } from './arm-fetch';
export { azureCapabilities, azureCatalog } from './catalog';
export { ARM_SCOPE } from './client';
export { DEFAULT_THROTTLE_RETRY_AFTER_MS, mapAzureError } from './errors';
export { serverStatusOf } from './mappers';
export {
  type AzureCredentials,
  type AzureOptions,
  type AzureServerOptions,
  azureCredentialsSchema,
  azureLocationSchema,
  azureServerOptionsSchema,
  resourceGroupSchema,
} from './options';
export { parseVmId, type VmRef, vmResourceId } from './requests';
/** Clean-up sweep for servers this adapter created (re-exported from core). */
export { type SweepOptions, type SweepResult, sweepManagedServers } from '@infrafabric/core';

/** The `azure` provider definition; registered when this package is imported. */
export const azureProvider = defineProvider<AzureCredentials, AzureCloudAdapter, AzureOptions>({
  catalog: azureCatalog,
  credentials: azureCredentialsSchema,
  create: createAzure,
});

/**
 * The default Azure adapter, configured from `AZURE_SUBSCRIPTION_ID`, `AZURE_TENANT_ID`,
 * `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`, `AZURE_RESOURCE_GROUP` and `AZURE_LOCATION`, read on its
 * first call (so importing never fails).
 */
export const azure: AzureCloudAdapter = lazyDefaultAdapter();

function lazyDefaultAdapter(): AzureCloudAdapter {
  let instance: AzureCloudAdapter | undefined;
  // Built on the first call; the delegates are async so a missing variable rejects, never throws.
  const get = () => {
    instance ??= createAzure(credentialsFromEnv(azureCatalog) as AzureCredentials);
    return instance;
  };
  return {
    specificationVersion: 'v1',
    kind: 'cloud',
    provider: 'azure',
    capabilities: azureCapabilities,
    check: async (options) => get().check(options),
    listServers: async (input, options) => get().listServers(input, options),
    getServer: async (input, options) => get().getServer(input, options),
    createServer: async (input, options) => get().createServer(input, options),
    destroyServer: async (input, options) => get().destroyServer(input, options),
    rebootServer: async (input, options) => get().rebootServer(input, options),
    waitForServer: async (input, options) => get().waitForServer(input, options),
    listSizes: async (input, options) => get().listSizes(input, options),
    listImages: async (input, options) => get().listImages(input, options),
    listRegions: async (input, options) => get().listRegions(input, options),
  };
}
