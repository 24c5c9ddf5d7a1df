import { ValidationError } from '@infrafabric/core';

/*
 * vMix uses two volume scales (documented by the vMix community, e.g. live-miracles/vmix-master):
 * - the fader ("Volume", 0..100) taken by `SetVolume` and shown on the UI volume bars, where
 *   amplitude = (fader / 100) ^ 4, so 100 is unity gain (0 dB) and 50 is about -24 dB;
 * - the XML `volume` attribute of an input, which is the linear amplitude in percent (0..100).
 * vMix cannot raise an input above unity with SetVolume (that is `SetGain`, a separate 0..24 dB
 * trim), so positive dB values and multipliers above 1 are rejected rather than clipped silently.
 */

const SILENCE_DB = -100;

/** Converts a linear amplitude multiplier (1 = unity) to the vMix fader value `SetVolume` takes (0..100). */
export function amplitudeToFader(amplitude: number): number {
  if (amplitude <= 0) return 0;
  return Math.round(amplitude ** 0.25 * 100 * 100) / 100;
}

/** Converts a vMix fader value (0..100) to a linear amplitude multiplier. */
export function faderToAmplitude(fader: number): number {
  return (Math.max(0, Math.min(100, fader)) / 100) ** 4;
}

/** Converts the XML `volume` attribute (amplitude percent) to decibels; silence is -100 dB. */
export function xmlVolumeToDb(volume: number): number {
  if (!(volume > 0)) return SILENCE_DB;
  const db = 20 * Math.log10(volume / 100);
  return Math.max(SILENCE_DB, Math.round(db * 100) / 100);
}

/**
 * The `SetVolume` value for a core volume input (exactly one of `volumeDb` / `volumeMultiplier`).
 * @throws ValidationError when the requested level is above unity gain.
 */
export function faderForVolume(
  input: { volumeDb?: number | undefined; volumeMultiplier?: number | undefined },
  context: { provider: string; operation: string },
): number {
  const field = input.volumeDb === undefined ? 'volumeMultiplier' : 'volumeDb';
  const amplitude =
    input.volumeDb === undefined
      ? (input.volumeMultiplier ?? 1)
      : input.volumeDb <= SILENCE_DB
        ? 0
        : 10 ** (input.volumeDb / 20);
  if (amplitude > 1) {
    throw new ValidationError(
      `${context.provider}.${context.operation}: invalid "${field}": vMix's SetVolume cannot go above unity gain (0 dB / multiplier 1). Use a lower level, or raise the input's gain in vMix.`,
      { ...context, field, rule: 'vmix_max_unity_gain' },
    );
  }
  return amplitudeToFader(amplitude);
}
