import {
  type CallServiceInput,
  type DeviceAdapter,
  type DeviceCapabilities,
  type EntityRef,
  type EntityState,
  NotFoundError,
  SPECIFICATION_VERSION,
  callServiceInputSchema,
  entityRefSchema,
  parseInput,
} from '@infrafabric/core';
import { FailurePlan, type FakeOptions } from './fake-failures';

/** An in-memory device hub: `turn_on`/`turn_off`/`toggle` services change entity states. */
export class FakeDeviceHub implements DeviceAdapter {
  readonly specificationVersion = SPECIFICATION_VERSION;
  readonly inputIsReadOnly = true;
  readonly kind = 'device' as const;
  readonly provider = 'fake-device';
  readonly name: string;
  readonly capabilities: DeviceCapabilities = {
    operations: { listAreas: false, listDevices: false, watchStates: false },
  };
  readonly failures = new FailurePlan();
  readonly states = new Map<string, EntityState>();

  constructor(entities: string[] = ['light.studio', 'switch.on_air'], options: FakeOptions = {}) {
    this.name = options.name ?? this.provider;
    for (const entityId of entities) this.states.set(entityId, { entityId, state: 'off', attributes: {} });
  }

  async check() {
    return { id: `${this.name}-hub` };
  }

  async listEntities(): Promise<EntityState[]> {
    return [...this.states.values()];
  }

  async getEntity(raw: EntityRef): Promise<EntityState> {
    const { entityId } = parseInput(entityRefSchema, raw, { provider: this.name, operation: 'getEntity' });
    const state = this.states.get(entityId);
    if (!state)
      throw new NotFoundError(`${this.name}: no entity ${entityId}.`, {
        provider: this.name,
        operation: 'getEntity',
      });
    return state;
  }

  async callService(raw: CallServiceInput): Promise<EntityState[]> {
    const input = parseInput(callServiceInputSchema, raw, { provider: this.name, operation: 'callService' });
    this.failures.maybeThrow('callService');
    const ids =
      input.target?.entityId === undefined
        ? []
        : Array.isArray(input.target.entityId)
          ? input.target.entityId
          : [input.target.entityId];
    const changed: EntityState[] = [];
    for (const id of ids) {
      const state = await this.getEntity({ entityId: id });
      const next =
        input.service === 'turn_on'
          ? 'on'
          : input.service === 'turn_off'
            ? 'off'
            : input.service === 'toggle'
              ? state.state === 'on'
                ? 'off'
                : 'on'
              : state.state;
      const updated = {
        ...state,
        state: next,
        attributes: { ...state.attributes, ...input.data },
        lastChanged: new Date().toISOString(),
      };
      this.states.set(id, updated);
      changed.push(updated);
    }
    return changed;
  }
}
