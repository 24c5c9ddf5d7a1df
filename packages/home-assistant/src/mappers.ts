import type { DeviceArea, DeviceInfo, EntityState, StateChange } from '@infrafabric/core';

/** A state object as the REST and WebSocket APIs return it. */
export interface HomeAssistantState {
  entity_id: string;
  state: string;
  attributes?: Record<string, unknown> | null;
  last_changed?: string;
  last_updated?: string;
  context?: unknown;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A Home Assistant state object as a core entity state (lenient: missing fields tolerated). */
export function toEntityState(raw: HomeAssistantState): EntityState {
  return {
    entityId: raw.entity_id,
    state: String(raw.state ?? ''),
    attributes: raw.attributes && typeof raw.attributes === 'object' ? raw.attributes : {},
    lastChanged: str(raw.last_changed),
    lastUpdated: str(raw.last_updated),
  };
}

/** The `event` of a `state_changed` subscription message as a core state change. */
export function toStateChange(event: {
  data?: { entity_id?: string; old_state?: HomeAssistantState | null; new_state?: HomeAssistantState | null };
  time_fired?: string;
}): StateChange | undefined {
  const data = event.data;
  const entityId = data?.entity_id ?? data?.new_state?.entity_id ?? data?.old_state?.entity_id;
  if (!entityId) return undefined;
  return {
    entityId,
    oldState: data?.old_state ? toEntityState(data.old_state) : undefined,
    newState: data?.new_state ? toEntityState(data.new_state) : undefined,
    time: str(event.time_fired) ?? new Date().toISOString(),
  };
}

/** An entry of `config/area_registry/list`. */
export function toArea(raw: { area_id?: string; name?: string }): DeviceArea {
  return { id: String(raw.area_id ?? ''), name: String(raw.name ?? raw.area_id ?? '') };
}

/** An entry of `config/device_registry/list`; the user's name wins over the integration's. */
export function toDevice(raw: {
  id?: string;
  name?: string | null;
  name_by_user?: string | null;
  manufacturer?: string | null;
  model?: string | null;
  area_id?: string | null;
}): DeviceInfo {
  return {
    id: String(raw.id ?? ''),
    name: str(raw.name_by_user) ?? str(raw.name),
    manufacturer: str(raw.manufacturer),
    model: str(raw.model),
    areaId: str(raw.area_id),
  };
}
