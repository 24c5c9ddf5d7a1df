import { recordRequests } from '@infrafabric/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createWhatsApp } from '../src/index';
import {
  CANARY_APP_SECRET,
  CANARY_TOKEN,
  CANARY_VERIFY_TOKEN,
  createWhatsAppSimulator,
  PHONE_NUMBER_ID,
  SIM_URL,
} from './simulator';

/** A fresh simulator, msw server, request log and adapter for one test file. */
export function useWhatsAppSimulator() {
  const simulator = createWhatsAppSimulator();
  const server = setupServer(...simulator.handlers);
  const requests = recordRequests(server);
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    requests.clear();
  });
  afterAll(() => server.close());
  const adapter = createWhatsApp(
    {
      accessToken: CANARY_TOKEN,
      phoneNumberId: PHONE_NUMBER_ID,
      appSecret: CANARY_APP_SECRET,
      verifyToken: CANARY_VERIFY_TOKEN,
    },
    { baseUrl: SIM_URL },
  );
  return { simulator, server, requests, adapter };
}

/** Awaits a promise that must reject and returns the error. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
