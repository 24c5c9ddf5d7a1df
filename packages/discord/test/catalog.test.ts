import { readFileSync } from 'node:fs';
import { CHAT_OPERATIONS, createAdapter, getProvider, ValidationError } from '@infrafabric/core';
import { describe, expect, it } from 'vitest';
import { discordCatalog } from '../src/index';

describe('discord catalog and registration', () => {
  it('registers on import and builds an adapter from the environment', () => {
    expect(getProvider('discord')?.catalog).toBe(discordCatalog);
    const adapter = createAdapter(
      'discord',
      {},
      {},
      { DISCORD_BOT_TOKEN: 'MTA4OTk5OTk5OTk5OTk5OTk5.GcAnRy.env-token-for-catalog-test-000' },
    );
    expect(adapter.provider).toBe('discord');
    expect(adapter.capabilities).toEqual(discordCatalog.capabilities);
  });

  it('names the missing credential', () => {
    let caught: unknown;
    try {
      createAdapter('discord', {}, {}, {});
    } catch (error) {
      caught = error;
    }
    expect(ValidationError.isInstance(caught)).toBe(true);
    expect((caught as ValidationError).field).toBe('credentials.token');
  });

  it('the README capability table matches capabilities.operations', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const operations = discordCatalog.capabilities.operations as Record<string, boolean>;
    for (const operation of CHAT_OPERATIONS) {
      const row = new RegExp(`^\\|\\s*\`${operation}\`\\s*\\|\\s*(✅|❌)\\s*\\|`, 'm').exec(readme);
      expect(row, `README row for ${operation}`).not.toBeNull();
      expect(row?.[1] === '✅', operation).toBe(operations[operation]);
    }
  });
});
