import type { CatalogEntry, CloudCapabilities } from '@infrafabric/core';

/**
 * What the Azure adapter can do. `idempotencyKeys` is false: ARM has no idempotency key; a VM's
 * name is its identity, and creates are sent with `If-None-Match: *` so a repeated create fails
 * instead of silently updating an existing VM.
 */
export const azureCapabilities: CloudCapabilities = {
  operations: {
    rebootServer: true,
    waitForServer: true,
    listSizes: true,
    listImages: true,
    listRegions: true,
  },
  userData: true,
  tags: true,
  idempotencyKeys: false,
};

/** Static description of the `azure` provider: environment variables and capabilities. */
export const azureCatalog: CatalogEntry<CloudCapabilities> = {
  name: 'azure',
  kind: 'cloud',
  displayName: 'Azure Virtual Machines',
  packageName: '@infrafabric/azure',
  docsUrl: 'https://learn.microsoft.com/rest/api/compute/virtual-machines',
  env: [
    {
      name: 'AZURE_SUBSCRIPTION_ID',
      credential: 'subscriptionId',
      secret: false,
      required: true,
      description: 'Subscription id (GUID) the VMs live in.',
    },
    {
      name: 'AZURE_TENANT_ID',
      credential: 'tenantId',
      secret: false,
      required: true,
      description: 'Microsoft Entra tenant (directory) id of the service principal.',
    },
    {
      name: 'AZURE_CLIENT_ID',
      credential: 'clientId',
      secret: false,
      required: true,
      description: 'Application (client) id of the service principal.',
    },
    {
      name: 'AZURE_CLIENT_SECRET',
      credential: 'clientSecret',
      secret: true,
      required: true,
      description: 'Client secret of the service principal.',
    },
    {
      name: 'AZURE_RESOURCE_GROUP',
      credential: 'resourceGroup',
      secret: false,
      required: false,
      description: 'Default resource group for new VMs and for listing (else the whole subscription).',
    },
    {
      name: 'AZURE_LOCATION',
      credential: 'location',
      secret: false,
      required: false,
      description: 'Default location for listSizes/listImages, e.g. westeurope.',
    },
  ],
  capabilities: azureCapabilities,
};
