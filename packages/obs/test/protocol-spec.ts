import { type ObsRequestMessage, type ObsSpec, type SpecMismatch, loadSpec } from '@infrafabric/testing';
import { expect } from 'vitest';
import type { ObsSimulator } from './simulator';

const SPEC_PATH = 'obs-websocket/protocol.json';

/** The obs-websocket protocol description, or undefined (with the reason printed) when absent outside CI. */
export function loadObsProtocol(): ObsSpec | undefined {
  const spec = loadSpec(SPEC_PATH, { format: 'obs' }) as ObsSpec | undefined;
  if (spec) return spec;
  if (process.env.CI === 'true') throw new Error(`${SPEC_PATH} not found; spec checks are mandatory in CI`);
  console.info(`[obs] spec check skipped: ${SPEC_PATH} not found (no shared/specs folder)`);
  return undefined;
}

/** The `d` of each recorded Request message. */
export function requestMessages(simulator: ObsSimulator, which: 'received' | 'history' = 'received') {
  return simulator[which].map((request) => {
    const message = JSON.parse(request.body) as { op: number; d: ObsRequestMessage & { requestId: string } };
    expect(message.op, 'a Request message (op 6)').toBe(6);
    return message.d;
  });
}

/**
 * Checks every request message the simulator received during a test file against protocol.json,
 * for use in `afterAll`: whatever the tests made the adapter send must be in the published protocol.
 */
export function expectHistoryToMatchProtocol(simulator: ObsSimulator): void {
  const spec = loadObsProtocol();
  if (!spec) return;
  const messages = requestMessages(simulator, 'history');
  expect(messages.length, 'no request reached the simulator').toBeGreaterThan(0);
  const mismatches: SpecMismatch[] = messages.flatMap((message) => spec.checkMessage(message));
  expect(mismatches).toEqual([]);
}
