import type { CatalogEntry, DeviceCapabilities } from '@infrafabric/core';
import { homeAssistantCapabilities } from './adapter';

/** Static description of the Home Assistant provider. */
export const homeAssistantCatalog: CatalogEntry<DeviceCapabilities> = {
  name: 'home-assistant',
  kind: 'device',
  displayName: 'Home Assistant',
  packageName: '@infrafabric/home-assistant',
  docsUrl: 'https://developers.home-assistant.io/docs/api/rest',
  env: [
    {
      name: 'HOME_ASSISTANT_TOKEN',
      credential: 'token',
      secret: true,
      required: true,
      description:
        'Long-lived access token (Home Assistant → Profile → Security → Long-lived access tokens).',
    },
    {
      name: 'HOME_ASSISTANT_URL',
      credential: 'baseUrl',
      secret: false,
      required: false,
      description: 'Instance address, default http://homeassistant.local:8123.',
    },
  ],
  capabilities: homeAssistantCapabilities,
};
