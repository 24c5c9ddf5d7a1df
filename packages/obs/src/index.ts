/**
 * `@infrafabric/obs`: OBS Studio as an InfraFabric production adapter, over obs-websocket v5
 * (OBS 28 and newer) with the official `obs-websocket-js` client loaded on first use.
 *
 * @example
 * ```ts
 * import { createObs } from '@infrafabric/obs';
 * const obs = createObs({ url: 'ws://127.0.0.1:4455', password: process.env.OBS_WEBSOCKET_PASSWORD });
 * await obs.setProgramScene({ scene: 'Live' });
 * ```
 * @packageDocumentation
 */
import { credentialsFromEnv, defineProvider, parseInput, registerSecrets } from '@infrafabric/core';
import { ObsAdapter } from './adapter';
import { obsCatalog } from './catalog';
import type { ObsClientFactory } from './connection';
import {
  DEFAULT_OBS_URL,
  type ObsCredentials,
  type ObsOptions,
  obsCredentialsSchema,
  obsOptionsSchema,
} from './options';

export { ObsAdapter, type ObsAdapterSettings } from './adapter';
export { OBS_CAPABILITIES, obsCatalog } from './catalog';
export type { ObsClient, ObsClientFactory } from './connection';
export {
  OBS_CLOSE_CODE,
  OBS_REQUEST_STATUS,
  errorFromConnectionFailure,
  errorFromRequestStatus,
} from './errors';
export {
  DEFAULT_OBS_URL,
  type ObsCredentials,
  type ObsOptions,
  type ResolvedObsOptions,
  obsCredentialsSchema,
  obsOptionsSchema,
} from './options';

/** Extra wiring for {@link createObs} that is not configuration (tests, other transports). */
export interface ObsWiring {
  /** Replaces the obs-websocket-js client. */
  clientFactory?: ObsClientFactory | undefined;
}

/**
 * Creates an OBS adapter. `url` and `password` fall back to `OBS_WEBSOCKET_URL` and
 * `OBS_WEBSOCKET_PASSWORD`, read when the first connection opens. Nothing connects until the first
 * call.
 *
 * @example
 * ```ts
 * const obs = createObs({ password: 'from-obs-settings' });
 * const { scenes, program } = await obs.listScenes();
 * ```
 */
export function createObs(options: ObsOptions = {}, wiring: ObsWiring = {}): ObsAdapter {
  const parsed = parseInput(obsOptionsSchema, options, { provider: 'obs', operation: 'createObs' });
  registerSecrets([parsed.password]);
  const explicitUrl = parsed.url ?? parsed.baseUrl;
  let fromEnv: ObsCredentials | undefined;
  // The environment is read once, when first needed, so importing and creating stay side-effect free.
  const env = (): ObsCredentials => {
    if (fromEnv) return fromEnv;
    fromEnv = parseInput(obsCredentialsSchema, credentialsFromEnv(obsCatalog), {
      provider: 'obs',
      operation: 'connect',
      path: 'env',
    });
    registerSecrets([fromEnv.password]);
    return fromEnv;
  };
  return new ObsAdapter({
    name: parsed.name ?? 'obs',
    url: () => explicitUrl ?? env().url ?? DEFAULT_OBS_URL,
    password: () => parsed.password ?? env().password,
    requestTimeoutMs: parsed.requestTimeoutMs,
    connectTimeoutMs: parsed.connectTimeoutMs,
    reconnect: parsed.reconnect,
    clientFactory: wiring.clientFactory,
  });
}

let defaultInstance: ObsAdapter | undefined;

/**
 * The default adapter, configured from `OBS_WEBSOCKET_URL` / `OBS_WEBSOCKET_PASSWORD`; built on
 * first call, and it connects on its first operation.
 *
 * @example
 * ```ts
 * import { obs } from '@infrafabric/obs';
 * await obs().setProgramScene({ scene: 'Live' });
 * ```
 */
export function obs(): ObsAdapter {
  defaultInstance ??= createObs();
  return defaultInstance;
}

/**
 * The OBS provider definition; importing this package registers it, so
 * `createAdapter('obs', { password })` works.
 */
export const obsProvider = defineProvider({
  catalog: obsCatalog,
  credentials: obsCredentialsSchema,
  create: (credentials, options = {}) =>
    createObs({
      ...credentials,
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      ...(options.name ? { name: options.name } : {}),
    }),
});
export type { ObsErrorContext } from './errors';
