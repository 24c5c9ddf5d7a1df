import type { CallOptions, Adapter, BaseCapabilities } from './adapter';
import type {
  CreateInputInput,
  CreateSceneInput,
  InputRef,
  OutputStatus,
  ProductionInput,
  ProductionStats,
  SceneList,
  SceneRef,
  SetInputMuteInput,
  SetInputVolumeInput,
  SetOverlayInput,
  TransitionInput,
} from '../schemas/production';

/** Optional production operations, each mirrored in `capabilities.operations`. */
export const PRODUCTION_OPERATIONS = [
  'setPreviewScene',
  'transition',
  'listInputs',
  'setInputMute',
  'setInputVolume',
  'createScene',
  'createInput',
  'setOverlay',
  'startStream',
  'stopStream',
  'getStreamStatus',
  'startRecord',
  'stopRecord',
  'getRecordStatus',
  'getStats',
  'events',
] as const;
/** Optional production operation name. */
export type ProductionOperation = (typeof PRODUCTION_OPERATIONS)[number];

/** What a video switcher can do. */
export interface ProductionCapabilities extends BaseCapabilities<ProductionOperation> {
  /** Has a preview bus (OBS studio mode, vMix preview). */
  readonly preview: boolean;
}

/** Something that happened on the switcher. */
export interface ProductionEvent {
  type:
    | 'program_changed'
    | 'preview_changed'
    | 'stream_changed'
    | 'record_changed'
    | 'input_mute_changed'
    | 'connection'
    | 'other';
  /** Scene or input name, or state, depending on type. */
  value?: string | boolean | undefined;
  name?: string | undefined;
  time: string;
  raw?: unknown;
}

/** A live-production switcher: OBS Studio, vMix. */
export interface ProductionAdapter extends Adapter<'production', ProductionCapabilities> {
  listScenes(input?: Record<string, never>, options?: CallOptions): Promise<SceneList>;
  /** Puts a scene on program (live). */
  setProgramScene(input: SceneRef, options?: CallOptions): Promise<void>;
  setPreviewScene?(input: SceneRef, options?: CallOptions): Promise<void>;
  /** Takes preview to program with a transition. */
  transition?(input?: TransitionInput, options?: CallOptions): Promise<void>;
  listInputs?(input?: Record<string, never>, options?: CallOptions): Promise<ProductionInput[]>;
  setInputMute?(input: SetInputMuteInput, options?: CallOptions): Promise<void>;
  setInputVolume?(input: SetInputVolumeInput, options?: CallOptions): Promise<void>;
  createScene?(input: CreateSceneInput, options?: CallOptions): Promise<void>;
  createInput?(input: CreateInputInput, options?: CallOptions): Promise<ProductionInput>;
  setOverlay?(input: SetOverlayInput, options?: CallOptions): Promise<void>;
  startStream?(input?: Record<string, never>, options?: CallOptions): Promise<void>;
  stopStream?(input?: Record<string, never>, options?: CallOptions): Promise<void>;
  getStreamStatus?(input?: Record<string, never>, options?: CallOptions): Promise<OutputStatus>;
  startRecord?(input?: Record<string, never>, options?: CallOptions): Promise<void>;
  stopRecord?(input?: Record<string, never>, options?: CallOptions): Promise<OutputStatus>;
  getRecordStatus?(input?: Record<string, never>, options?: CallOptions): Promise<OutputStatus>;
  getStats?(input?: Record<string, never>, options?: CallOptions): Promise<ProductionStats>;
  /** Streams switcher events until `signal` aborts. */
  events?(options?: { signal?: AbortSignal }): AsyncIterable<ProductionEvent>;
}

/** Input naming an input (re-exported for adapters). */
export type { InputRef };
