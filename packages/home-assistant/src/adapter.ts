import {
  type AccountIdentity,
  type CallOptions,
  type CallServiceInput,
  callServiceInputSchema,
  type DeviceAdapter,
  type DeviceArea,
  type DeviceCapabilities,
  type DeviceInfo,
  type EntityState,
  entityRefSchema,
  parseInput,
  SPECIFICATION_VERSION,
  type StateChange,
  type WatchStatesInput,
  watchStatesInputSchema,
} from '@infrafabric/core';
import { type HomeAssistantState, toArea, toDevice, toEntityState } from './mappers';
import type { HomeAssistantRestClient } from './rest-client';
import { watchHomeAssistantStates } from './watch-states';
import { HomeAssistantWsConnection } from './ws-connection';

const PROVIDER = 'home-assistant';

/** What the Home Assistant adapter can do. */
export const homeAssistantCapabilities: DeviceCapabilities = {
  operations: { listAreas: true, listDevices: true, watchStates: true },
};

/** The result of {@link HomeAssistantAdapter.callServiceWithResponse}. */
export interface ServiceCallResponse {
  changedStates: EntityState[];
  /** The service's own response data (e.g. `weather.get_forecasts`). */
  serviceResponse: Record<string, unknown>;
}

/** The device adapter plus Home Assistant's services that return data. */
export interface HomeAssistantAdapter extends DeviceAdapter {
  /**
   * Calls a service that returns data (`POST /api/services/<domain>/<service>?return_response`).
   * Home Assistant answers 400 for services that return nothing; use `callService` for those.
   */
  callServiceWithResponse(input: CallServiceInput, options?: CallOptions): Promise<ServiceCallResponse>;
}

/** Everything the adapter needs, already validated. */
export interface HomeAssistantAdapterConfig {
  rest: HomeAssistantRestClient;
  baseUrl: string;
  wsUrl: string;
  token: string;
  timeoutMs: number;
  pingIntervalMs: number;
  reconnectDelayMs: number;
  maxReconnectDelayMs: number;
  name?: string | undefined;
}

type ParsedCall = ReturnType<typeof callServiceInputSchema.parse>;

/** The REST body of a service call: service data plus the target's snake_case keys. */
export function serviceCallBody(input: ParsedCall): Record<string, unknown> {
  const body: Record<string, unknown> = { ...(input.data ?? {}) };
  if (input.target?.entityId !== undefined) body.entity_id = input.target.entityId;
  if (input.target?.areaId !== undefined) body.area_id = input.target.areaId;
  if (input.target?.deviceId !== undefined) body.device_id = input.target.deviceId;
  return body;
}

/** Creates the Home Assistant device adapter. */
export function createHomeAssistantAdapter(config: HomeAssistantAdapterConfig): HomeAssistantAdapter {
  const { rest } = config;
  const ctx = (operation: string) => ({ provider: PROVIDER, operation });

  /** One short-lived WebSocket connection for one command (registries are only on the WS API). */
  async function wsCommand<T>(type: string, operation: string, options?: CallOptions): Promise<T> {
    const connection = await HomeAssistantWsConnection.open({
      url: config.wsUrl,
      token: config.token,
      timeoutMs: config.timeoutMs,
      signal: options?.signal,
      operation,
    });
    // Aborting mid-command closes the socket, which rejects the pending command.
    const onAbort = () => connection.close();
    options?.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await connection.command<T>({ type }, operation);
    } finally {
      options?.signal?.removeEventListener('abort', onAbort);
      connection.close();
    }
  }

  return {
    specificationVersion: SPECIFICATION_VERSION,
    inputIsReadOnly: true,
    kind: 'device',
    provider: PROVIDER,
    name: config.name,
    capabilities: homeAssistantCapabilities,

    async check(options): Promise<AccountIdentity> {
      await rest.request<{ message?: string }>('GET', 'api/', 'check', { signal: options?.signal });
      const cfg = await rest.request<Record<string, unknown>>('GET', 'api/config', 'check', {
        signal: options?.signal,
      });
      return {
        id: new URL(config.baseUrl).host,
        name: typeof cfg.location_name === 'string' ? cfg.location_name : undefined,
        details: { version: cfg.version, locationName: cfg.location_name, timeZone: cfg.time_zone },
      };
    },

    async listEntities(_input, options) {
      const states = await rest.request<HomeAssistantState[]>('GET', 'api/states', 'listEntities', {
        signal: options?.signal,
      });
      return states.map(toEntityState);
    },

    async getEntity(input, options) {
      const { entityId } = parseInput(entityRefSchema, input, ctx('getEntity'));
      const state = await rest.request<HomeAssistantState>(
        'GET',
        `api/states/${encodeURIComponent(entityId)}`,
        'getEntity',
        { signal: options?.signal },
      );
      return toEntityState(state);
    },

    async callService(input, options) {
      const parsed = parseInput(callServiceInputSchema, input, ctx('callService'));
      const changed = await rest.request<HomeAssistantState[]>(
        'POST',
        `api/services/${parsed.domain}/${parsed.service}`,
        'callService',
        { json: serviceCallBody(parsed), signal: options?.signal },
      );
      return changed.map(toEntityState);
    },

    async callServiceWithResponse(input, options) {
      const parsed = parseInput(callServiceInputSchema, input, ctx('callServiceWithResponse'));
      const result = await rest.request<{
        changed_states?: HomeAssistantState[];
        service_response?: Record<string, unknown>;
      }>(
        'POST',
        `api/services/${parsed.domain}/${parsed.service}?return_response`,
        'callServiceWithResponse',
        {
          json: serviceCallBody(parsed),
          signal: options?.signal,
        },
      );
      return {
        changedStates: (result.changed_states ?? []).map(toEntityState),
        serviceResponse: result.service_response ?? {},
      };
    },

    async listAreas(_input, options): Promise<DeviceArea[]> {
      const areas = await wsCommand<Array<{ area_id?: string; name?: string }>>(
        'config/area_registry/list',
        'listAreas',
        options,
      );
      return areas.map(toArea);
    },

    async listDevices(_input, options): Promise<DeviceInfo[]> {
      const devices = await wsCommand<Parameters<typeof toDevice>[0][]>(
        'config/device_registry/list',
        'listDevices',
        options,
      );
      return devices.map(toDevice);
    },

    watchStates(input?: WatchStatesInput, options?: { signal?: AbortSignal }): AsyncIterable<StateChange> {
      const { entityIds } = parseInput(watchStatesInputSchema, input ?? {}, ctx('watchStates'));
      return watchHomeAssistantStates({
        url: config.wsUrl,
        token: config.token,
        timeoutMs: config.timeoutMs,
        pingIntervalMs: config.pingIntervalMs,
        reconnectDelayMs: config.reconnectDelayMs,
        maxReconnectDelayMs: config.maxReconnectDelayMs,
        entityIds,
        signal: options?.signal,
      });
    },
  };
}
