import type {
  CallServiceInput,
  DeviceArea,
  DeviceInfo,
  EntityRef,
  EntityState,
  StateChange,
  WatchStatesInput,
} from '../schemas/device';
import type { Adapter, BaseCapabilities, CallOptions } from './adapter';

/** Optional device operations, each mirrored in `capabilities.operations`. */
export const DEVICE_OPERATIONS = ['listAreas', 'listDevices', 'watchStates'] as const;
/** Optional device operation name. */
export type DeviceOperation = (typeof DEVICE_OPERATIONS)[number];

/** What a device hub can do. */
export type DeviceCapabilities = BaseCapabilities<DeviceOperation>;

/** A home/studio automation hub: Home Assistant. */
export interface DeviceAdapter extends Adapter<'device', DeviceCapabilities> {
  listEntities(input?: Record<string, never>, options?: CallOptions): Promise<EntityState[]>;
  getEntity(input: EntityRef, options?: CallOptions): Promise<EntityState>;
  /** Calls a service, e.g. `light.turn_on`; returns the states it changed. */
  callService(input: CallServiceInput, options?: CallOptions): Promise<EntityState[]>;
  listAreas?(input?: Record<string, never>, options?: CallOptions): Promise<DeviceArea[]>;
  listDevices?(input?: Record<string, never>, options?: CallOptions): Promise<DeviceInfo[]>;
  /** Streams `state_changed` events (reconnecting as needed) until `signal` aborts. */
  watchStates?(input?: WatchStatesInput, options?: { signal?: AbortSignal }): AsyncIterable<StateChange>;
}
