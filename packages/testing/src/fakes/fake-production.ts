import {
  NotFoundError,
  type ProductionAdapter,
  type ProductionCapabilities,
  SPECIFICATION_VERSION,
  type SceneList,
  type SceneRef,
  type OutputStatus,
  parseInput,
  sceneRefSchema,
} from '@infrafabric/core';
import { FailurePlan, type FakeOptions } from './fake-failures';

/** An in-memory video switcher with named scenes, program/preview, streaming and recording. */
export class FakeSwitcher implements ProductionAdapter {
  readonly specificationVersion = SPECIFICATION_VERSION;
  readonly inputIsReadOnly = true;
  readonly kind = 'production' as const;
  readonly provider = 'fake-switcher';
  readonly name: string;
  readonly capabilities: ProductionCapabilities = {
    operations: {
      setPreviewScene: true,
      transition: true,
      listInputs: false,
      setInputMute: false,
      setInputVolume: false,
      createScene: false,
      createInput: false,
      setOverlay: false,
      startStream: true,
      stopStream: true,
      getStreamStatus: true,
      startRecord: true,
      stopRecord: true,
      getRecordStatus: true,
      getStats: false,
      events: false,
    },
    preview: true,
  };
  readonly failures = new FailurePlan();
  program: string;
  preview: string | undefined;
  streaming = false;
  recording = false;

  constructor(
    readonly scenes: string[] = ['Starting', 'Live', 'Ending'],
    options: FakeOptions = {},
  ) {
    this.name = options.name ?? this.provider;
    this.program = scenes[0] ?? 'Scene';
  }

  async check() {
    return { id: `${this.name}-switcher` };
  }

  async listScenes(): Promise<SceneList> {
    return {
      scenes: this.scenes.map((name, index) => ({ name, index })),
      program: this.program,
      preview: this.preview,
    };
  }

  private scene(raw: SceneRef, operation: string): string {
    const { scene } = parseInput(sceneRefSchema, raw, { provider: this.name, operation });
    this.failures.maybeThrow(operation);
    if (!this.scenes.includes(scene))
      throw new NotFoundError(`${this.name}: no scene "${scene}".`, { provider: this.name, operation });
    return scene;
  }

  async setProgramScene(raw: SceneRef): Promise<void> {
    this.program = this.scene(raw, 'setProgramScene');
  }

  async setPreviewScene(raw: SceneRef): Promise<void> {
    this.preview = this.scene(raw, 'setPreviewScene');
  }

  async transition(): Promise<void> {
    if (this.preview) [this.program, this.preview] = [this.preview, this.program];
  }

  async startStream(): Promise<void> {
    this.streaming = true;
  }
  async stopStream(): Promise<void> {
    this.streaming = false;
  }
  async getStreamStatus(): Promise<OutputStatus> {
    return { active: this.streaming };
  }
  async startRecord(): Promise<void> {
    this.recording = true;
  }
  async stopRecord(): Promise<OutputStatus> {
    this.recording = false;
    return { active: false, outputPath: '/recordings/fake.mkv' };
  }
  async getRecordStatus(): Promise<OutputStatus> {
    return { active: this.recording };
  }
}
