/**
 * `@infrafabric/azure`: Azure Virtual Machines as an InfraFabric cloud adapter, over the official
 * `@azure/arm-compute` and `@azure/identity` (both loaded on first use). Importing this package
 * registers the `azure` provider.
 *
 * @packageDocumentation
 */
import { credentialsFromEnv, defineProvider } from '@infrafabric/core';
import { type AzureCloudAdapter, createAzure } from './adapter';
import { azureCatalog } from './catalog';
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

let defaultInstance: AzureCloudAdapter | undefined;

/**
 * The default Azure adapter, built on first call from `AZURE_SUBSCRIPTION_ID`, `AZURE_TENANT_ID`,
 * `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`, `AZURE_RESOURCE_GROUP` and `AZURE_LOCATION` (importing
 * the package reads no variable). Throws a ValidationError naming the missing credential when one
 * is unset.
 *
 * @example
 * ```ts
 * import { azure } from '@infrafabric/azure';
 * const sizes = await azure().listSizes();
 * ```
 */
export function azure(): AzureCloudAdapter {
  defaultInstance ??= createAzure(credentialsFromEnv(azureCatalog) as AzureCredentials);
  return defaultInstance;
}
