import { NotFoundError, ValidationError } from '@infrafabric/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ObsAdapter, createObs } from '../src/index';
import statsFixture from './__fixtures__/get-stats.json' with { type: 'json' };
import { ObsSimulator } from './simulator';
import { expectHistoryToMatchProtocol } from './protocol-spec';

const PASSWORD = 'operations-test-password';
const simulator = new ObsSimulator(PASSWORD);
let obs: ObsAdapter;

const sent = () =>
  simulator.received.map(
    (r) => JSON.parse(r.body).d as { requestType: string; requestData?: Record<string, unknown> },
  );

beforeAll(() => simulator.start());
afterAll(async () => {
  await simulator.stop();
  expectHistoryToMatchProtocol(simulator);
});
beforeEach(() => {
  simulator.reset();
  simulator.received.length = 0;
  obs = createObs({ url: simulator.url, password: PASSWORD });
});
afterEach(() => obs.close());

describe('scenes', () => {
  it('lists scenes top-down as the OBS UI shows them, with program and (studio mode) preview', async () => {
    await obs.createScene({ name: 'Outro' });
    let list = await obs.listScenes();
    expect(list.scenes.map((s) => s.name)).toEqual(['Scene', 'Live', 'Outro']);
    expect(list.scenes[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(list.program).toBe('Scene');
    expect(list.preview).toBeUndefined();
    simulator.studioMode = true;
    simulator.preview = 'Live';
    list = await obs.listScenes();
    expect(list.preview).toBe('Live');
  });

  it('switches program with SetCurrentProgramScene', async () => {
    await obs.setProgramScene({ scene: 'Live' });
    expect(simulator.program).toBe('Live');
    expect(sent().at(-1)).toMatchObject({
      requestType: 'SetCurrentProgramScene',
      requestData: { sceneName: 'Live' },
    });
  });

  it('maps an unknown scene (status 600 ResourceNotFound) to NotFoundError', async () => {
    const error = await obs.setProgramScene({ scene: 'Nope' }).catch((e: unknown) => e);
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      providerCode: 'ResourceNotFound',
      provider: 'obs',
      operation: 'setProgramScene',
    });
  });

  it('rejects a duplicate scene (601 ResourceAlreadyExists) as a validation error', async () => {
    const error = await obs.createScene({ name: 'Live' }).catch((e: unknown) => e);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ providerCode: 'ResourceAlreadyExists' });
  });
});

describe('studio mode', () => {
  it('gives a clear error for preview when studio mode is off, and reports preview capability', async () => {
    const error = await obs.setPreviewScene({ scene: 'Live' }).catch((e: unknown) => e);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      field: 'studioMode',
      rule: 'studio_mode_on',
      providerCode: 'StudioModeNotActive',
    });
    expect((error as Error).message).toMatch(/Studio Mode on/);
    expect(obs.capabilities.preview).toBe(false);
  });

  it('check() reads GetStudioModeEnabled into capabilities.preview', async () => {
    simulator.studioMode = true;
    const identity = await obs.check();
    expect(identity.details).toMatchObject({
      studioModeEnabled: true,
      obsWebSocketVersion: '5.1.0',
      rpcVersion: 1,
    });
    expect(obs.capabilities.preview).toBe(true);
    expect(obs.capabilities.operations.setOverlay).toBe(false);
  });

  it('sets preview and transitions with the chosen transition and duration', async () => {
    simulator.studioMode = true;
    await obs.setPreviewScene({ scene: 'Live' });
    await obs.transition({ type: 'Cut', durationMs: 500 });
    expect(simulator.program).toBe('Live');
    expect(simulator.transition).toBe('Cut');
    expect(simulator.transitionDurationMs).toBe(500);
    expect(sent().map((m) => m.requestType)).toEqual([
      'SetCurrentPreviewScene',
      'SetCurrentSceneTransition',
      'SetCurrentSceneTransitionDuration',
      'TriggerStudioModeTransition',
    ]);
  });

  it('transition() alone only triggers the studio-mode transition', async () => {
    simulator.studioMode = true;
    simulator.preview = 'Live';
    await obs.transition();
    expect(sent().map((m) => m.requestType)).toEqual(['TriggerStudioModeTransition']);
    expect(simulator.program).toBe('Live');
  });

  it('refuses a transition duration OBS would reject, before any request', async () => {
    const error = await obs.transition({ durationMs: 20 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ field: 'durationMs', rule: 'range' });
    expect(simulator.received).toHaveLength(0);
  });
});

