import type { OutputStatus, ProductionInput, SceneList } from '@infrafabric/core';
import { xmlVolumeToDb } from './volume';

/** One input in the vMix XML state. */
export interface VmixInput {
  /** GUID, stable for the life of the input. */
  key: string;
  /** Position in the input list, from 1. */
  number: number;
  /** vMix input type, e.g. `Capture`, `Colour`, `GT`. */
  type: string;
  title: string;
  shortTitle?: string | undefined;
  /** `Running`, `Paused`, `Completed`. */
  state?: string | undefined;
  /** Only on inputs with audio. */
  muted?: boolean | undefined;
  /** Linear amplitude in percent (0..100), only on inputs with audio. */
  volume?: number | undefined;
  /** Buses the input is routed to, e.g. `['M', 'A']`. */
  audioBusses?: string[] | undefined;
}

/** vMix's state, as `GET /api` returns it. */
export interface VmixState {
  version: string;
  edition?: string | undefined;
  preset?: string | undefined;
  inputs: VmixInput[];
  /** Input number shown on each overlay channel (undefined when empty). */
  overlays: Array<{ number: number; input?: number | undefined }>;
  /** Input number on preview. */
  preview?: number | undefined;
  /** Input number on program (vMix calls it "active"). */
  active?: number | undefined;
  fadeToBlack: boolean;
  /** The four transition buttons: effect name and duration in ms. */
  transitions: Array<{ number: number; effect: string; duration: number }>;
  recording: boolean;
  /** Seconds recorded so far, when vMix reports it. */
  recordingDuration?: number | undefined;
  streaming: boolean;
  external: boolean;
  multiCorder: boolean;
  playList: boolean;
  fullscreen?: boolean | undefined;
}

/** The parsed-XML node shape we read (fast-xml-parser with attributes kept, no value parsing). */
/** A parsed XML element (fast-xml-parser output). */
export type XmlNode = Record<string, unknown>;

/** Parses XML text into nodes; given by the caller so that fast-xml-parser loads lazily. */
export type XmlParse = (xml: string) => XmlNode;

function text(node: unknown): string | undefined {
  if (node === undefined || node === null) return undefined;
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean')
    return String(node).trim();
  const value = (node as XmlNode)['#text'];
  return value === undefined ? '' : String(value).trim();
}

function attr(node: unknown, name: string): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const value = (node as XmlNode)[name];
  return value === undefined || typeof value === 'object' ? undefined : String(value);
}

function bool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  return value.toLowerCase() === 'true';
}

function num(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function list(node: unknown): unknown[] {
  if (node === undefined || node === null || node === '') return [];
  return Array.isArray(node) ? node : [node];
}

/** Elements fast-xml-parser must always return as arrays. */
export const VMIX_XML_ARRAYS = ['vmix.inputs.input', 'vmix.overlays.overlay', 'vmix.transitions.transition'];

/**
 * Reads vMix's XML state leniently: missing elements get safe defaults, unknown ones are ignored,
 * so older (no `<edition>`) and newer vMix versions parse alike.
 */
export function parseVmixState(xml: string, parse: XmlParse): VmixState {
  const root = (parse(xml).vmix ?? {}) as XmlNode;
  const inputsNode = root.inputs as XmlNode | undefined;
  const inputs: VmixInput[] = list(inputsNode?.input).map((node) => {
    const busses = attr(node, 'audiobusses');
    const volume = num(attr(node, 'volume'));
    return {
      key: attr(node, 'key') ?? '',
      number: num(attr(node, 'number')) ?? 0,
      type: attr(node, 'type') ?? 'Unknown',
      title: attr(node, 'title') ?? text(node) ?? '',
      shortTitle: attr(node, 'shortTitle'),
      state: attr(node, 'state'),
      muted: bool(attr(node, 'muted')),
      volume,
      audioBusses: busses === undefined ? undefined : busses.split(',').filter(Boolean),
    };
  });
  const overlaysNode = root.overlays as XmlNode | undefined;
  const transitionsNode = root.transitions as XmlNode | undefined;
  return {
    version: text(root.version) ?? '',
    edition: text(root.edition) || undefined,
    preset: text(root.preset) || undefined,
    inputs,
    overlays: list(overlaysNode?.overlay).map((node) => ({
      number: num(attr(node, 'number')) ?? 0,
      input: num(text(node)),
    })),
    preview: num(text(root.preview)),
    active: num(text(root.active)),
    fadeToBlack: bool(text(root.fadeToBlack)) ?? false,
    transitions: list(transitionsNode?.transition).map((node) => ({
      number: num(attr(node, 'number')) ?? 0,
      effect: attr(node, 'effect') ?? 'Fade',
      duration: num(attr(node, 'duration')) ?? 0,
    })),
    recording: bool(text(root.recording)) ?? false,
    recordingDuration: num(attr(root.recording, 'duration')),
    streaming: bool(text(root.streaming)) ?? false,
    external: bool(text(root.external)) ?? false,
    multiCorder: bool(text(root.multiCorder)) ?? false,
    playList: bool(text(root.playList)) ?? false,
    fullscreen: bool(text(root.fullscreen)),
  };
}

/** The input with this number, if any. */
export function inputByNumber(state: VmixState, number: number | undefined): VmixInput | undefined {
  return number === undefined ? undefined : state.inputs.find((i) => i.number === number);
}

/** vMix inputs act as scenes: program is the active input, preview the preview input. */
export function toSceneList(state: VmixState): SceneList {
  return {
    scenes: state.inputs.map((i) => ({ name: i.title, id: i.key, index: i.number })),
    program: inputByNumber(state, state.active)?.title,
    preview: inputByNumber(state, state.preview)?.title,
  };
}

/** A vMix input as a core production input. */
export function toProductionInput(input: VmixInput): ProductionInput {
  return {
    name: input.title,
    id: input.key,
    kind: input.type,
    muted: input.muted,
    volumeDb: input.volume === undefined ? undefined : xmlVolumeToDb(input.volume),
  };
}

function secondsToTimecode(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}

/** Recording state from the XML flags. */
export function toRecordStatus(state: VmixState): OutputStatus {
  return {
    active: state.recording,
    timecode:
      state.recording && state.recordingDuration !== undefined
        ? secondsToTimecode(state.recordingDuration)
        : undefined,
  };
}

/** Streaming state from the XML flags. */
export function toStreamStatus(state: VmixState): OutputStatus {
  return { active: state.streaming };
}
