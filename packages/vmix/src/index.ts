/**
 * `@infrafabric/vmix`: the vMix production adapter. Drives vMix's HTTP Web API (XML state and
 * shortcut functions) with `ky`, and streams program/preview changes from the TCP API's tally
 * subscription.
 *
 * @packageDocumentation
 */
import {
  credentialsFromEnv,
  defineProvider,
  type ProductionAdapter,
  type ProviderFactoryOptions,
  parseInput,
  registerSecrets,
} from '@infrafabric/core';
import { createVmixAdapter } from './adapter';
import { vmixCatalog } from './catalog';
import { createVmixHttpClient } from './http-client';
import {
  VMIX_DEFAULT_BASE_URL,
  type VmixCredentials,
  type VmixTransportOptions,
  vmixCredentialsSchema,
  vmixTransportOptionsSchema,
} from './options';

/** Options of {@link createVmix}: credentials, transport options and factory options. */
export type VmixOptions = VmixCredentials & VmixTransportOptions & ProviderFactoryOptions;

/**
 * Creates a vMix adapter. Nothing is sent until the first call.
 *
 * @example
 * ```ts
 * const vmix = createVmix({ baseUrl: 'http://192.168.1.20:8088' });
 * await vmix.setPreviewScene({ scene: 'Camera 2' });
 * await vmix.transition({ type: 'Fade', durationMs: 500 });
 * ```
 */
export function createVmix(options: VmixOptions = {}): ProductionAdapter {
  const { fetch, name, tcpHost, tcpPort, timeoutMs, ...credentialInput } = options;
  const credentials = parseInput(vmixCredentialsSchema, credentialInput, {
    provider: 'vmix',
    operation: 'createVmix',
    path: 'credentials',
  });
  const transport = parseInput(
    vmixTransportOptionsSchema,
    { tcpHost, tcpPort, timeoutMs },
    { provider: 'vmix', operation: 'createVmix', path: 'options' },
  );
  registerSecrets([credentials.password]);
  const baseUrl = (credentials.baseUrl ?? VMIX_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const http = createVmixHttpClient({
    baseUrl,
    username: credentials.username,
    password: credentials.password,
    timeoutMs: transport.timeoutMs,
    fetch,
  });
  return createVmixAdapter({
    http,
    baseUrl,
    tcpHost: transport.tcpHost ?? new URL(baseUrl).hostname,
    tcpPort: transport.tcpPort,
    name,
  });
}

/** The vMix provider, registered on import: `createAdapter('vmix', { baseUrl })`. */
export const vmixProvider = defineProvider({
  catalog: vmixCatalog,
  credentials: vmixCredentialsSchema,
  create: (credentials: VmixCredentials, options: ProviderFactoryOptions & VmixTransportOptions = {}) =>
    createVmix({ ...credentials, ...options, baseUrl: options.baseUrl ?? credentials.baseUrl }),
});

let defaultInstance: ProductionAdapter | undefined;

/**
 * The default vMix adapter, built on first call from `VMIX_URL`, `VMIX_USERNAME` and
 * `VMIX_PASSWORD` (importing the package reads no variable). Throws a ValidationError naming a bad
 * variable.
 *
 * @example
 * ```ts
 * import { vmix } from '@infrafabric/vmix';
 * await vmix().setProgramScene({ scene: 'Camera 2' });
 * ```
 */
export function vmix(): ProductionAdapter {
  defaultInstance ??= createVmix(credentialsFromEnv(vmixCatalog) as VmixCredentials);
  return defaultInstance;
}

export { createVmixAdapter, resolveInput, VMIX_CREATABLE_INPUT_KINDS, vmixCapabilities } from './adapter';
export { vmixCatalog } from './catalog';
export { vmixHttpError } from './errors';
export type { VmixInput, VmixState } from './mappers';
export { parseVmixState } from './mappers';
export {
  VMIX_DEFAULT_BASE_URL,
  VMIX_DEFAULT_TCP_PORT,
  type VmixCredentials,
  type VmixTransportOptions,
  vmixCredentialsSchema,
  vmixTransportOptionsSchema,
} from './options';
export { parseTallyLine, type TallyState } from './tally';
export { VMIX_TRANSITIONS, type VmixTransition } from './transitions';
export { amplitudeToFader, faderToAmplitude, xmlVolumeToDb } from './volume';
export type { VmixAdapterConfig } from './adapter';
export type { XmlParse } from './mappers';
export type { VmixHttpFailure } from './errors';
export type { VmixFunctionParams, VmixHttpClient } from './http-client';
export type { XmlNode } from './mappers';
