import { type ObsSpec, requireSpec } from '@infrafabric/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createObs } from '../src/index';
import { requestMessages } from './protocol-spec';
import { ObsSimulator } from './simulator';

const PASSWORD = 'spec-test-password-9a0';
const simulator = new ObsSimulator(PASSWORD);

beforeAll(() => simulator.start());
afterAll(() => simulator.stop());

it('sends only request messages that obs-websocket protocol.json describes', async (ctx) => {
  const spec = requireSpec(ctx, 'obs-websocket/protocol.json', { format: 'obs' }) as ObsSpec;
  simulator.received.length = 0;
  simulator.studioMode = true;
  const obs = createObs({ url: simulator.url, password: PASSWORD });
  try {
    await obs.check();
    await obs.listScenes();
    await obs.createScene({ name: 'Spec scene' });
    await obs.setProgramScene({ scene: 'Spec scene' });
    await obs.setPreviewScene({ scene: 'Live' });
    await obs.transition({ type: 'Cut', durationMs: 250 });
    await obs.createInput({
      scene: 'Spec scene',
      name: 'Spec color',
      kind: 'color_source_v3',
      settings: { color: 4278190335 },
    });
    await obs.listInputs();
    await obs.setInputMute({ input: 'Mic/Aux', muted: true });
    await obs.setInputVolume({ input: 'Mic/Aux', volumeDb: -12 });
    await obs.setInputVolume({ input: 'Mic/Aux', volumeMultiplier: 0.25 });
    await obs.startStream();
    await obs.getStreamStatus();
    await obs.stopStream();
    await obs.startRecord();
    await obs.getRecordStatus();
    await obs.stopRecord();
    await obs.getStats();
  } finally {
    await obs.close();
  }

  const messages = requestMessages(simulator);
  for (const message of messages) expect(message.requestId).toEqual(expect.any(String));
  // Never vacuous: every operation above reached the simulator.
  expect(messages.length).toBe(21);
  const mismatches = messages.flatMap((message) => spec.checkMessage(message));
  expect(mismatches).toEqual([]);
  expect(new Set(messages.map((m) => m.requestType))).toEqual(
    new Set([
      'GetVersion',
      'GetStudioModeEnabled',
      'GetSceneList',
      'CreateScene',
      'SetCurrentProgramScene',
      'SetCurrentPreviewScene',
      'SetCurrentSceneTransition',
      'SetCurrentSceneTransitionDuration',
      'TriggerStudioModeTransition',
      'CreateInput',
      'GetInputList',
      'SetInputMute',
      'SetInputVolume',
      'StartStream',
      'GetStreamStatus',
      'StopStream',
      'StartRecord',
      'GetRecordStatus',
      'StopRecord',
      'GetStats',
    ]),
  );
});

it('the checker is not vacuous: a misspelt field is reported', (ctx) => {
  const spec = requireSpec(ctx, 'obs-websocket/protocol.json', { format: 'obs' }) as ObsSpec;
  expect(
    spec.checkMessage({ requestType: 'SetInputVolume', requestData: { inputName: 'x', volumeDb: -3 } }),
  ).not.toEqual([]);
});
