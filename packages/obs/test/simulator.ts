import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FaultInjector, FaultKind, RecordedRequest, RequestLog } from '@infrafabric/testing';
import { type WebSocket, WebSocketServer } from 'ws';
import versionFixture from './__fixtures__/get-version.json' with { type: 'json' };
import statsFixture from './__fixtures__/get-stats.json' with { type: 'json' };
import recordStatusFixture from './__fixtures__/get-record-status.json' with { type: 'json' };
import streamStatusFixture from './__fixtures__/get-stream-status.json' with { type: 'json' };

/** obs-websocket op codes used here. */
const Op = { Hello: 0, Identify: 1, Identified: 2, Event: 5, Request: 6, RequestResponse: 7 } as const;
/** EventSubscription bits of the events the simulator emits. */
const Intent = { General: 1, Scenes: 4, Inputs: 8, Outputs: 64, Ui: 1024 } as const;
const DEFAULT_SUBSCRIPTIONS = 2047;
/** Input kinds without audio, on which OBS refuses mute and volume. */
const VIDEO_ONLY_KINDS = new Set(['color_source_v3', 'image_source', 'text_ft2_source_v2']);

interface SimInput {
  name: string;
  uuid: string;
  kind: string;
  muted: boolean;
  volumeMul: number;
  settings: Record<string, unknown>;
}

interface Client {
  socket: WebSocket;
  identified: boolean;
  subscriptions: number;
}

type Answer = { code: number; comment?: string; data?: Record<string, unknown> };

const ok = (data?: Record<string, unknown>): Answer => ({ code: 100, ...(data ? { data } : {}) });
const fail = (code: number, comment: string): Answer => ({ code, comment });

/** The obs-websocket authentication string: base64(sha256(base64(sha256(password + salt)) + challenge)). */
export function obsAuthentication(password: string, salt: string, challenge: string): string {
  const secret = createHash('sha256')
    .update(password + salt)
    .digest('base64');
  return createHash('sha256')
    .update(secret + challenge)
    .digest('base64');
}

/**
 * A loopback obs-websocket v5 server (JSON subprotocol) with OBS's state in memory: scenes,
 * program/preview, studio mode, inputs, stream and record outputs. It performs the real
 * Hello/Identify challenge, answers requests with real status codes and emits events.
 */
export class ObsSimulator {
  /** Request (op 6) messages received since the request log was last cleared. */
  readonly received: RecordedRequest[] = [];
  /** Every Request message received since the simulator was created (never cleared), for spec checks. */
  readonly history: RecordedRequest[] = [];
  scenes: Array<{ name: string; uuid: string }> = [];
  program = '';
  preview = '';
  studioMode = false;
  transition = 'Fade';
  transitionDurationMs = 300;
  readonly transitions = ['Cut', 'Fade'];
  inputs: SimInput[] = [];
  streaming = false;
  recording = false;
  recordPath = '/tmp/2026-11-24 14-00-00.mkv';
  private readonly faults: Array<{ fault: FaultKind }> = [];
  private readonly clients = new Set<Client>();
  private server: WebSocketServer | undefined;
  private port = 0;

  constructor(readonly password: string | undefined) {
    this.reset();
  }

  /** ws://127.0.0.1:<port> once started. */
  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Back to two scenes, one input, outputs stopped, studio mode off. */
  reset(): void {
    this.scenes = [
      { name: 'Scene', uuid: randomUUID() },
      { name: 'Live', uuid: randomUUID() },
    ];
    this.program = 'Scene';
    this.preview = 'Scene';
    this.studioMode = false;
    this.inputs = [
      {
        name: 'Mic/Aux',
        uuid: randomUUID(),
        kind: 'pulse_input_capture',
        muted: false,
        volumeMul: 1,
        settings: {},
      },
    ];
    this.streaming = false;
    this.recording = false;
    this.faults.length = 0;
  }

  /** Starts listening on a free loopback port (or `port`, to come back where clients expect it). */
  async start(port = this.port): Promise<void> {
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port,
      handleProtocols: (protocols) => (protocols.has('obswebsocket.json') ? 'obswebsocket.json' : false),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    this.port = (server.address() as AddressInfo).port;
    server.on('connection', (socket) => this.accept(socket));
    this.server = server;
  }

