import type { ProductionAdapter } from '@infrafabric/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVmix } from '../src/index';

// Runs only against a real vMix: set VMIX_URL (and VMIX_USERNAME / VMIX_PASSWORD when the Web
// Controller has a password). It changes preview, adds one Colour input and removes it again.
const missing = ['VMIX_URL'].filter((name) => !process.env[name]);
if (missing.length > 0)
  console.info(`[vmix live] skipped: set ${missing.join(', ')} to run against a real vMix.`);

describe.skipIf(missing.length > 0)('vMix live', () => {
  let vmix: ProductionAdapter;
  let previousPreview: string | undefined;
  let createdKey: string | undefined;

  beforeAll(async () => {
    vmix = createVmix({
      baseUrl: process.env.VMIX_URL,
      username: process.env.VMIX_USERNAME,
      password: process.env.VMIX_PASSWORD,
    });
    previousPreview = (await vmix.listScenes()).preview;
  });

  afterAll(async () => {
    if (createdKey) {
      // RemoveInput is not part of the adapter contract; call the Web API directly to clean up.
      const url = new URL(`api/?Function=RemoveInput&Input=${createdKey}`, `${process.env.VMIX_URL}/`);
      const auth = process.env.VMIX_PASSWORD
        ? { authorization: `Basic ${btoa(`${process.env.VMIX_USERNAME}:${process.env.VMIX_PASSWORD}`)}` }
        : undefined;
      await fetch(url, { headers: auth });
    }
    if (previousPreview) await vmix.setPreviewScene!({ scene: previousPreview });
  });

  it('reads the version and edition', async () => {
    const identity = await vmix.check();
    expect(identity.details?.version).toMatch(/^\d+\./);
  });

  it('adds a Colour input, previews it and lists it', async () => {
    const created = await vmix.createInput!({
      scene: 'unused',
      name: `infrafabric-live-${Date.now()}`,
      kind: 'Colour',
      settings: { color: '#00FF00' },
    });
    createdKey = created.id;
    await vmix.setPreviewScene!({ scene: created.name });
    expect((await vmix.listScenes()).preview).toBe(created.name);
  });
});
