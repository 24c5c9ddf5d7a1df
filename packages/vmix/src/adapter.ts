import {
  type AccountIdentity,
  type CallOptions,
  createInputInputSchema,
  NotFoundError,
  type OutputStatus,
  type ProductionAdapter,
  type ProductionCapabilities,
  type ProductionEvent,
  type ProductionInput,
  ProviderError,
  parseInput,
  type SceneList,
  SPECIFICATION_VERSION,
  sceneRefSchema,
  setInputMuteInputSchema,
  setInputVolumeInputSchema,
  setOverlayInputSchema,
  transitionInputSchema,
  ValidationError,
} from '@infrafabric/core';
import type { VmixHttpClient } from './http-client';
import {
  inputByNumber,
  toProductionInput,
  toRecordStatus,
  toSceneList,
  toStreamStatus,
  type VmixInput,
  type VmixState,
} from './mappers';
import { vmixTallyEvents } from './tally';
import { canonicalTransition, VMIX_TRANSITIONS } from './transitions';
import { faderForVolume } from './volume';

const PROVIDER = 'vmix';
/** vMix has four overlay channels (OverlayInput1..4); the core schema allows up to 8. */
const VMIX_OVERLAY_CHANNELS = 4;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Input kinds `createInput` can add with vMix's `AddInput` function. */
export const VMIX_CREATABLE_INPUT_KINDS = ['Colour'] as const;

/** What the vMix adapter can do. */
export const vmixCapabilities: ProductionCapabilities = {
  preview: true,
  operations: {
    setPreviewScene: true,
    transition: true,
    listInputs: true,
    setInputMute: true,
    setInputVolume: true,
    createScene: false,
    createInput: true,
    setOverlay: true,
    startStream: true,
    stopStream: true,
    getStreamStatus: true,
    startRecord: true,
    stopRecord: true,
    getRecordStatus: true,
    getStats: false,
    events: true,
  },
};

/** Everything the adapter needs, already validated. */
export interface VmixAdapterConfig {
  http: VmixHttpClient;
  /** Host and port of the TCP API, for `events()`. */
  tcpHost: string;
  tcpPort: number;
  /** The Web API address, used as the instance id. */
  baseUrl: string;
  name?: string | undefined;
}

/**
 * Finds an input by key GUID, number or exact title (vMix's three ways of naming an input).
 * @throws NotFoundError listing what exists.
 */
export function resolveInput(state: VmixState, ref: string, operation: string): VmixInput {
  const trimmed = ref.trim();
  const found =
    (GUID.test(trimmed)
      ? state.inputs.find((i) => i.key.toLowerCase() === trimmed.toLowerCase())
      : undefined) ??
    (/^\d+$/.test(trimmed) ? inputByNumber(state, Number(trimmed)) : undefined) ??
    state.inputs.find((i) => i.title === ref) ??
    state.inputs.find((i) => i.shortTitle === ref);
  if (found) return found;
  const known = state.inputs
    .slice(0, 10)
    .map((i) => `${i.number} "${i.title}"`)
    .join(', ');
  throw new NotFoundError(
    `${PROVIDER}.${operation}: no vMix input "${ref}". Name it by title (case-sensitive), number or key. Inputs: ${known || 'none'}.`,
    { provider: PROVIDER, operation, providerCode: 'input_not_found' },
  );
}

