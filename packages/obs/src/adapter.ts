import {
  type AccountIdentity,
  type CallOptions,
  type CreateInputInput,
  type CreateSceneInput,
  type OutputStatus,
  type ProductionAdapter,
  type ProductionCapabilities,
  type ProductionEvent,
  type ProductionInput,
  type ProductionStats,
  SPECIFICATION_VERSION,
  type SceneList,
  type SceneRef,
  type SetInputMuteInput,
  type SetInputVolumeInput,
  type TransitionInput,
  ValidationError,
  createInputInputSchema,
  createSceneInputSchema,
  parseInput,
  sceneRefSchema,
  setInputMuteInputSchema,
  setInputVolumeInputSchema,
  transitionInputSchema,
  z,
} from '@infrafabric/core';
import { OBS_CAPABILITIES } from './catalog';
import { type ObsClientFactory, ObsConnection } from './connection';
import { streamEvents } from './event-stream';
import { toOutputStatus, toProductionInput, toProductionStats, toSceneList } from './mappers';

const noInput = z.object({}).strict().default({});

/** obs-websocket accepts transition durations of 50–20 000 ms (SetCurrentSceneTransitionDuration). */
const TRANSITION_DURATION = { min: 50, max: 20_000 };

/** Everything {@link ObsAdapter} needs, resolved by the factory. */
export interface ObsAdapterSettings {
  name: string;
  url: () => string;
  password: () => string | undefined;
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  reconnect: { initialDelayMs: number; maxDelayMs: number };
  /** Replaces the obs-websocket-js client (other transports, tests). */
  clientFactory?: ObsClientFactory | undefined;
}

/**
 * OBS Studio through obs-websocket v5 (OBS 28+): scenes, studio-mode preview and transitions,
 * inputs, streaming, recording, stats and live events. Connects on first use.
 */
export class ObsAdapter implements ProductionAdapter {
  /** Contract version. */
  readonly specificationVersion = SPECIFICATION_VERSION;
  readonly inputIsReadOnly = true;
  /** Adapter kind. */
  readonly kind = 'production' as const;
  /** Registry name. */
  readonly provider = 'obs';
  /** Instance name on a Bus. */
  readonly name: string;
  private readonly connection: ObsConnection;
  private studioMode: boolean | undefined;

  constructor(private readonly settings: ObsAdapterSettings) {
    this.name = settings.name;
    this.connection = new ObsConnection({
      provider: settings.name,
      url: settings.url,
      password: settings.password,
      connectTimeoutMs: settings.connectTimeoutMs,
      reconnect: settings.reconnect,
      clientFactory: settings.clientFactory,
    });
  }

  /**
   * Capabilities. `preview` follows OBS's Studio Mode as last seen (by `check()`, a preview call
   * or a StudioModeStateChanged event): OBS has a preview bus only while Studio Mode is on.
   */
  get capabilities(): ProductionCapabilities {
    return { ...OBS_CAPABILITIES, preview: this.studioMode === true };
  }

  /** GetVersion (+ GetStudioModeEnabled): the OBS and obs-websocket versions this adapter talks to. */
  async check(options?: CallOptions): Promise<AccountIdentity> {
    const version = await this.call('check', 'GetVersion', undefined, options);
    const studio = await this.call('check', 'GetStudioModeEnabled', undefined, options);
    this.studioMode = studio.studioModeEnabled === true;
    const obsVersion = String(version.obsVersion ?? 'unknown');
    return {
      id: `${this.settings.url()}#obs-${obsVersion}`,
      name: `OBS Studio ${obsVersion}`,
      details: {
        obsVersion: version.obsVersion,
        obsWebSocketVersion: version.obsWebSocketVersion,
        rpcVersion: version.rpcVersion,
        platform: version.platform,
        platformDescription: version.platformDescription,
        studioModeEnabled: this.studioMode,
      },
    };
  }

  /** GetSceneList. */
  async listScenes(input?: Record<string, never>, options?: CallOptions): Promise<SceneList> {
    this.validate(noInput, input, 'listScenes');
    return toSceneList(await this.call('listScenes', 'GetSceneList', undefined, options));
  }

