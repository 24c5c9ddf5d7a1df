import type { ProviderFactoryOptions } from '@infrafabric/core';
import { z } from '@infrafabric/core';
import type { TokenCredential } from '@azure/identity';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A resource group name as ARM allows it. */
export const resourceGroupSchema = z
  .string()
  .regex(/^[-\w.()]{1,89}[-\w()]$/, { message: 'must be a resource group name (letters, digits, -_.())' });

/** An Azure location name such as `westeurope` (lower case, no spaces). */
export const azureLocationSchema = z
  .string()
  .regex(/^[a-z][a-z0-9]+$/, { message: 'must be an Azure location name such as westeurope' });

/**
 * Credentials of the `azure` provider (restrictive: unknown keys are errors). The service
 * principal fields are needed unless a `credential` is passed in the factory options.
 */
export const azureCredentialsSchema = z
  .object({
    subscriptionId: z.string().regex(GUID, { message: 'must be a subscription id (GUID)' }),
    tenantId: z.string().min(1).optional(),
    clientId: z.string().min(1).optional(),
    clientSecret: z.string().min(1).optional(),
    /** Default resource group for new VMs and for `listServers`. */
    resourceGroup: resourceGroupSchema.optional(),
    /** Default location for `listSizes`/`listImages`. */
    location: azureLocationSchema.optional(),
  })
  .strict();

/** Credentials of the `azure` provider. */
export type AzureCredentials = z.input<typeof azureCredentialsSchema>;

/** Options of `createAzure` besides credentials. */
export interface AzureOptions extends ProviderFactoryOptions {
  /**
   * Azure Resource Manager endpoint, passed to the compute client's `endpoint` option (sovereign
   * clouds, proxies, simulators). Default `https://management.azure.com`.
   */
  baseUrl?: string | undefined;
  /**
   * Microsoft Entra authority for the service principal, e.g. `https://login.chinacloudapi.cn` for
   * Azure China (instance discovery is then skipped). Default `https://login.microsoftonline.com`.
   */
  authorityHost?: string | undefined;
  /** A ready token credential (managed identity, workload identity, tests); replaces the service principal. */
  credential?: TokenCredential | undefined;
}

/** `providerOptions.azure` of `createServer`: what an Azure VM needs beyond the portable spec. */
export const azureServerOptionsSchema = z
  .object({
    /**
     * ARM id of an existing network interface. Required: the Compute API cannot create the NIC
     * (that is Microsoft.Network).
     */
    networkInterfaceId: z
      .string()
      .regex(
        /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/networkInterfaces\/[^/]+$/i,
        {
          message: 'must be a network interface resource id (/subscriptions/.../networkInterfaces/<name>)',
        },
      ),
    /** Resource group of the VM; defaults to the credentials' `resourceGroup`. */
    resourceGroup: resourceGroupSchema.optional(),
    /** Linux admin user the SSH keys are installed for. */
    adminUsername: z
      .string()
      .regex(/^[a-z_][a-z0-9_-]{0,31}$/)
      .default('azureuser'),
    /** Managed disk type of the OS disk. */
    osDiskType: z.enum(['Standard_LRS', 'StandardSSD_LRS', 'Premium_LRS']).default('Standard_LRS'),
  })
  .strict();

/** `providerOptions.azure` of `createServer`. */
export type AzureServerOptions = z.input<typeof azureServerOptionsSchema>;
