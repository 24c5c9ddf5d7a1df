import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Profile and scene collection names of the throwaway config. */
export const PROFILE = 'InfraFabricTest';
export const COLLECTION = 'InfraFabricTest';
/** The port obs-websocket listens on inside the network namespace. */
export const NAMESPACE_PORT = 4455;

/**
 * Writes a complete OBS 29 config under `xdgConfigHome/obs-studio`: no first-run wizard, the
 * obs-websocket 5.1 server on with a password (its config lives in global.ini `[OBSWebSocket]`
 * in this version), a small 640x360@30 profile recording mkv with x264 ultrafast into
 * `recordingDir`, and a scene collection with one empty scene.
 */
export async function writeObsConfig(
  xdgConfigHome: string,
  password: string,
  recordingDir: string,
): Promise<void> {
  const root = join(xdgConfigHome, 'obs-studio');
  const profileDir = join(root, 'basic', 'profiles', PROFILE);
  const scenesDir = join(root, 'basic', 'scenes');
  await mkdir(profileDir, { recursive: true });
  await mkdir(scenesDir, { recursive: true });
  await mkdir(recordingDir, { recursive: true });
  await writeFile(
    join(root, 'global.ini'),
    ini({
      General: { FirstRun: 'true', LastVersion: '486539266', ConfirmOnExit: 'false' },
      Basic: {
        Profile: PROFILE,
        ProfileDir: PROFILE,
        SceneCollection: COLLECTION,
        SceneCollectionFile: COLLECTION,
      },
      BasicWindow: { SysTrayEnabled: 'false', PreviewEnabled: 'false' },
      OBSWebSocket: {
        FirstLoad: 'false',
        ServerEnabled: 'true',
        ServerPort: String(NAMESPACE_PORT),
        AlertsEnabled: 'false',
        AuthRequired: 'true',
        ServerPassword: password,
      },
    }),
  );
  await writeFile(
    join(profileDir, 'basic.ini'),
    ini({
      General: { Name: PROFILE },
      Video: {
        BaseCX: '640',
        BaseCY: '360',
        OutputCX: '640',
        OutputCY: '360',
        FPSType: '0',
        FPSCommon: '30',
      },
      Audio: { SampleRate: '48000', ChannelSetup: 'Stereo' },
      Output: { Mode: 'Simple' },
      SimpleOutput: {
        FilePath: recordingDir,
        RecFormat: 'mkv',
        RecQuality: 'Stream',
        StreamEncoder: 'x264',
        RecEncoder: 'x264',
        Preset: 'ultrafast',
        VBitrate: '500',
        ABitrate: '96',
      },
    }),
  );
  await writeFile(
    join(scenesDir, `${COLLECTION}.json`),
    JSON.stringify({
      name: COLLECTION,
      current_scene: 'Scene',
      current_program_scene: 'Scene',
      scene_order: [{ name: 'Scene' }],
      sources: [
        {
          id: 'scene',
          versioned_id: 'scene',
          name: 'Scene',
          settings: { items: [], id_counter: 0, custom_size: false },
          enabled: true,
          muted: false,
          volume: 1,
          mixers: 0,
          flags: 0,
        },
      ],
      transitions: [],
      current_transition: 'Fade',
      transition_duration: 300,
    }),
  );
}

function ini(sections: Record<string, Record<string, string>>): string {
  return Object.entries(sections)
    .map(
      ([name, values]) =>
        `[${name}]\n${Object.entries(values)
          .map(([k, v]) => `${k}=${v}`)
          .join('\n')}\n`,
    )
    .join('\n');
}