  /** SetCurrentProgramScene: puts the scene on program (live). */
  async setProgramScene(input: SceneRef, options?: CallOptions): Promise<void> {
    const { scene } = this.validate(sceneRefSchema, input, 'setProgramScene');
    await this.call('setProgramScene', 'SetCurrentProgramScene', { sceneName: scene }, options);
  }

  /** SetCurrentPreviewScene. Needs Studio Mode: a ValidationError (field `studioMode`) says so when it is off. */
  async setPreviewScene(input: SceneRef, options?: CallOptions): Promise<void> {
    const { scene } = this.validate(sceneRefSchema, input, 'setPreviewScene');
    await this.studioCall('setPreviewScene', 'SetCurrentPreviewScene', { sceneName: scene }, options);
  }

  /**
   * Takes preview to program: optionally selects the transition (SetCurrentSceneTransition) and its
   * duration (SetCurrentSceneTransitionDuration) first, then TriggerStudioModeTransition. Both
   * settings stay selected in OBS afterwards, as when an operator picks them in the UI.
   */
  async transition(input?: TransitionInput, options?: CallOptions): Promise<void> {
    const { type, durationMs } = this.validate(transitionInputSchema.default({}), input, 'transition');
    if (
      durationMs !== undefined &&
      (durationMs < TRANSITION_DURATION.min || durationMs > TRANSITION_DURATION.max)
    )
      throw new ValidationError(
        `${this.name}.transition: invalid "durationMs": OBS accepts ${TRANSITION_DURATION.min}–${TRANSITION_DURATION.max} ms (rule: range). Fix this field and call again.`,
        { provider: this.name, operation: 'transition', field: 'durationMs', rule: 'range' },
      );
    if (type !== undefined)
      await this.call('transition', 'SetCurrentSceneTransition', { transitionName: type }, options);
    if (durationMs !== undefined)
      await this.call(
        'transition',
        'SetCurrentSceneTransitionDuration',
        { transitionDuration: durationMs },
        options,
      );
    await this.studioCall('transition', 'TriggerStudioModeTransition', undefined, options);
  }

  /** GetInputList. */
  async listInputs(input?: Record<string, never>, options?: CallOptions): Promise<ProductionInput[]> {
    this.validate(noInput, input, 'listInputs');
    const data = await this.call('listInputs', 'GetInputList', undefined, options);
    return (Array.isArray(data.inputs) ? data.inputs : [])
      .map((entry) => toProductionInput(entry as Record<string, unknown>))
      .filter((entry) => entry.name !== '');
  }

  /** SetInputMute. */
  async setInputMute(input: SetInputMuteInput, options?: CallOptions): Promise<void> {
    const parsed = this.validate(setInputMuteInputSchema, input, 'setInputMute');
    await this.call(
      'setInputMute',
      'SetInputMute',
      { inputName: parsed.input, inputMuted: parsed.muted },
      options,
    );
  }

  /** SetInputVolume, in decibels (`inputVolumeDb`) or as a linear multiplier (`inputVolumeMul`). */
  async setInputVolume(input: SetInputVolumeInput, options?: CallOptions): Promise<void> {
    const parsed = this.validate(setInputVolumeInputSchema, input, 'setInputVolume');
    const level =
      parsed.volumeDb !== undefined
        ? { inputVolumeDb: parsed.volumeDb }
        : { inputVolumeMul: parsed.volumeMultiplier };
    await this.call('setInputVolume', 'SetInputVolume', { inputName: parsed.input, ...level }, options);
  }

  /** CreateScene. */
  async createScene(input: CreateSceneInput, options?: CallOptions): Promise<void> {
    const { name } = this.validate(createSceneInputSchema, input, 'createScene');
    await this.call('createScene', 'CreateScene', { sceneName: name }, options);
  }

  /** CreateInput: a new source of `kind` (e.g. `color_source_v3`) added to `scene`. */
  async createInput(input: CreateInputInput, options?: CallOptions): Promise<ProductionInput> {
    const parsed = this.validate(createInputInputSchema, input, 'createInput');
    const data = await this.call(
      'createInput',
      'CreateInput',
      {
        sceneName: parsed.scene,
        inputName: parsed.name,
        inputKind: parsed.kind,
        ...(parsed.settings ? { inputSettings: parsed.settings } : {}),
        sceneItemEnabled: true,
      },
      options,
    );
    return {
      name: parsed.name,
      kind: parsed.kind,
      id: typeof data.inputUuid === 'string' ? data.inputUuid : undefined,
    };
  }

