import { describe, expect, it } from 'vitest';
import { errorFromRequestStatus } from '../src/errors';
import { toOutputStatus, toProductionStats, toSceneList } from '../src/mappers';
import recordStatus from './__fixtures__/get-record-status.json' with { type: 'json' };
import sceneList from './__fixtures__/get-scene-list.json' with { type: 'json' };
import stats from './__fixtures__/get-stats.json' with { type: 'json' };
import streamStatus from './__fixtures__/get-stream-status.json' with { type: 'json' };
import requestErrors from './__fixtures__/request-errors.json' with { type: 'json' };

describe('mapping real OBS 29.0.2 / obs-websocket 5.1.0 answers', () => {
  it('reads a scene list without UUIDs and with a null preview (studio mode off)', () => {
    expect(toSceneList(sceneList)).toEqual({
      scenes: [{ name: 'Scene', id: undefined, index: 0 }],
      program: 'Scene',
      preview: undefined,
    });
  });

  it('reads idle stream and record status', () => {
    expect(toOutputStatus(streamStatus)).toEqual({
      active: false,
      paused: undefined,
      timecode: '00:00:00.000',
      bytes: 0,
    });
    expect(toOutputStatus(recordStatus)).toMatchObject({ active: false, paused: false });
  });

  it('reads stats', () => {
    expect(toProductionStats(stats)).toEqual({
      cpuPercent: stats.cpuUsage,
      memoryMb: stats.memoryUsage,
      fps: 0,
      renderSkippedFrames: 0,
      outputSkippedFrames: 0,
    });
  });

  it('maps the request statuses OBS sent for refused requests', () => {
    const codes = Object.fromEntries(
      Object.entries(requestErrors).map(([what, status]) => [
        what,
        errorFromRequestStatus(status.code, 'comment' in status ? status.comment : undefined, {
          provider: 'obs',
        }).code,
      ]),
    );
    expect(codes).toEqual({
      'SetCurrentPreviewScene (studio mode off)': 'validation',
      'SetCurrentProgramScene without sceneName': 'validation',
      'StopStream while not streaming': 'validation',
      'SetCurrentSceneTransitionDuration 10': 'validation',
      'SetInputMute on color_source_v3': 'validation',
    });
  });
});
