import type { ProductionEvent } from '@infrafabric/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type ObsAdapter, createObs } from '../src/index';
import { ObsSimulator } from './simulator';

const PASSWORD = 'events-test-password-31c';
const cleanups: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(): Promise<{ simulator: ObsSimulator; obs: ObsAdapter; controller: AbortController }> {
  const simulator = new ObsSimulator(PASSWORD);
  await simulator.start();
  const obs = createObs({
    url: simulator.url,
    password: PASSWORD,
    reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
  });
  const controller = new AbortController();
  cleanups.push(
    () => simulator.stop(),
    () => obs.close(),
    async () => controller.abort(),
  );
  return { simulator, obs, controller };
}

/** Collects events until `until` matches one, or fails after `timeoutMs`. */
async function collect(
  iterator: AsyncIterator<ProductionEvent>,
  until: (event: ProductionEvent) => boolean,
  timeoutMs = 3_000,
): Promise<ProductionEvent[]> {
  const seen: ProductionEvent[] = [];
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const next = await Promise.race([
      iterator.next(),
      new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), deadline - Date.now())),
    ]);
    if (next === 'late' || next.done) break;
    seen.push(next.value);
    if (until(next.value)) return seen;
  }
  throw new Error(
    `expected event not seen; got ${JSON.stringify(seen.map((e) => [e.type, e.name, e.value]))}`,
  );
}

describe('events()', () => {
  it('announces the connection and streams program, preview, mute, stream and record changes', async () => {
    const { simulator, obs, controller } = await setUp();
    const events = obs.events({ signal: controller.signal })[Symbol.asyncIterator]();
    const connected = await collect(events, (e) => e.type === 'connection');
    expect(connected.at(-1)).toMatchObject({ type: 'connection', value: true, name: 'connected' });

    simulator.studioMode = true;
    await obs.setProgramScene({ scene: 'Live' });
    expect((await collect(events, (e) => e.type === 'program_changed')).at(-1)).toMatchObject({
      value: 'Live',
      raw: { eventType: 'CurrentProgramSceneChanged', eventData: { sceneName: 'Live' } },
    });
    await obs.setPreviewScene({ scene: 'Scene' });
    expect((await collect(events, (e) => e.type === 'preview_changed')).at(-1)?.value).toBe('Scene');
    await obs.setInputMute({ input: 'Mic/Aux', muted: true });
    expect((await collect(events, (e) => e.type === 'input_mute_changed')).at(-1)).toMatchObject({
      name: 'Mic/Aux',
      value: true,
    });
    await obs.startStream();
    expect((await collect(events, (e) => e.type === 'stream_changed')).at(-1)).toMatchObject({
      value: true,
      name: 'OBS_WEBSOCKET_OUTPUT_STARTED',
    });
    await obs.startRecord();
    expect((await collect(events, (e) => e.type === 'record_changed')).at(-1)?.value).toBe(true);
    expect(Date.parse(connected.at(-1)?.time ?? '')).not.toBeNaN();
  });

  it('tracks studio mode from StudioModeStateChanged into capabilities.preview', async () => {
    const { simulator, obs, controller } = await setUp();
    const events = obs.events({ signal: controller.signal })[Symbol.asyncIterator]();
    await collect(events, (e) => e.type === 'connection');
    expect(obs.capabilities.preview).toBe(false);
    simulator.emit('StudioModeStateChanged', 1024, { studioModeEnabled: true });
    await collect(events, (e) => e.name === 'StudioModeStateChanged');
    expect(obs.capabilities.preview).toBe(true);
  });

  it('reconnects with backoff after OBS restarts and keeps streaming', async () => {
    const { simulator, obs, controller } = await setUp();
    const events = obs.events({ signal: controller.signal })[Symbol.asyncIterator]();
    await collect(events, (e) => e.type === 'connection' && e.value === true);
    await simulator.stop();
    expect((await collect(events, (e) => e.type === 'connection')).at(-1)).toMatchObject({ value: false });
    await new Promise((resolve) => setTimeout(resolve, 150));
    await simulator.start();
    expect((await collect(events, (e) => e.type === 'connection')).at(-1)).toMatchObject({ value: true });
    simulator.emit('CurrentProgramSceneChanged', 4, { sceneName: 'Live' });
    expect((await collect(events, (e) => e.type === 'program_changed')).at(-1)?.value).toBe('Live');
  });

  it('ends when the signal aborts and then lets the session go idle', async () => {
    const { obs, controller } = await setUp();
    const iterator = obs.events({ signal: controller.signal })[Symbol.asyncIterator]();
    await collect(iterator, (e) => e.type === 'connection');
    const pending = iterator.next();
    controller.abort();
    await expect(pending).resolves.toMatchObject({ done: true });
  });
});
