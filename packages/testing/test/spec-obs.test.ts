import { describe, expect, it } from 'vitest';
import { type ObsSpec, requireSpec } from '../src/spec/index';
import { jsonRequest, problemsOf } from './spec-helpers';

describe('spec validator: obs-websocket 5.x protocol', () => {
  const load = (ctx: { skip: (note?: string) => void }) =>
    requireSpec(ctx, 'obs-websocket/protocol.json', { format: 'obs' }) as ObsSpec;

  it('accepts SetCurrentProgramScene and requests without data', (ctx) => {
    const spec = load(ctx);
    expect(
      spec.checkMessage({ requestType: 'SetCurrentProgramScene', requestData: { sceneName: 'Live' } }),
    ).toEqual([]);
    expect(spec.checkMessage({ requestType: 'StartStream' })).toEqual([]);
  });

  it('reports unknown request types, unknown fields, wrong types and missing required fields', (ctx) => {
    const spec = load(ctx);
    expect(spec.checkMessage({ requestType: 'SetCurrentScene', requestData: { sceneName: 'Live' } })).toEqual(
      [{ request: 'OBS SetCurrentScene', problem: 'unknown requestType "SetCurrentScene"' }],
    );
    expect(
      problemsOf(
        spec.checkMessage({ requestType: 'SetCurrentProgramScene', requestData: { scene: 'Live' } }),
      ),
    ).toEqual(['unknown requestData field "scene" (not in the spec)']);
    expect(
      problemsOf(spec.checkMessage({ requestType: 'SetCurrentProgramScene', requestData: { sceneName: 3 } })),
    ).toEqual(['requestData field "sceneName" must be String, got 3']);
    expect(
      problemsOf(spec.checkMessage({ requestType: 'SetInputMute', requestData: { inputName: 'Mic' } })),
    ).toEqual(['missing required requestData field "inputMuted"']);
  });

  it('checks dotted (nested) fields', (ctx) => {
    const spec = load(ctx);
    const ok = {
      requestType: 'TriggerHotkeyByKeySequence',
      requestData: { keyId: 'OBS_KEY_A', keyModifiers: { shift: true } },
    };
    expect(spec.checkMessage(ok)).toEqual([]);
    const bad = {
      requestType: 'TriggerHotkeyByKeySequence',
      requestData: { keyModifiers: { shift: 'yes', hyper: true } },
    };
    expect(problemsOf(spec.checkMessage(bad))).toEqual([
      'unknown requestData field "keyModifiers.hyper" (not in the spec)',
      'requestData field "keyModifiers.shift" must be Boolean, got "yes"',
    ]);
  });

  it('says HTTP requests are not OBS requests', (ctx) => {
    const spec = load(ctx);
    expect(problemsOf(spec.check(jsonRequest('GET', 'http://localhost:4455/')))).toEqual([
      expect.stringMatching(/WebSocket protocol, not HTTP/),
    ]);
  });
});
