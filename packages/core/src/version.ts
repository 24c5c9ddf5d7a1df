/** Version of `@infrafabric/core`; checked when two copies of core share one process. */
export const CORE_VERSION = '0.1.0';

/**
 * Version of the adapter contracts. Adapters declare the version they implement so that a later
 * core can keep accepting older adapters.
 */
export const SPECIFICATION_VERSION = 'v1';

/** The adapter contract versions this core accepts. */
export type SpecificationVersion = typeof SPECIFICATION_VERSION;
