import type {
  OutputStatus,
  ProductionEvent,
  ProductionInput,
  ProductionStats,
  SceneList,
} from '@infrafabric/core';
import type { ConnectionNotice } from './connection';

type Data = Record<string, unknown>;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;
const bool = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);
const list = (value: unknown): Data[] =>
  Array.isArray(value) ? value.filter((v): v is Data => typeof v === 'object' && v !== null) : [];

/**
 * `GetSceneList` → SceneList. OBS lists scenes bottom-up (`sceneIndex` 0 is the last one in the
 * UI), so they are re-sorted to the order a person sees; `index` keeps OBS's own number.
 */
export function toSceneList(data: Data): SceneList {
  const scenes = list(data.scenes)
    .map((scene) => ({
      name: str(scene.sceneName) ?? '',
      id: str(scene.sceneUuid),
      index: num(scene.sceneIndex),
    }))
    .filter((scene) => scene.name !== '')
    .sort((a, b) => (b.index ?? 0) - (a.index ?? 0));
  return {
    scenes,
    program: str(data.currentProgramSceneName),
    // null outside studio mode.
    preview: str(data.currentPreviewSceneName),
  };
}

/** One entry of `GetInputList.inputs`. */
export function toProductionInput(input: Data): ProductionInput {
  return {
    name: str(input.inputName) ?? '',
    id: str(input.inputUuid),
    kind: str(input.inputKind) ?? str(input.unversionedInputKind),
  };
}

/** `GetStreamStatus` / `GetRecordStatus` → OutputStatus. */
export function toOutputStatus(data: Data): OutputStatus {
  return {
    active: data.outputActive === true,
    paused: bool(data.outputPaused),
    timecode: str(data.outputTimecode),
    bytes: num(data.outputBytes),
  };
}

/** `GetStats` → ProductionStats (OBS reports memory in MB already). */
export function toProductionStats(data: Data): ProductionStats {
  return {
    cpuPercent: num(data.cpuUsage),
    memoryMb: num(data.memoryUsage),
    fps: num(data.activeFps),
    renderSkippedFrames: num(data.renderSkippedFrames),
    outputSkippedFrames: num(data.outputSkippedFrames),
  };
}

/** Maps a connection notice onto the core event shape. */
export function toProductionEvent(
  notice: ConnectionNotice,
  now: () => Date = () => new Date(),
): ProductionEvent {
  const time = now().toISOString();
  if (notice.kind === 'connected') return { type: 'connection', value: true, name: 'connected', time };
  if (notice.kind === 'disconnected')
    return {
      type: 'connection',
      value: false,
      name: 'disconnected',
      time,
      raw: { code: notice.code, reason: notice.reason },
    };
  const { eventType, eventData } = notice;
  const raw = { eventType, eventData };
  switch (eventType) {
    case 'CurrentProgramSceneChanged':
      return {
        type: 'program_changed',
        value: str(eventData.sceneName),
        name: str(eventData.sceneName),
        time,
        raw,
      };
    case 'CurrentPreviewSceneChanged':
      return {
        type: 'preview_changed',
        value: str(eventData.sceneName),
        name: str(eventData.sceneName),
        time,
        raw,
      };
    case 'StreamStateChanged':
      return {
        type: 'stream_changed',
        value: bool(eventData.outputActive),
        name: str(eventData.outputState),
        time,
        raw,
      };
    case 'RecordStateChanged':
      return {
        type: 'record_changed',
        value: bool(eventData.outputActive),
        name: str(eventData.outputState),
        time,
        raw,
      };
    case 'InputMuteStateChanged':
      return {
        type: 'input_mute_changed',
        value: bool(eventData.inputMuted),
        name: str(eventData.inputName),
        time,
        raw,
      };
    case 'StudioModeStateChanged':
      return { type: 'other', value: bool(eventData.studioModeEnabled), name: eventType, time, raw };
    default:
      return { type: 'other', name: eventType, time, raw };
  }
}
