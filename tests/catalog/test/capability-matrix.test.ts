import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listProviders } from '@infrafabric/core';
import { describe, expect, it } from 'vitest';
import { renderCapabilityMatrix } from '../src/matrix';

describe('docs/CAPABILITIES.md', () => {
  it("matches the providers' catalogs (regenerate with `pnpm --filter @infrafabric/catalog-tests generate`)", () => {
    const onDisk = readFileSync(
      join(import.meta.dirname, '..', '..', '..', 'docs', 'CAPABILITIES.md'),
      'utf8',
    );
    expect(onDisk).toBe(renderCapabilityMatrix());
  });

  it('lists every provider package and flags every secret variable', () => {
    const providers = listProviders();
    expect(providers.map((p) => p.name).sort()).toEqual(
      [
        'aws',
        'azure',
        'discord',
        'home-assistant',
        'obs',
        'slack',
        'stripe',
        'telegram',
        'twilio',
        'vmix',
        'vonage',
        'whatsapp',
      ].sort(),
    );
    for (const provider of providers) {
      expect(provider.packageName).toBe(`@infrafabric/${provider.name}`);
      expect(provider.env.length, provider.name).toBeGreaterThan(0);
      for (const variable of provider.env) {
        if (/TOKEN|SECRET|PASSWORD|PRIVATE/.test(variable.name)) {
          expect(variable.secret, `${provider.name} ${variable.name}`).toBe(true);
        }
      }
    }
  });
});
