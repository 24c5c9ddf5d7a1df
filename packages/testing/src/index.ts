/**
 * `@infrafabric/testing`: in-memory fake adapters for your own tests, msw helpers (request log,
 * fault injection) and the spec validator that checks requests against providers' published API
 * specs. The conformance suites live in `@infrafabric/testing/vitest`.
 *
 * @packageDocumentation
 */
export * from './msw/server-type';
export * from './msw/request-log';
export * from './msw/faults';