  /** Stops like OBS quitting: every session dropped (close code 1001), port freed. */
  async stop(): Promise<void> {
    for (const client of this.clients) client.socket.close(1001, 'Server stopping.');
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
    });
    for (const client of this.clients) client.socket.terminate();
    this.clients.clear();
    this.server = undefined;
  }

  /** Number of identified sessions. */
  get sessions(): number {
    return [...this.clients].filter((c) => c.identified).length;
  }

  /** Queues `fault` for the next `times` requests (`unauthorized`: the next Identify). */
  injectFault(fault: FaultKind, times = 1): void {
    for (let i = 0; i < times; i++) this.faults.push({ fault });
    // As when the password is changed in OBS: the server restarts and sessions must identify again.
    if (fault === 'unauthorized')
      for (const client of this.clients) client.socket.close(4011, 'Password changed.');
  }

  /** Removes queued faults. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Sends an event to every session subscribed to `intent`. */
  emit(eventType: string, intent: number, eventData: Record<string, unknown>): void {
    const message = JSON.stringify({ op: Op.Event, d: { eventType, eventIntent: intent, eventData } });
    for (const client of this.clients)
      if (client.identified && (client.subscriptions & intent) !== 0) client.socket.send(message);
  }

  private accept(socket: WebSocket): void {
    const client: Client = { socket, identified: false, subscriptions: DEFAULT_SUBSCRIPTIONS };
    this.clients.add(client);
    socket.on('close', () => this.clients.delete(client));
    const salt = randomBytes(32).toString('base64');
    const challenge = randomBytes(32).toString('base64');
    socket.send(
      JSON.stringify({
        op: Op.Hello,
        d: {
          obsWebSocketVersion: versionFixture.obsWebSocketVersion,
          rpcVersion: 1,
          ...(this.password ? { authentication: { challenge, salt } } : {}),
        },
      }),
    );
    socket.on('message', (raw) => {
      let message: { op?: number; d?: Record<string, unknown> };
      try {
        message = JSON.parse(String(raw));
      } catch {
        socket.close(4002, 'Unable to decode the message.');
        return;
      }
      if (message.op === Op.Identify) this.identify(client, message.d ?? {}, salt, challenge);
      else if (message.op === Op.Request) this.request(client, message.d ?? {}, String(raw));
      else socket.close(4006, 'Unknown op code.');
    });
  }

  private identify(client: Client, data: Record<string, unknown>, salt: string, challenge: string): void {
    if (client.identified) {
      client.socket.close(4008, 'Already identified.');
      return;
    }
    if (data.rpcVersion !== 1) {
      client.socket.close(4010, 'Unsupported RPC version.');
      return;
    }
    const pending = this.faults[0]?.fault === 'unauthorized' ? this.faults.shift() : undefined;
    const expected = this.password ? obsAuthentication(this.password, salt, challenge) : undefined;
    if (pending || (expected !== undefined && data.authentication !== expected)) {
      client.socket.close(4009, 'Authentication failed.');
      return;
    }
    client.identified = true;
    if (typeof data.eventSubscriptions === 'number') client.subscriptions = data.eventSubscriptions;
    client.socket.send(JSON.stringify({ op: Op.Identified, d: { negotiatedRpcVersion: 1 } }));
  }

  private request(client: Client, data: Record<string, unknown>, raw: string): void {
    if (!client.identified) {
      client.socket.close(4007, 'Not identified.');
      return;
    }
    const recorded = { method: 'WS', url: new URL(`${this.url}/`), headers: {}, body: raw };
    this.received.push(recorded);
    this.history.push(recorded);
    const requestType = String(data.requestType ?? '');
    const requestId = String(data.requestId ?? '');
    const fault = this.faults.shift()?.fault;
    if (fault === 'timeout') return;
    if (fault === 'connection_reset') {
      client.socket.terminate();
      return;
    }
    let answer: Answer;
    if (fault === 'not_found') answer = fail(600, 'No source was found by the name of `injected`.');
    else if (fault === 'server_error') answer = fail(702, 'Injected processing failure.');
    else answer = this.handle(requestType, (data.requestData ?? {}) as Record<string, unknown>);
    if (fault === 'success_then_dropped') {
      client.socket.terminate();
      return;
    }
    client.socket.send(
      JSON.stringify({
        op: Op.RequestResponse,
        d: {
          requestType,
          requestId,
          requestStatus:
            answer.code === 100
              ? { result: true, code: 100 }
              : { result: false, code: answer.code, comment: answer.comment },
          ...(answer.data ? { responseData: answer.data } : {}),
        },
      }),
    );
  }

  private scene(data: Record<string, unknown>): string | Answer {
    if (typeof data.sceneName !== 'string')
      return fail(300, 'Your request is missing the `sceneName` field.');
    if (!this.scenes.some((s) => s.name === data.sceneName))
      return fail(600, `No source was found by the name of \`${data.sceneName}\`.`);
    return data.sceneName;
  }

  private input(data: Record<string, unknown>): SimInput | Answer {
    if (typeof data.inputName !== 'string')
      return fail(300, 'Your request is missing the `inputName` field.');
    return (
      this.inputs.find((i) => i.name === data.inputName) ?? fail(600, 'No source was found by that name.')
    );
  }

  /** Like `input`, for audio requests: OBS answers 604 for sources without audio (color, image, text). */
  private audioInput(data: Record<string, unknown>): SimInput | Answer {
    const input = this.input(data);
    if ('code' in input) return input;
    return VIDEO_ONLY_KINDS.has(input.kind)
      ? fail(604, 'The specified input does not support audio.')
      : input;
  }

  private handle(requestType: string, data: Record<string, unknown>): Answer {
    switch (requestType) {
      case 'GetVersion':
        return ok({ ...versionFixture });
      case 'GetStats':
        return ok({ ...statsFixture });
      case 'GetStudioModeEnabled':
        return ok({ studioModeEnabled: this.studioMode });
      case 'SetStudioModeEnabled':
        this.studioMode = data.studioModeEnabled === true;
        this.emit('StudioModeStateChanged', Intent.Ui, { studioModeEnabled: this.studioMode });
        return ok();
      case 'GetSceneList':
        return ok({
          currentProgramSceneName: this.program,
          currentProgramSceneUuid: this.scenes.find((s) => s.name === this.program)?.uuid,
          currentPreviewSceneName: this.studioMode ? this.preview : null,
          currentPreviewSceneUuid: this.studioMode
            ? this.scenes.find((s) => s.name === this.preview)?.uuid
            : null,
          // OBS lists scenes bottom-up: the last array entry is the top of the UI list.
          scenes: this.scenes
            .map((s, i) => ({ sceneIndex: this.scenes.length - 1 - i, sceneName: s.name, sceneUuid: s.uuid }))
            .reverse(),
        });
      case 'SetCurrentProgramScene': {
        const scene = this.scene(data);
        if (typeof scene !== 'string') return scene;
        this.program = scene;
        this.emit('CurrentProgramSceneChanged', Intent.Scenes, { sceneName: scene });
        return ok();
      }
      case 'SetCurrentPreviewScene': {
        if (!this.studioMode) return fail(506, 'Studio mode is not active.');
        const scene = this.scene(data);
        if (typeof scene !== 'string') return scene;
        this.preview = scene;
        this.emit('CurrentPreviewSceneChanged', Intent.Scenes, { sceneName: scene });
        return ok();
      }
      case 'TriggerStudioModeTransition': {
        if (!this.studioMode) return fail(506, 'Studio mode is not active.');
        [this.program, this.preview] = [this.preview, this.program];
        this.emit('CurrentProgramSceneChanged', Intent.Scenes, { sceneName: this.program });
        return ok();
      }
      case 'SetCurrentSceneTransition':
        if (typeof data.transitionName !== 'string')
          return fail(300, 'Your request is missing the `transitionName` field.');
        if (!this.transitions.includes(data.transitionName))
          return fail(600, 'No transition was found by that name.');
        this.transition = data.transitionName;
        return ok();
      case 'SetCurrentSceneTransitionDuration': {
        const duration = data.transitionDuration;
        if (typeof duration !== 'number')
          return fail(300, 'Your request is missing the `transitionDuration` field.');
        if (duration < 50 || duration > 20_000)
          return fail(402, 'The field value of `transitionDuration` is out of range.');
        this.transitionDurationMs = duration;
        return ok();
      }
      case 'GetInputList':
        return ok({
          inputs: this.inputs.map((i) => ({
            inputName: i.name,
            inputUuid: i.uuid,
            inputKind: i.kind,
            unversionedInputKind: i.kind,
          })),
        });
      case 'SetInputMute': {
        const input = this.audioInput(data);
        if ('code' in input) return input;
        if (typeof data.inputMuted !== 'boolean')
          return fail(300, 'Your request is missing the `inputMuted` field.');
        input.muted = data.inputMuted;
        this.emit('InputMuteStateChanged', Intent.Inputs, { inputName: input.name, inputMuted: input.muted });
        return ok();
      }
      case 'SetInputVolume': {
        const input = this.audioInput(data);
        if ('code' in input) return input;
        const { inputVolumeDb: db, inputVolumeMul: mul } = data;
        if ((db === undefined) === (mul === undefined))
          return fail(404, 'You may only specify one of `inputVolumeMul` or `inputVolumeDb`.');
        if (typeof db === 'number') input.volumeMul = db <= -100 ? 0 : 10 ** (db / 20);
        else if (typeof mul === 'number') input.volumeMul = mul;
        return ok();
      }
      case 'CreateScene': {
        if (typeof data.sceneName !== 'string')
          return fail(300, 'Your request is missing the `sceneName` field.');
        if (this.scenes.some((s) => s.name === data.sceneName))
          return fail(601, 'A source already exists by that scene name.');
        const scene = { name: data.sceneName, uuid: randomUUID() };
        this.scenes.push(scene);
        return ok({ sceneUuid: scene.uuid });
      }
      case 'CreateInput': {
        const scene = this.scene(data);
        if (typeof scene !== 'string') return scene;
        if (typeof data.inputName !== 'string' || typeof data.inputKind !== 'string')
          return fail(300, 'Your request is missing the `inputName` field.');
        if (this.inputs.some((i) => i.name === data.inputName))
          return fail(601, 'A source already exists by that input name.');
        const input: SimInput = {
          name: data.inputName,
          uuid: randomUUID(),
          kind: data.inputKind,
          muted: false,
          volumeMul: 1,
          settings: (data.inputSettings ?? {}) as Record<string, unknown>,
        };
        this.inputs.push(input);
        return ok({ inputUuid: input.uuid, sceneItemId: this.inputs.length });
      }
      case 'StartStream':
        if (this.streaming) return fail(500, 'The stream output is already running.');
        this.streaming = true;
        this.emit('StreamStateChanged', Intent.Outputs, {
          outputActive: true,
          outputState: 'OBS_WEBSOCKET_OUTPUT_STARTED',
        });
        return ok();
      case 'StopStream':
        if (!this.streaming) return fail(501, 'The stream output is not running.');
        this.streaming = false;
        this.emit('StreamStateChanged', Intent.Outputs, {
          outputActive: false,
          outputState: 'OBS_WEBSOCKET_OUTPUT_STOPPED',
        });
        return ok();
      case 'GetStreamStatus':
        return ok({
          ...streamStatusFixture,
          ...(this.streaming
            ? {
                outputActive: true,
                outputTimecode: '00:00:05.000',
                outputDuration: 5000,
                outputBytes: 625_000,
                outputTotalFrames: 150,
              }
            : {}),
        });
      case 'StartRecord':
        if (this.recording) return fail(500, 'The record output is already running.');
        this.recording = true;
        this.emit('RecordStateChanged', Intent.Outputs, {
          outputActive: true,
          outputState: 'OBS_WEBSOCKET_OUTPUT_STARTED',
          outputPath: null,
        });
        return ok();
      case 'StopRecord':
        if (!this.recording) return fail(501, 'The record output is not running.');
        this.recording = false;
        this.emit('RecordStateChanged', Intent.Outputs, {
          outputActive: false,
          outputState: 'OBS_WEBSOCKET_OUTPUT_STOPPED',
          outputPath: this.recordPath,
        });
        return ok({ outputPath: this.recordPath });
      case 'GetRecordStatus':
        return ok({
          ...recordStatusFixture,
          ...(this.recording
            ? {
                outputActive: true,
                outputTimecode: '00:00:02.000',
                outputDuration: 2000,
                outputBytes: 250_000,
              }
            : {}),
        });
      default:
        return fail(204, 'Your request type is not valid.');
    }
  }
}

