import { recordRequests } from '@infrafabric/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createDiscord } from '../src/index';
import { CANARY_TOKEN, createDiscordSimulator, SIM_URL } from './simulator';

/** A fresh simulator, msw server, request log and adapter for one test file. */
export function useDiscordSimulator() {
  const simulator = createDiscordSimulator();
  const server = setupServer(...simulator.handlers);
  const requests = recordRequests(server);
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    requests.clear();
  });
  afterAll(() => server.close());
  const adapter = createDiscord({ token: CANARY_TOKEN }, { baseUrl: SIM_URL });
  /** JSON body of the last request whose path ends with `suffix` (multipart: its payload_json). */
  const lastBody = async (method: string, suffix: RegExp) => {
    await requests.settled();
    const request = requests.matching((r) => r.method === method && suffix.test(r.url.pathname)).at(-1);
    if (!request) throw new Error(`no ${method} ${suffix} request`);
    return bodyJson(request);
  };
  return { simulator, server, requests, adapter, lastBody };
}

/** The JSON a recorded request carried (the `payload_json` part of a multipart body). */
export function bodyJson(request: {
  headers: Record<string, string>;
  body: string;
}): Record<string, unknown> {
  if ((request.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
    const match = /name="payload_json"\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/.exec(request.body);
    return match ? (JSON.parse(match[1]!) as Record<string, unknown>) : {};
  }
  return request.body ? (JSON.parse(request.body) as Record<string, unknown>) : {};
}
