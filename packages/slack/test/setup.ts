import { recordRequests } from '@infrafabric/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createSlack } from '../src/index';
import { CANARY_SIGNING_SECRET, CANARY_TOKEN, createSlackSimulator, SIM_URL } from './simulator';

/** A fresh simulator, msw server, request log and adapter for one test file. */
export function useSlackSimulator() {
  const simulator = createSlackSimulator();
  const server = setupServer(...simulator.handlers);
  const requests = recordRequests(server);
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    requests.clear();
  });
  afterAll(() => server.close());
  const adapter = createSlack(
    { token: CANARY_TOKEN, signingSecret: CANARY_SIGNING_SECRET },
    { baseUrl: SIM_URL },
  );
  /** Form arguments of the last request to a Web API `method`. */
  const lastArgs = async (method: string) => {
    await requests.settled();
    const request = requests.matching((r) => r.url.pathname.endsWith(`/${method}`)).at(-1);
    if (!request) throw new Error(`no ${method} request`);
    return Object.fromEntries(new URLSearchParams(request.body));
  };
  return { simulator, server, requests, adapter, lastArgs };
}
