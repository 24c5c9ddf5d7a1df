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
export * from './msw/serve-handlers';
export * from './fakes/fake-failures';
export * from './fakes/fake-chat';
export * from './fakes/send-only-capabilities';
export * from './fakes/fake-payment';
export * from './fakes/fake-cloud';
export * from './fakes/fake-sip';
export * from './fakes/fake-production';
export * from './fakes/fake-device';
export * from './spec/index';