/**
 * The conformance suite's view of the simulator's requests: a {@link RequestLog} whose entries are
 * obs-websocket Request messages (`method: 'WS'`, `body` = the JSON message as sent).
 */
export function recordSimulatorRequests(simulator: ObsSimulator): RequestLog {
  return {
    get requests() {
      return simulator.received;
    },
    matching(filter) {
      return simulator.received.filter((r) =>
        typeof filter === 'string' ? r.url.href.startsWith(filter) : filter(r),
      );
    },
    clear() {
      simulator.received.length = 0;
    },
    dispose() {},
    async settled() {
      // Let messages already on the wire reach the server before anyone counts them.
      await new Promise((resolve) => setTimeout(resolve, 20));
    },
  };
}

/**
 * Fault injection for the WebSocket simulator: `unauthorized` fails the next Identify with close
 * code 4009 (after dropping current sessions, as a password change does), `not_found` answers
 * status 600, `server_error` 702 RequestProcessingFailed, `timeout` never answers,
 * `connection_reset` destroys the socket, `success_then_dropped` carries the request out and then
 * destroys the socket.
 */
export function createObsFaultInjector(simulator: ObsSimulator): FaultInjector {
  return {
    inject(fault, options = {}) {
      simulator.injectFault(fault, options.times ?? 1);
    },
    reset() {
      simulator.clearFaults();
    },
  };
}

/** Why some fault kinds cannot happen on obs-websocket. */
export const OBS_NOT_APPLICABLE: Partial<Record<FaultKind, string>> = {
  rate_limited: 'obs-websocket has no rate limiting: no request status or close code for it exists',
  forbidden: 'obs-websocket has one password and no per-request permissions: no "forbidden" status exists',
};
