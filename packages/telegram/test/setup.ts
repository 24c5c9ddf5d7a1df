import { recordRequests } from '@infrafabric/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createTelegram } from '../src/index';
import { CANARY_TOKEN, CANARY_WEBHOOK_SECRET, createTelegramSimulator, SIM_URL } from './simulator';

/** A fresh simulator, msw server, request log and adapter for one test file. */
export function useTelegramSimulator() {
  const simulator = createTelegramSimulator();
  const server = setupServer(...simulator.handlers);
  const requests = recordRequests(server);
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    requests.clear();
  });
  afterAll(() => server.close());
  const adapter = createTelegram(
    { token: CANARY_TOKEN, webhookSecret: CANARY_WEBHOOK_SECRET },
    { baseUrl: SIM_URL },
  );
  /** Body of the last request to `method`, parsed as JSON. */
  const lastBody = async (method: string) => {
    await requests.settled();
    const request = requests.matching((r) => r.url.pathname.endsWith(`/${method}`)).at(-1);
    if (!request) throw new Error(`no ${method} request`);
    return JSON.parse(request.body) as Record<string, unknown>;
  };
  return { simulator, server, requests, adapter, lastBody };
}
