/**
 * `@infrafabric/home-assistant`: the Home Assistant device adapter. Entities and services over the
 * REST API (`ky`), areas, devices and live state changes over the WebSocket API (`ws`).
 *
 * @packageDocumentation
 */
import {
  credentialsFromEnv,
  defineProvider,
  type ProviderFactoryOptions,
  parseInput,
  registerSecrets,
} from '@infrafabric/core';
import { createHomeAssistantAdapter, type HomeAssistantAdapter } from './adapter';
import { homeAssistantCatalog } from './catalog';
import {
  HOME_ASSISTANT_DEFAULT_BASE_URL,
  type HomeAssistantCredentials,
  type HomeAssistantTransportOptions,
  homeAssistantCredentialsSchema,
  homeAssistantTransportOptionsSchema,
  websocketUrlFor,
} from './options';
import { createHomeAssistantRestClient } from './rest-client';

/** Options of {@link createHomeAssistant}: credentials, transport options and factory options. */
export type HomeAssistantOptions = HomeAssistantCredentials &
  HomeAssistantTransportOptions &
  ProviderFactoryOptions;

/**
 * Creates a Home Assistant adapter. Nothing is sent until the first call.
 *
 * @example
 * ```ts
 * const ha = createHomeAssistant({ token: process.env.HOME_ASSISTANT_TOKEN!, baseUrl: 'http://homeassistant.local:8123' });
 * await ha.callService({ domain: 'light', service: 'turn_on', target: { entityId: 'light.studio' }, data: { brightness_pct: 80 } });
 * ```
 */
export function createHomeAssistant(options: HomeAssistantOptions): HomeAssistantAdapter {
  const {
    fetch,
    name,
    wsUrl,
    timeoutMs,
    pingIntervalMs,
    reconnectDelayMs,
    maxReconnectDelayMs,
    ...credentialInput
  } = options;
  const credentials = parseInput(homeAssistantCredentialsSchema, credentialInput, {
    provider: 'home-assistant',
    operation: 'createHomeAssistant',
    path: 'credentials',
  });
  const transport = parseInput(
    homeAssistantTransportOptionsSchema,
    { wsUrl, timeoutMs, pingIntervalMs, reconnectDelayMs, maxReconnectDelayMs },
    { provider: 'home-assistant', operation: 'createHomeAssistant', path: 'options' },
  );
  registerSecrets([credentials.token]);
  const baseUrl = (credentials.baseUrl ?? HOME_ASSISTANT_DEFAULT_BASE_URL).replace(/\/+$/, '');
  return createHomeAssistantAdapter({
    rest: createHomeAssistantRestClient({
      baseUrl,
      token: credentials.token,
      timeoutMs: transport.timeoutMs,
      fetch,
    }),
    baseUrl,
    wsUrl: transport.wsUrl ?? websocketUrlFor(baseUrl),
    token: credentials.token,
    timeoutMs: transport.timeoutMs,
    pingIntervalMs: transport.pingIntervalMs,
    reconnectDelayMs: transport.reconnectDelayMs,
    maxReconnectDelayMs: transport.maxReconnectDelayMs,
    name,
  });
}

/** The Home Assistant provider, registered on import: `createAdapter('home-assistant', { token })`. */
export const homeAssistantProvider = defineProvider({
  catalog: homeAssistantCatalog,
  credentials: homeAssistantCredentialsSchema,
  create: (
    credentials: HomeAssistantCredentials,
    options: ProviderFactoryOptions & HomeAssistantTransportOptions = {},
  ) => createHomeAssistant({ ...credentials, ...options, baseUrl: options.baseUrl ?? credentials.baseUrl }),
});

let defaultInstance: HomeAssistantAdapter | undefined;

/**
 * The default Home Assistant adapter, built on first call from `HOME_ASSISTANT_TOKEN` and
 * `HOME_ASSISTANT_URL` (importing the package reads no variable). Throws a ValidationError naming
 * the missing credential when the token is unset.
 *
 * @example
 * ```ts
 * import { homeAssistant } from '@infrafabric/home-assistant';
 * await homeAssistant().callService({ domain: 'light', service: 'turn_on', target: { entityId: 'light.studio' } });
 * ```
 */
export function homeAssistant(): HomeAssistantAdapter {
  defaultInstance ??= createHomeAssistant(
    credentialsFromEnv(homeAssistantCatalog) as HomeAssistantCredentials,
  );
  return defaultInstance;
}

export {
  createHomeAssistantAdapter,
  type HomeAssistantAdapter,
  homeAssistantCapabilities,
  type ServiceCallResponse,
  serviceCallBody,
} from './adapter';
export { homeAssistantCatalog } from './catalog';
export { homeAssistantHttpError, homeAssistantWsError } from './errors';
export { type HomeAssistantState, toArea, toDevice, toEntityState, toStateChange } from './mappers';
export {
  HOME_ASSISTANT_DEFAULT_BASE_URL,
  type HomeAssistantCredentials,
  type HomeAssistantTransportOptions,
  homeAssistantCredentialsSchema,
  homeAssistantTransportOptionsSchema,
  websocketUrlFor,
} from './options';
export type { HomeAssistantAdapterConfig } from './adapter';
export type { HomeAssistantWsError } from './errors';
export type { HomeAssistantRestClient } from './rest-client';