/** Creates the vMix production adapter over an HTTP client. */
export function createVmixAdapter(config: VmixAdapterConfig): ProductionAdapter {
  const { http } = config;
  const ctx = (operation: string) => ({ provider: PROVIDER, operation });

  async function runOnInput(
    functionName: string,
    ref: string,
    operation: string,
    options: CallOptions | undefined,
    extra: Record<string, string | number | undefined> = {},
  ): Promise<void> {
    const state = await http.state(operation, options?.signal);
    const input = resolveInput(state, ref, operation);
    await http.run(functionName, { Input: input.key, ...extra }, operation, options?.signal);
  }

  const adapter: ProductionAdapter = {
    specificationVersion: SPECIFICATION_VERSION,
    inputIsReadOnly: true,
    kind: 'production',
    provider: PROVIDER,
    name: config.name,
    capabilities: vmixCapabilities,

    async check(options) {
      const state = await http.state('check', options?.signal);
      if (!state.version) {
        throw new ProviderError(
          `${PROVIDER}.check: ${config.baseUrl}/api did not return vMix's XML state. Check the base URL points at the vMix Web Controller.`,
          { provider: PROVIDER, operation: 'check', retryable: false },
        );
      }
      const identity: AccountIdentity = {
        id: new URL(config.baseUrl).host,
        name: `vMix ${state.edition ?? ''} ${state.version}`.replace(/\s+/g, ' '),
        details: { version: state.version, edition: state.edition, preset: state.preset },
      };
      return identity;
    },

    async listScenes(_input, options): Promise<SceneList> {
      return toSceneList(await http.state('listScenes', options?.signal));
    },

    async setProgramScene(input, options) {
      const { scene } = parseInput(sceneRefSchema, input, ctx('setProgramScene'));
      await runOnInput('CutDirect', scene, 'setProgramScene', options);
    },

    async setPreviewScene(input, options) {
      const { scene } = parseInput(sceneRefSchema, input, ctx('setPreviewScene'));
      await runOnInput('PreviewInput', scene, 'setPreviewScene', options);
    },

    async transition(input, options) {
      const parsed = parseInput(transitionInputSchema, input ?? {}, ctx('transition'));
      let effect = parsed.type === undefined ? undefined : canonicalTransition(parsed.type);
      if (parsed.type !== undefined && effect === undefined) {
        throw new ValidationError(
          `${PROVIDER}.transition: invalid "type": vMix has no transition "${parsed.type}". Use one of ${VMIX_TRANSITIONS.join(', ')}.`,
          { ...ctx('transition'), field: 'type', rule: 'vmix_transition' },
        );
      }
      let duration = parsed.durationMs;
      if (effect === undefined) {
        // No type given: use what the operator set on transition button 1.
        const state = await http.state('transition', options?.signal);
        const first = state.transitions.find((t) => t.number === 1);
        effect = (first && canonicalTransition(first.effect)) ?? 'Fade';
        duration ??= first?.duration;
      }
      await http.run(effect, effect === 'Cut' ? {} : { Duration: duration }, 'transition', options?.signal);
    },

    async listInputs(_input, options): Promise<ProductionInput[]> {
      const state = await http.state('listInputs', options?.signal);
      return state.inputs.map(toProductionInput);
    },

    async setInputMute(input, options) {
      const parsed = parseInput(setInputMuteInputSchema, input, ctx('setInputMute'));
      await runOnInput(parsed.muted ? 'AudioOff' : 'AudioOn', parsed.input, 'setInputMute', options);
    },

    async setInputVolume(input, options) {
      const parsed = parseInput(setInputVolumeInputSchema, input, ctx('setInputVolume'));
      const fader = faderForVolume(parsed, ctx('setInputVolume'));
      await runOnInput('SetVolume', parsed.input, 'setInputVolume', options, { Value: fader });
    },

    async createInput(input, options) {
      const parsed = parseInput(createInputInputSchema, input, ctx('createInput'));
      const kind = parsed.kind.toLowerCase() === 'color' ? 'Colour' : parsed.kind;
      if (!(VMIX_CREATABLE_INPUT_KINDS as readonly string[]).includes(kind)) {
        throw new ValidationError(
          `${PROVIDER}.createInput: invalid "kind": this adapter can add ${VMIX_CREATABLE_INPUT_KINDS.join(', ')} inputs (vMix AddInput); "${parsed.kind}" needs a file or device path.`,
          { ...ctx('createInput'), field: 'kind', rule: 'vmix_input_kind' },
        );
      }
      const color = parsed.settings?.color ?? '#000000';
      if (typeof color !== 'string' || !/^#[0-9a-f]{6}([0-9a-f]{2})?$/i.test(color)) {
        throw new ValidationError(
          `${PROVIDER}.createInput: invalid "settings.color": use a hex colour such as #FF0000.`,
          { ...ctx('createInput'), field: 'settings.color', rule: 'hex_color' },
        );
      }
      const before = await http.state('createInput', options?.signal);
      const known = new Set(before.inputs.map((i) => i.key));
      await http.run('AddInput', { Value: `${kind}|${color}` }, 'createInput', options?.signal);
      const after = await http.state('createInput', options?.signal);
      const added = after.inputs.filter((i) => !known.has(i.key)).sort((a, b) => b.number - a.number)[0];
      if (!added) {
        throw new ProviderError(
          `${PROVIDER}.createInput: vMix accepted AddInput but no new input appeared. Check vMix for a dialog or an input limit of your edition.`,
          { ...ctx('createInput'), retryable: false, outcomeUnknown: true },
        );
      }
      await http.run(
        'SetInputName',
        { Input: added.key, Value: parsed.name },
        'createInput',
        options?.signal,
      );
      return { ...toProductionInput(added), name: parsed.name };
    },

    async setOverlay(input, options) {
      const parsed = parseInput(setOverlayInputSchema, input, ctx('setOverlay'));
      if (parsed.channel > VMIX_OVERLAY_CHANNELS) {
        throw new ValidationError(
          `${PROVIDER}.setOverlay: invalid "channel": vMix has overlay channels 1 to ${VMIX_OVERLAY_CHANNELS}.`,
          { ...ctx('setOverlay'), field: 'channel', rule: 'vmix_overlay_range' },
        );
      }
      if (!parsed.visible) {
        await http.run(`OverlayInput${parsed.channel}Out`, {}, 'setOverlay', options?.signal);
        return;
      }
      if (parsed.input === undefined) {
        throw new ValidationError(`${PROVIDER}.setOverlay: invalid "input": required to show an overlay.`, {
          ...ctx('setOverlay'),
          field: 'input',
          rule: 'required',
        });
      }
      await runOnInput(`OverlayInput${parsed.channel}In`, parsed.input, 'setOverlay', options);
    },

    async startStream(_input, options) {
      await http.run('StartStreaming', {}, 'startStream', options?.signal);
    },
    async stopStream(_input, options) {
      await http.run('StopStreaming', {}, 'stopStream', options?.signal);
    },
    async getStreamStatus(_input, options): Promise<OutputStatus> {
      return toStreamStatus(await http.state('getStreamStatus', options?.signal));
    },
    async startRecord(_input, options) {
      await http.run('StartRecording', {}, 'startRecord', options?.signal);
    },
    async stopRecord(_input, options): Promise<OutputStatus> {
      await http.run('StopRecording', {}, 'stopRecord', options?.signal);
      return toRecordStatus(await http.state('stopRecord', options?.signal));
    },
    async getRecordStatus(_input, options): Promise<OutputStatus> {
      return toRecordStatus(await http.state('getRecordStatus', options?.signal));
    },

    events(options): AsyncIterable<ProductionEvent> {
      return vmixTallyEvents({
        host: config.tcpHost,
        port: config.tcpPort,
        signal: options?.signal,
        resolve: async () => {
          const state = await http.state('events', options?.signal);
          return {
            program: inputByNumber(state, state.active)?.title,
            preview: inputByNumber(state, state.preview)?.title,
          };
        },
      });
    },
  };
  return adapter;
}