describe('inputs', () => {
  it('creates an input in a scene and lists it', async () => {
    const created = await obs.createInput({
      scene: 'Scene',
      name: 'Backdrop',
      kind: 'color_source_v3',
      settings: { color: 0xff0000ff },
    });
    expect(created).toMatchObject({ name: 'Backdrop', kind: 'color_source_v3' });
    expect(created.id).toBe(simulator.inputs.find((i) => i.name === 'Backdrop')?.uuid);
    expect(sent().at(-1)?.requestData).toEqual({
      sceneName: 'Scene',
      inputName: 'Backdrop',
      inputKind: 'color_source_v3',
      inputSettings: { color: 0xff0000ff },
      sceneItemEnabled: true,
    });
    const inputs = await obs.listInputs();
    expect(inputs.map((i) => i.name)).toEqual(['Mic/Aux', 'Backdrop']);
    expect(inputs[1]?.kind).toBe('color_source_v3');
  });

  it('mutes and sets volume in dB or as a multiplier', async () => {
    await obs.setInputMute({ input: 'Mic/Aux', muted: true });
    expect(simulator.inputs[0]?.muted).toBe(true);
    await obs.setInputVolume({ input: 'Mic/Aux', volumeDb: -20 });
    expect(simulator.inputs[0]?.volumeMul).toBeCloseTo(0.1, 5);
    await obs.setInputVolume({ input: 'Mic/Aux', volumeMultiplier: 0.5 });
    expect(simulator.inputs[0]?.volumeMul).toBe(0.5);
    expect(
      sent()
        .slice(1)
        .map((m) => m.requestData),
    ).toEqual([
      { inputName: 'Mic/Aux', inputVolumeDb: -20 },
      { inputName: 'Mic/Aux', inputVolumeMul: 0.5 },
    ]);
  });

  it('maps audio settings on a source without audio (604 InvalidResourceState) to a validation error', async () => {
    await obs.createInput({ scene: 'Scene', name: 'Backdrop', kind: 'color_source_v3' });
    const error = await obs.setInputMute({ input: 'Backdrop', muted: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'validation', providerCode: 'InvalidResourceState' });
    expect((error as Error).message).toContain('does not support audio');
  });

  it('requires exactly one of volumeDb and volumeMultiplier', async () => {
    const error = await obs
      .setInputVolume({ input: 'Mic/Aux', volumeDb: -3, volumeMultiplier: 1 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ field: 'volumeDb', rule: 'db_xor_multiplier' });
    expect(simulator.received).toHaveLength(0);
  });
});

describe('outputs and stats', () => {
  it('starts, reports and stops the stream; a second start is a state error', async () => {
    await obs.startStream();
    expect(await obs.getStreamStatus()).toMatchObject({
      active: true,
      timecode: '00:00:05.000',
      bytes: 625_000,
    });
    const again = await obs.startStream().catch((e: unknown) => e);
    expect(again).toMatchObject({ code: 'validation', providerCode: 'OutputRunning' });
    await obs.stopStream();
    expect((await obs.getStreamStatus()).active).toBe(false);
  });

  it('records and returns the output path from StopRecord', async () => {
    await obs.startRecord();
    expect(await obs.getRecordStatus()).toMatchObject({ active: true, paused: false });
    expect(await obs.stopRecord()).toEqual({ active: false, outputPath: simulator.recordPath });
    const notRunning = await obs.stopRecord().catch((e: unknown) => e);
    expect(notRunning).toMatchObject({ providerCode: 'OutputNotRunning' });
  });

  it('maps GetStats', async () => {
    const stats = await obs.getStats();
    expect(stats).toEqual({
      cpuPercent: statsFixture.cpuUsage,
      memoryMb: statsFixture.memoryUsage,
      fps: statsFixture.activeFps,
      renderSkippedFrames: statsFixture.renderSkippedFrames,
      outputSkippedFrames: statsFixture.outputSkippedFrames,
    });
  });
});
