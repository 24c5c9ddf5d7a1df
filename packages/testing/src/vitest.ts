/**
 * `@infrafabric/testing/vitest`: the conformance suites, for provider packages' vitest tests.
 *
 * @example
 * ```ts
 * describeChatAdapter({ name: 'slack', create: () => createSlack({ token, baseUrl }), faults, requests, probe, invalid, secrets: [token] });
 * ```
 * @packageDocumentation
 */
export * from './conformance/options';
export * from './conformance/describe-adapter';
export * from './conformance/by-kind';
