import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHomeAssistant, type HomeAssistantAdapter } from '../src/index';

// Runs only against a real Home Assistant: set HOME_ASSISTANT_TOKEN and HOME_ASSISTANT_URL (an
// administrator's token, for the registries). It only reads (states, registries, 3 s of state
// changes): it creates nothing, so there is nothing to clean up.
const missing = ['HOME_ASSISTANT_TOKEN', 'HOME_ASSISTANT_URL'].filter((name) => !process.env[name]);
if (missing.length > 0)
  console.info(`[home-assistant live] skipped: set ${missing.join(', ')} to run against a real instance.`);

describe.skipIf(missing.length > 0)('Home Assistant live', () => {
  let ha: HomeAssistantAdapter;
  const controller = new AbortController();
  beforeAll(() => {
    ha = createHomeAssistant({
      token: process.env.HOME_ASSISTANT_TOKEN ?? '',
      baseUrl: process.env.HOME_ASSISTANT_URL,
    });
  });
  afterAll(() => controller.abort());

  it('checks the token and reads the configuration', async () => {
    const identity = await ha.check();
    expect(identity.details?.version).toEqual(expect.any(String));
  });

  it('lists entities and reads one', async () => {
    const entities = await ha.listEntities();
    expect(entities.length).toBeGreaterThan(0);
    const first = entities[0]!;
    await expect(ha.getEntity({ entityId: first.entityId })).resolves.toMatchObject({
      entityId: first.entityId,
    });
  });

  it('lists areas and devices over the WebSocket API', async () => {
    expect(Array.isArray(await ha.listAreas!())).toBe(true);
    expect(Array.isArray(await ha.listDevices!())).toBe(true);
  });

  it('subscribes to state changes', async () => {
    const iterator = ha.watchStates!({}, { signal: controller.signal })[Symbol.asyncIterator]();
    const next = iterator.next();
    const outcome = await Promise.race([
      next.then(() => 'event'),
      new Promise((r) => setTimeout(() => r('quiet'), 3000)),
    ]);
    expect(['event', 'quiet']).toContain(outcome);
  });
});
