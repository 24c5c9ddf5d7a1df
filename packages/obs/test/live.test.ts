import { afterAll, describe, expect, it } from 'vitest';
import { createObs } from '../src/index';

/**
 * Against a real OBS you run yourself: set OBS_WEBSOCKET_URL (and OBS_WEBSOCKET_PASSWORD when
 * authentication is on). Read-only, so it leaves your OBS exactly as it was.
 */
const url = process.env.OBS_WEBSOCKET_URL;
if (!url) console.info('[obs live] skipped: set OBS_WEBSOCKET_URL (and OBS_WEBSOCKET_PASSWORD) to run');

describe.skipIf(!url)('OBS live (read-only)', () => {
  const obs = createObs();
  afterAll(() => obs.close());

  it('identifies the server and reads scenes, inputs, outputs and stats', async () => {
    const identity = await obs.check();
    expect(identity.details?.rpcVersion).toBe(1);
    const scenes = await obs.listScenes();
    expect(scenes.scenes.length).toBeGreaterThan(0);
    expect(scenes.scenes.map((s) => s.name)).toContain(scenes.program);
    expect(Array.isArray(await obs.listInputs())).toBe(true);
    expect(typeof (await obs.getStreamStatus()).active).toBe('boolean');
    expect(typeof (await obs.getRecordStatus()).active).toBe('boolean');
    expect((await obs.getStats()).memoryMb).toBeGreaterThan(0);
  });
});
