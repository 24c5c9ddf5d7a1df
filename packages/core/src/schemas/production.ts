import { z } from 'zod';
import { idSchema } from './common';

/** Input naming a scene. */
export const sceneRefSchema = z.object({ scene: z.string().min(1) });
/** Input naming a scene. */
export type SceneRef = z.input<typeof sceneRefSchema>;

/** Input of `transition`: take preview to program (studio mode / vMix). */
export const transitionInputSchema = z.object({
  /** Transition name (`Cut`, `Fade`, `Stinger`...); default is the switcher's current one. */
  type: z.string().min(1).optional(),
  durationMs: z.number().int().min(0).max(60_000).optional(),
});
/** Input of `transition`. */
export type TransitionInput = z.input<typeof transitionInputSchema>;

/** Input naming an input/source. */
export const inputRefSchema = z.object({ input: z.string().min(1) });
/** Input naming an input/source. */
export type InputRef = z.input<typeof inputRefSchema>;

/** Input of `setInputMute`. */
export const setInputMuteInputSchema = z.object({ input: z.string().min(1), muted: z.boolean() });
/** Input of `setInputMute`. */
export type SetInputMuteInput = z.input<typeof setInputMuteInputSchema>;

/** Input of `setInputVolume`: decibels (≤ 26, -100 is silence) or a linear multiplier 0..20. */
export const setInputVolumeInputSchema = z
  .object({
    input: z.string().min(1),
    volumeDb: z.number().min(-100).max(26).optional(),
    volumeMultiplier: z.number().min(0).max(20).optional(),
  })
  .refine((v) => (v.volumeDb === undefined) !== (v.volumeMultiplier === undefined), {
    message: 'give exactly one of volumeDb or volumeMultiplier',
    params: { rule: 'db_xor_multiplier' },
    path: ['volumeDb'],
  });
/** Input of `setInputVolume`. */
export type SetInputVolumeInput = z.input<typeof setInputVolumeInputSchema>;

/** Input of `createScene`. */
export const createSceneInputSchema = z.object({ name: z.string().min(1) });
/** Input of `createScene`. */
export type CreateSceneInput = z.input<typeof createSceneInputSchema>;

/** Input of `createInput`. */
export const createInputInputSchema = z.object({
  scene: z.string().min(1),
  name: z.string().min(1),
  /** The switcher's own input kind, e.g. OBS `color_source_v3`, vMix `Colour`. */
  kind: z.string().min(1),
  settings: z.record(z.string(), z.unknown()).optional(),
});
/** Input of `createInput`. */
export type CreateInputInput = z.input<typeof createInputInputSchema>;

/** Input of `setOverlay` (vMix overlay channels). */
export const setOverlayInputSchema = z.object({
  channel: z.number().int().min(1).max(8),
  input: idSchema.optional(),
  visible: z.boolean(),
});
/** Input of `setOverlay`. */
export type SetOverlayInput = z.input<typeof setOverlayInputSchema>;

/** A scene. */
export interface Scene {
  name: string;
  id?: string | undefined;
  index?: number | undefined;
}

/** The switcher's scenes and what is on program/preview. */
export interface SceneList {
  scenes: Scene[];
  program?: string | undefined;
  /** Only in studio mode / on switchers with a preview bus. */
  preview?: string | undefined;
}

/** An input/source. */
export interface ProductionInput {
  name: string;
  id?: string | undefined;
  kind?: string | undefined;
  muted?: boolean | undefined;
  volumeDb?: number | undefined;
}

/** Streaming or recording state. */
export interface OutputStatus {
  active: boolean;
  paused?: boolean | undefined;
  /** Elapsed `HH:MM:SS.mmm`, when reported. */
  timecode?: string | undefined;
  bytes?: number | undefined;
  /** Path of the finished recording, after `stopRecord`. */
  outputPath?: string | undefined;
}

/** Performance numbers. */
export interface ProductionStats {
  cpuPercent?: number | undefined;
  memoryMb?: number | undefined;
  fps?: number | undefined;
  renderSkippedFrames?: number | undefined;
  outputSkippedFrames?: number | undefined;
}
