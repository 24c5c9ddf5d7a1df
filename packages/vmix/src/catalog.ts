import type { CatalogEntry, ProductionCapabilities } from '@infrafabric/core';
import { vmixCapabilities } from './adapter';

/** Static description of the vMix provider (readable without connecting to vMix). */
export const vmixCatalog: CatalogEntry<ProductionCapabilities> = {
  name: 'vmix',
  kind: 'production',
  displayName: 'vMix',
  packageName: '@infrafabric/vmix',
  docsUrl: 'https://www.vmix.com/help28/DeveloperAPI.html',
  env: [
    {
      name: 'VMIX_URL',
      credential: 'baseUrl',
      secret: false,
      required: false,
      description: 'vMix Web API address (Settings → Web Controller), default http://127.0.0.1:8088.',
    },
    {
      name: 'VMIX_USERNAME',
      credential: 'username',
      secret: false,
      required: false,
      description: 'Web Controller user name, only when a Web Controller password is set.',
    },
    {
      name: 'VMIX_PASSWORD',
      credential: 'password',
      secret: true,
      required: false,
      description: 'Web Controller password, only when one is set (sent as HTTP basic auth).',
    },
  ],
  capabilities: vmixCapabilities,
};
