import { z } from 'zod';

/** An entity id, `domain.object_id` (Home Assistant style), e.g. `light.studio`. */
export const entityIdSchema = z
  .string()
  .regex(/^[a-z0-9_]+\.[a-z0-9_]+$/, { message: 'must look like domain.object_id, e.g. light.studio' });

/** Input naming one entity. */
export const entityRefSchema = z.object({ entityId: entityIdSchema });
/** Input naming one entity. */
export type EntityRef = z.input<typeof entityRefSchema>;

/** Input of `callService`, e.g. `{ domain: 'light', service: 'turn_on', target: { entityId: 'light.studio' }, data: { brightness_pct: 80 } }`. */
export const callServiceInputSchema = z.object({
  domain: z.string().regex(/^[a-z0-9_]+$/, { message: 'must be a domain such as light' }),
  service: z.string().regex(/^[a-z0-9_]+$/, { message: 'must be a service such as turn_on' }),
  target: z
    .object({
      entityId: z.union([entityIdSchema, z.array(entityIdSchema).min(1)]).optional(),
      areaId: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
      deviceId: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
    })
    .optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
/** Input of `callService`. */
export type CallServiceInput = z.input<typeof callServiceInputSchema>;

/** Input of `watchStates`. */
export const watchStatesInputSchema = z.object({
  /** Only these entities; all when omitted. */
  entityIds: z.array(entityIdSchema).optional(),
});
/** Input of `watchStates`. */
export type WatchStatesInput = z.input<typeof watchStatesInputSchema>;

/** An entity's state. */
export interface EntityState {
  entityId: string;
  state: string;
  attributes: Record<string, unknown>;
  /** ISO 8601. */
  lastChanged?: string | undefined;
  lastUpdated?: string | undefined;
}

/** A state change event. */
export interface StateChange {
  entityId: string;
  oldState?: EntityState | undefined;
  newState?: EntityState | undefined;
  /** ISO 8601. */
  time: string;
}

/** An area (room). */
export interface DeviceArea {
  id: string;
  name: string;
}

/** A physical device. */
export interface DeviceInfo {
  id: string;
  name?: string | undefined;
  manufacturer?: string | undefined;
  model?: string | undefined;
  areaId?: string | undefined;
}
