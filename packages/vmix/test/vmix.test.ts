import {
  AuthenticationError,
  createAdapter,
  NotFoundError,
  type ProductionAdapter,
  type ProductionEvent,
  ValidationError,
} from '@infrafabric/core';
import { recordRequests } from '@infrafabric/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createVmix, vmix, vmixCatalog } from '../src/index';
import { parseTallyLine } from '../src/tally';
import { amplitudeToFader, faderToAmplitude, xmlVolumeToDb } from '../src/volume';
import { parseFixture, VMIX_SIM_URL, VmixSimulator } from './simulator';

const simulator = new VmixSimulator();
const server = setupServer(...simulator.handlers());
const requests = recordRequests(server);
let adapter: ProductionAdapter;

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
beforeEach(() => {
  simulator.reset();
  requests.clear();
  adapter = createVmix({ baseUrl: VMIX_SIM_URL });
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const functionCalls = () =>
  requests.requests
    .filter((r) => r.url.searchParams.has('Function'))
    .map((r) => Object.fromEntries(r.url.searchParams.entries()));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('XML state parsing', () => {
  it('reads the example printed in the vMix documentation', () => {
    const state = parseFixture('documented-state.xml');
    expect(state.version).toBe('11.0.0.16');
    expect(state.edition).toBeUndefined();
    expect(state.inputs.map((i) => [i.number, i.type, i.title, i.muted])).toEqual([
      [1, 'Xaml', 'NewsHD.xaml', true],
      [2, 'VirtualSet', 'LateNightNews', true],
    ]);
    expect(state.overlays.find((o) => o.number === 2)?.input).toBe(1);
    expect(state.overlays.find((o) => o.number === 1)?.input).toBeUndefined();
    expect([state.preview, state.active]).toEqual([1, 2]);
    expect(state.transitions[3]).toEqual({ number: 4, effect: 'CubeZoom', duration: 3000 });
    expect([state.recording, state.streaming, state.external, state.multiCorder]).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('reads edition, audio attributes and buses of a current vMix', () => {
    const state = parseFixture('state.xml');
    expect(state.edition).toBe('4K');
    const camera2 = state.inputs.find((i) => i.number === 2)!;
    expect(camera2).toMatchObject({ muted: true, volume: 25, audioBusses: ['M', 'A'] });
    expect(state.inputs.find((i) => i.type === 'Colour')?.muted).toBeUndefined();
  });
});

describe('volume mapping', () => {
  it('converts between amplitude, fader and dB', () => {
    expect(amplitudeToFader(1)).toBe(100);
    expect(amplitudeToFader(0.0625)).toBe(50);
    expect(faderToAmplitude(50)).toBeCloseTo(0.0625, 6);
    expect(xmlVolumeToDb(100)).toBe(0);
    expect(xmlVolumeToDb(25)).toBeCloseTo(-12.04, 2);
    expect(xmlVolumeToDb(0)).toBe(-100);
  });
});

describe('vMix adapter', () => {
  it('check() reports version and edition', async () => {
    await expect(adapter.check()).resolves.toEqual({
      id: 'vmix.test:8088',
      name: 'vMix 4K 27.0.0.49',
      details: { version: '27.0.0.49', edition: '4K', preset: undefined },
    });
  });

  it('lists inputs as scenes with program = active and preview = preview', async () => {
    const list = await adapter.listScenes();
    expect(list.program).toBe('Camera 1');
    expect(list.preview).toBe('Camera 2');
    expect(list.scenes[2]).toEqual({ name: 'Colour', id: 'a3b9e2f1-0c4d-4b8e-8f7a-1d2e3f4a5b33', index: 3 });
  });

  it.each([
    ['title', 'Camera 2'],
    ['number', '2'],
    ['key', '2C1E5C55-8D7E-4A6A-9F5B-6A0D8B0F4E22'],
  ])('puts an input on program by %s with CutDirect and its key', async (_how, ref) => {
    await adapter.setProgramScene({ scene: ref });
    expect(functionCalls()).toEqual([
      { Function: 'CutDirect', Input: '2c1e5c55-8d7e-4a6a-9f5b-6a0d8b0f4e22' },
    ]);
    expect((await adapter.listScenes()).program).toBe('Camera 2');
  });

  it('an unknown input is a NotFoundError and no function is sent', async () => {
    const error = await rejection(adapter.setPreviewScene!({ scene: 'Camera 9' }));
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect((error as NotFoundError).message).toContain('1 "Camera 1"');
    expect(functionCalls()).toEqual([]);
  });

  it('maps vMix 500 answers: an input error to NotFoundError, another rejection to ValidationError', async () => {
    server.use(
      http.get(`${VMIX_SIM_URL}/api/`, ({ request }) =>
        new URL(request.url).searchParams.get('Function') === 'CutDirect'
          ? new HttpResponse('Input not found', { status: 500 })
          : undefined,
      ),
    );
    const notFound = await rejection(adapter.setProgramScene({ scene: 'Camera 1' }));
    expect(NotFoundError.isInstance(notFound)).toBe(true);
    expect((notFound as NotFoundError).providerCode).toBe('input_not_found');
    // The Colour input has no audio: vMix rejects the function.
    const rejected = await rejection(adapter.setInputMute!({ input: 'Colour', muted: true }));
    expect(ValidationError.isInstance(rejected)).toBe(true);
    expect(rejected).toMatchObject({ status: 500, providerCode: 'function_error' });
    expect((rejected as Error).message).toContain('AudioOff');
  });

  it('a Web Controller password without credentials is an AuthenticationError saying what to set', async () => {
    simulator.auth = { username: 'studio', password: 'secret-password-1' };
    const error = await rejection(adapter.listScenes());
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('VMIX_PASSWORD');
    const authed = createVmix({ baseUrl: VMIX_SIM_URL, username: 'studio', password: 'secret-password-1' });
    await expect(authed.listScenes()).resolves.toMatchObject({ program: 'Camera 1' });
  });

  it('transition without a type uses transition button 1 from the state', async () => {
    await adapter.transition!();
    await adapter.transition!({ durationMs: 2000 });
    await adapter.transition!({ type: 'merge', durationMs: 750 });
    await adapter.transition!({ type: 'Cut', durationMs: 750 });
    expect(functionCalls()).toEqual([
      { Function: 'Fade', Duration: '500' },
      { Function: 'Fade', Duration: '2000' },
      { Function: 'Merge', Duration: '750' },
      { Function: 'Cut' },
    ]);
  });

  it('rejects an unknown transition before any request', async () => {
    const error = await rejection(adapter.transition!({ type: 'Dissolve' }));
    expect(error).toMatchObject({ field: 'type', rule: 'vmix_transition' });
    expect(requests.requests).toHaveLength(0);
  });

  it('mutes and unmutes with AudioOff / AudioOn', async () => {
    await adapter.setInputMute!({ input: 'Camera 1', muted: true });
    expect((await adapter.listInputs!())[0]?.muted).toBe(true);
    await adapter.setInputMute!({ input: 'Camera 1', muted: false });
    expect(functionCalls().map((c) => c.Function)).toEqual(['AudioOff', 'AudioOn']);
    expect((await adapter.listInputs!())[0]?.muted).toBe(false);
  });

  it('sets volume in dB or as a multiplier through the vMix fader scale', async () => {
    await adapter.setInputVolume!({ input: 'Camera 1', volumeDb: -24.08 });
    await adapter.setInputVolume!({ input: 'Camera 2', volumeMultiplier: 0.5 });
    expect(functionCalls().map((c) => c.Value)).toEqual(['50', '84.09']);
    const inputs = await adapter.listInputs!();
    expect(inputs[0]?.volumeDb).toBeCloseTo(-24.08, 1);
    expect(inputs[1]?.volumeDb).toBeCloseTo(-6.02, 1);
  });

  it('refuses a volume above unity gain before any request', async () => {
    const error = await rejection(adapter.setInputVolume!({ input: 'Camera 1', volumeDb: 3 }));
    expect(error).toMatchObject({ field: 'volumeDb', rule: 'vmix_max_unity_gain' });
    expect(requests.requests).toHaveLength(0);
  });

  it('shows and hides overlays 1-4 and rejects channels 5-8', async () => {
    await adapter.setOverlay!({ channel: 3, input: 'Lower Third.gtzip', visible: true });
    expect(simulator.state.overlays.find((o) => o.number === 3)?.input).toBe(4);
    await adapter.setOverlay!({ channel: 3, visible: false });
    expect(simulator.state.overlays.find((o) => o.number === 3)?.input).toBeUndefined();
    expect(functionCalls().map((c) => c.Function)).toEqual(['OverlayInput3In', 'OverlayInput3Out']);
    requests.clear();
    const error = await rejection(adapter.setOverlay!({ channel: 5, input: 'Colour', visible: true }));
    expect(error).toMatchObject({ field: 'channel', rule: 'vmix_overlay_range' });
    expect(requests.requests).toHaveLength(0);
  });

  it('adds a Colour input with AddInput and names it', async () => {
    const created = await adapter.createInput!({
      scene: 'Camera 1',
      name: 'Red Screen',
      kind: 'Colour',
      settings: { color: '#FF0000' },
    });
    expect(created).toMatchObject({ name: 'Red Screen', kind: 'Colour' });
    expect(functionCalls()).toEqual([
      { Function: 'AddInput', Value: 'Colour|#FF0000' },
      { Function: 'SetInputName', Input: created.id, Value: 'Red Screen' },
    ]);
    expect((await adapter.listScenes()).scenes.at(-1)?.name).toBe('Red Screen');
    const error = await rejection(adapter.createInput!({ scene: 'x', name: 'Clip', kind: 'Video' }));
    expect(error).toMatchObject({ field: 'kind', rule: 'vmix_input_kind' });
  });

  it('starts and stops streaming and recording, reporting the XML flags', async () => {
    await adapter.startStream!();
    await adapter.startRecord!();
    await expect(adapter.getStreamStatus!()).resolves.toEqual({ active: true });
    await expect(adapter.getRecordStatus!()).resolves.toMatchObject({
      active: true,
      timecode: '00:00:00.000',
    });
    await adapter.stopStream!();
    await expect(adapter.stopRecord!()).resolves.toMatchObject({ active: false });
    await expect(adapter.getStreamStatus!()).resolves.toEqual({ active: false });
    expect(functionCalls().map((c) => c.Function)).toEqual([
      'StartStreaming',
      'StartRecording',
      'StopStreaming',
      'StopRecording',
    ]);
  });

  it('is registered: createAdapter("vmix") and a lazy default instance', async () => {
    const viaRegistry = createAdapter<ProductionAdapter>('vmix', { baseUrl: VMIX_SIM_URL });
    await expect(viaRegistry.listScenes()).resolves.toMatchObject({ program: 'Camera 1' });
    expect(vmix()).toBe(vmix());
    expect(vmix().kind).toBe('production');
    expect(vmixCatalog.env.find((e) => e.name === 'VMIX_PASSWORD')?.secret).toBe(true);
  });

  it('rejects bad credentials options with the field named', () => {
    expect(() => createVmix({ baseUrl: 'ftp://x' })).toThrow(/credentials\.baseUrl/);
    expect(() => createVmix({ username: 'only-user' })).toThrow(/credentials\.password/);
  });
});

describe('TCP tally events', () => {
  let port: number;
  beforeAll(async () => {
    port = await simulator.listenTcp();
  });
  afterAll(() => simulator.closeTcp());

  it('parses tally strings', () => {
    expect(parseTallyLine('TALLY OK 0121')).toEqual({ program: [2, 4], preview: [3] });
    expect(parseTallyLine('FUNCTION OK PreviewInput')).toBeUndefined();
  });

  async function next(iterator: AsyncIterator<ProductionEvent>, type: ProductionEvent['type']) {
    for (;;) {
      const result = await iterator.next();
      if (result.done) throw new Error(`stream ended before ${type}`);
      if (result.value.type === type) return result.value;
    }
  }

  it('streams program/preview changes, survives a dropped connection and stops on abort', async () => {
    const events = createVmix({ baseUrl: VMIX_SIM_URL, tcpHost: '127.0.0.1', tcpPort: port });
    const controller = new AbortController();
    const iterator = events.events!({ signal: controller.signal })[Symbol.asyncIterator]();
    expect(await next(iterator, 'connection')).toMatchObject({ value: true });
    expect(await next(iterator, 'program_changed')).toMatchObject({ value: 'Camera 1' });
    await adapter.setProgramScene({ scene: 'Colour' });
    const change = await next(iterator, 'program_changed');
    expect(change.value).toBe('Colour');
    expect(change.raw).toMatchObject({ tally: `TALLY OK ${simulator.tally()}`, program: [3, 4] }); // input 4 is on overlay 2: tally 1 too

    simulator.dropTcpClients();
    expect(await next(iterator, 'connection')).toMatchObject({ value: false });
    expect(await next(iterator, 'connection')).toMatchObject({ value: true });
    await adapter.setPreviewScene!({ scene: 'Camera 1' });
    expect(await next(iterator, 'preview_changed')).toMatchObject({ value: 'Camera 1' });

    controller.abort();
    await expect(iterator.next()).resolves.toMatchObject({ done: true });
    await new Promise((r) => setTimeout(r, 50));
    expect(simulator.tcpClients).toBe(0);
  });
});
