import { createServer } from 'node:net';
import {
  AuthenticationError,
  NetworkError,
  TimeoutError,
  createAdapter,
  getProvider,
  scrubSecrets,
} from '@infrafabric/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ObsAdapter, createObs } from '../src/index';
import { ObsSimulator } from './simulator';
import { expectHistoryToMatchProtocol } from './protocol-spec';

const PASSWORD = 'connection-test-password-7d1';
const simulator = new ObsSimulator(PASSWORD);
const adapters: ObsAdapter[] = [];
const track = (adapter: ObsAdapter) => {
  adapters.push(adapter);
  return adapter;
};

/** A loopback port with nothing listening. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(() => simulator.start());
afterAll(async () => {
  await simulator.stop();
  expectHistoryToMatchProtocol(simulator);
});
afterEach(async () => {
  simulator.clearFaults();
  await Promise.all(adapters.splice(0).map((a) => a.close()));
});

describe('authentication', () => {
  it('answers the SHA-256 challenge with the right password', async () => {
    const obs = track(createObs({ url: simulator.url, password: PASSWORD }));
    const identity = await obs.check();
    expect(identity.name).toBe('OBS Studio 29.0.2');
    expect(identity.details).toMatchObject({
      obsVersion: '29.0.2',
      obsWebSocketVersion: '5.1.0',
      rpcVersion: 1,
    });
  });

  it('maps a wrong password (close 4009) to AuthenticationError without echoing it', async () => {
    const wrong = 'definitely-the-wrong-password';
    const obs = track(createObs({ url: simulator.url, password: wrong }));
    const error = await obs.listScenes().catch((e: unknown) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ providerCode: 'AuthenticationFailed', provider: 'obs', retryable: false });
    expect(JSON.stringify((error as AuthenticationError).toJSON())).not.toContain(wrong);
    expect(scrubSecrets(`x ${wrong}`)).toBe('x [REDACTED]');
  });

  it('maps a missing password to AuthenticationError', async () => {
    const obs = track(createObs({ url: simulator.url }));
    await expect(obs.check()).rejects.toSatisfy((e) => AuthenticationError.isInstance(e));
  });

  it('connects without a password when OBS has authentication off', async () => {
    const open = new ObsSimulator(undefined);
    await open.start();
    try {
      const obs = track(createObs({ url: open.url }));
      expect((await obs.listScenes()).program).toBe('Scene');
    } finally {
      await open.stop();
    }
  });
});

describe('transport failures', () => {
  it('maps connection refused to a retryable NetworkError', async () => {
    const obs = track(createObs({ url: `ws://127.0.0.1:${await closedPort()}`, password: PASSWORD }));
    const error = await obs.listScenes().catch((e: unknown) => e);
    expect(NetworkError.isInstance(error), String(error)).toBe(true);
    expect(error).toMatchObject({ providerCode: 'ECONNREFUSED', retryable: true, outcomeUnknown: false });
  });

  it('maps an unanswered request to TimeoutError with an unknown outcome', async () => {
    const obs = track(createObs({ url: simulator.url, password: PASSWORD, requestTimeoutMs: 200 }));
    await obs.listScenes();
    simulator.injectFault('timeout');
    const started = Date.now();
    const error = await obs.setProgramScene({ scene: 'Live' }).catch((e: unknown) => e);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ outcomeUnknown: true });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('honours an abort signal', async () => {
    const obs = track(createObs({ url: simulator.url, password: PASSWORD }));
    simulator.injectFault('timeout');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await obs.getStats({}, { signal: controller.signal }).catch((e: unknown) => e);
    expect(TimeoutError.isInstance(error)).toBe(true);
  });

  it('times out a server that never sends Hello', async () => {
    const silent = createServer((socket) => socket.on('data', () => undefined));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const obs = track(
        createObs({ url: `ws://127.0.0.1:${port}`, password: PASSWORD, connectTimeoutMs: 200 }),
      );
      const error = await obs.listScenes().catch((e: unknown) => e);
      expect(TimeoutError.isInstance(error), String(error)).toBe(true);
    } finally {
      silent.close();
    }
  });

  it('fails an in-flight request with NetworkError (outcome unknown) when the socket drops', async () => {
    const obs = track(createObs({ url: simulator.url, password: PASSWORD }));
    await obs.listScenes();
    simulator.injectFault('success_then_dropped');
    const error = await obs.setProgramScene({ scene: 'Live' }).catch((e: unknown) => e);
    expect(NetworkError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ outcomeUnknown: true });
    // It was carried out: exactly why the dispatcher must not retry it blindly.
    expect(simulator.program).toBe('Live');
  });

  it('reconnects on demand: during an outage calls fail fast, after OBS is back they work', async () => {
    const local = new ObsSimulator(PASSWORD);
    await local.start();
    const obs = track(createObs({ url: local.url, password: PASSWORD }));
    await obs.listScenes();
    await local.stop();
    const during = await obs.listScenes().catch((e: unknown) => e);
    expect(NetworkError.isInstance(during), String(during)).toBe(true);
    await local.start();
    try {
      expect((await obs.listScenes()).scenes.length).toBeGreaterThan(0);
    } finally {
      await local.stop();
    }
  });
});

describe('registration and configuration', () => {
  it('registers as "obs" and builds through createAdapter with baseUrl', async () => {
    expect(getProvider('obs')?.catalog.env.find((v) => v.name === 'OBS_WEBSOCKET_PASSWORD')?.secret).toBe(
      true,
    );
    const obs = track(createAdapter<ObsAdapter>('obs', { password: PASSWORD }, { baseUrl: simulator.url }));
    expect((await obs.listScenes()).scenes.map((s) => s.name)).toContain('Scene');
  });

  it('reads OBS_WEBSOCKET_URL and OBS_WEBSOCKET_PASSWORD when it first connects', async () => {
    const obs = track(createObs());
    process.env.OBS_WEBSOCKET_URL = simulator.url;
    process.env.OBS_WEBSOCKET_PASSWORD = PASSWORD;
    try {
      expect((await obs.check()).details).toMatchObject({ rpcVersion: 1 });
    } finally {
      delete process.env.OBS_WEBSOCKET_URL;
      delete process.env.OBS_WEBSOCKET_PASSWORD;
    }
  });

  it('rejects a non-WebSocket url with a ValidationError naming the field', () => {
    expect(() => createObs({ url: 'http://127.0.0.1:4455' })).toThrow(/"url"/);
  });

  it('does not load obs-websocket-js at import time', async () => {
    const source = await import('node:fs/promises').then((fs) =>
      fs.readFile(new URL('../src/connection.ts', import.meta.url), 'utf8'),
    );
    expect(source).not.toMatch(/^import [^t].*from 'obs-websocket-js/m);
    expect(source).toMatch(/lazyModule\('obs-websocket-js'/);
  });
});
