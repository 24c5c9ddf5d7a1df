import { existsSync } from 'node:fs';
import { AuthenticationError, NotFoundError, type ProductionEvent } from '@infrafabric/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ObsAdapter, createObs } from '../src/index';
import { type ObsPeer, ensureObsPackages, startObsPeer, stopAllObsPeers } from './real-obs/obs-peer';

/**
 * Drives a real OBS Studio (Debian's obs-studio 29.0.2 with obs-websocket 5.1.0) under Xvfb, isolated
 * in its own network namespace and bridged to a loopback port. Installs the packages with apt when
 * missing; skips (printing why) only when apt is unavailable.
 */
const PASSWORD = 'real-obs-canary-password-4e7';
const SCENE = 'InfraFabric Real Test';
let peer: ObsPeer | undefined;
let skipReason: string | undefined;
let obs: ObsAdapter | undefined;

beforeAll(async () => {
  if (process.platform !== 'linux') {
    skipReason = 'OBS integration test runs on Linux only';
  } else {
    skipReason = await ensureObsPackages((line) => console.info(`[obs-real] ${line}`));
  }
  if (skipReason) {
    console.info(`[obs-real] skipped: ${skipReason}`);
    return;
  }
  peer = await startObsPeer(PASSWORD);
  obs = createObs({ url: peer.url, password: PASSWORD, requestTimeoutMs: 15_000 });
}, 600_000);

afterAll(async () => {
  await obs?.close();
  // Also stops a peer whose start-up was cut short by the hook timeout.
  await stopAllObsPeers();
}, 60_000);

describe('real OBS Studio', () => {
  const adapter = () => {
    if (!obs) throw new Error('OBS did not start');
    return obs;
  };

  it('check() reads GetVersion', async (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    const identity = await adapter().check();
    expect(identity.details).toMatchObject({ rpcVersion: 1 });
    expect(String(identity.details?.obsVersion)).toMatch(/^\d+\.\d+/);
    expect(String(identity.details?.obsWebSocketVersion)).toMatch(/^5\./);
  });

  it('refuses a wrong password with AuthenticationError', async (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    const wrong = createObs({ url: peer!.url, password: 'not-the-password-123' });
    try {
      const error = await wrong.listScenes().catch((e: unknown) => e);
      expect(AuthenticationError.isInstance(error), String(error)).toBe(true);
    } finally {
      await wrong.close();
    }
  });

  it('creates a scene, switches program and sees CurrentProgramSceneChanged', async (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    const controller = new AbortController();
    const events = adapter().events({ signal: controller.signal })[Symbol.asyncIterator]();
    try {
      await adapter().createScene({ name: SCENE });
      const scenes = await adapter().listScenes();
      expect(scenes.scenes.map((s) => s.name)).toEqual(expect.arrayContaining(['Scene', SCENE]));
      await adapter().setProgramScene({ scene: SCENE });
      const seen: ProductionEvent[] = [];
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const next = await Promise.race([
          events.next(),
          new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), deadline - Date.now())),
        ]);
        if (next === 'late' || next.done) break;
        seen.push(next.value);
        if (next.value.type === 'program_changed') break;
      }
      expect(seen.find((e) => e.type === 'program_changed')?.value, JSON.stringify(seen)).toBe(SCENE);
      expect((await adapter().listScenes()).program).toBe(SCENE);
      const missing = await adapter()
        .setProgramScene({ scene: 'No such scene' })
        .catch((e: unknown) => e);
      expect(NotFoundError.isInstance(missing)).toBe(true);
    } finally {
      controller.abort();
      await events.return?.();
    }
  });

  it('creates a color source, lists inputs, mutes and sets volume', async (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    const created = await adapter().createInput({
      scene: SCENE,
      name: 'InfraFabric Color',
      kind: 'color_source_v3',
      // ABGR: opaque red.
      settings: { color: 0xff0000ff, width: 640, height: 360 },
    });
    expect(created.name).toBe('InfraFabric Color');
    const inputs = await adapter().listInputs();
    expect(inputs.find((i) => i.name === 'InfraFabric Color')?.kind).toBe('color_source_v3');
    // OBS refuses audio settings on a source without audio (measured: 604 InvalidResourceState).
    const noAudio = await adapter()
      .setInputMute({ input: 'InfraFabric Color', muted: true })
      .catch((e: unknown) => e);
    expect(noAudio).toMatchObject({ code: 'validation', providerCode: 'InvalidResourceState' });
    // A media source has audio even without a file.
    await adapter().createInput({
      scene: SCENE,
      name: 'InfraFabric Media',
      kind: 'ffmpeg_source',
      settings: {},
    });
    await adapter().setInputMute({ input: 'InfraFabric Media', muted: true });
    await adapter().setInputVolume({ input: 'InfraFabric Media', volumeDb: -6 });
    await adapter().setInputVolume({ input: 'InfraFabric Media', volumeMultiplier: 0.5 });
  });

  it('records and stops with the output path, and reads stats', async (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    await adapter().startRecord();
    const deadline = Date.now() + 10_000;
    while (!(await adapter().getRecordStatus()).active && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const stopped = await adapter().stopRecord();
    expect(stopped.outputPath).toContain(peer!.recordingDir);
    expect(existsSync(stopped.outputPath!)).toBe(true);
    const stats = await adapter().getStats();
    expect(stats.fps).toBeGreaterThan(0);
    expect(stats.memoryMb).toBeGreaterThan(0);
  });
});