  /** StartStream (with the stream settings configured in OBS). */
  async startStream(input?: Record<string, never>, options?: CallOptions): Promise<void> {
    this.validate(noInput, input, 'startStream');
    await this.call('startStream', 'StartStream', undefined, options);
  }

  /** StopStream. */
  async stopStream(input?: Record<string, never>, options?: CallOptions): Promise<void> {
    this.validate(noInput, input, 'stopStream');
    await this.call('stopStream', 'StopStream', undefined, options);
  }

  /** GetStreamStatus. */
  async getStreamStatus(input?: Record<string, never>, options?: CallOptions): Promise<OutputStatus> {
    this.validate(noInput, input, 'getStreamStatus');
    return toOutputStatus(await this.call('getStreamStatus', 'GetStreamStatus', undefined, options));
  }

  /** StartRecord (to the recording path configured in OBS). */
  async startRecord(input?: Record<string, never>, options?: CallOptions): Promise<void> {
    this.validate(noInput, input, 'startRecord');
    await this.call('startRecord', 'StartRecord', undefined, options);
  }

  /** StopRecord; returns the finished file's `outputPath`. */
  async stopRecord(input?: Record<string, never>, options?: CallOptions): Promise<OutputStatus> {
    this.validate(noInput, input, 'stopRecord');
    const data = await this.call('stopRecord', 'StopRecord', undefined, options);
    return { active: false, outputPath: typeof data.outputPath === 'string' ? data.outputPath : undefined };
  }

  /** GetRecordStatus. */
  async getRecordStatus(input?: Record<string, never>, options?: CallOptions): Promise<OutputStatus> {
    this.validate(noInput, input, 'getRecordStatus');
    return toOutputStatus(await this.call('getRecordStatus', 'GetRecordStatus', undefined, options));
  }

  /** GetStats. */
  async getStats(input?: Record<string, never>, options?: CallOptions): Promise<ProductionStats> {
    this.validate(noInput, input, 'getStats');
    return toProductionStats(await this.call('getStats', 'GetStats', undefined, options));
  }

  /**
   * Program/preview changes, stream and record state, input mutes, Studio Mode changes
   * (`other`/`StudioModeStateChanged`) and connection changes, until `signal` aborts. Reconnects
   * with backoff after OBS restarts while iterating.
   */
  events(options: { signal?: AbortSignal } = {}): AsyncIterable<ProductionEvent> {
    const adapter = this;
    return {
      async *[Symbol.asyncIterator]() {
        for await (const event of streamEvents(adapter.connection, options.signal)) {
          if (event.type === 'other' && event.name === 'StudioModeStateChanged')
            adapter.studioMode = event.value === true;
          yield event;
        }
      },
    };
  }

  /** Closes the WebSocket session and stops reconnecting. */
  async close(): Promise<void> {
    await this.connection.close();
  }

  private validate<S extends z.ZodType>(schema: S, input: unknown, operation: string): z.output<S> {
    return parseInput(schema, input, { provider: this.name, operation });
  }

  private async studioCall(
    operation: string,
    requestType: string,
    requestData: Record<string, unknown> | undefined,
    options: CallOptions | undefined,
  ): Promise<void> {
    try {
      await this.call(operation, requestType, requestData, options);
      this.studioMode = true;
    } catch (error) {
      if ((error as { providerCode?: string }).providerCode === 'StudioModeNotActive')
        this.studioMode = false;
      throw error;
    }
  }

  private call(
    operation: string,
    requestType: string,
    requestData: Record<string, unknown> | undefined,
    options: CallOptions | undefined,
  ): Promise<Record<string, unknown>> {
    return this.connection.request(requestType, requestData, {
      operation,
      timeoutMs: this.settings.requestTimeoutMs,
      signal: options?.signal,
    });
  }
}
