import { readFileSync } from 'node:fs';
import { CHAT_OPERATIONS, createAdapter, getProvider, ValidationError } from '@infrafabric/core';
import { describe, expect, it } from 'vitest';
import { slackCatalog } from '../src/index';

describe('slack catalog and registration', () => {
  it('registers on import and builds an adapter from the environment', () => {
    expect(getProvider('slack')?.catalog).toBe(slackCatalog);
    const adapter = createAdapter('slack', {}, {}, { SLACK_BOT_TOKEN: 'xoxb-env-token-1234' });
    expect(adapter.provider).toBe('slack');
    expect(adapter.capabilities).toEqual(slackCatalog.capabilities);
  });

  it('names the missing credential', () => {
    let caught: unknown;
    try {
      createAdapter('slack', {}, {}, {});
    } catch (error) {
      caught = error;
    }
    expect(ValidationError.isInstance(caught)).toBe(true);
    expect((caught as ValidationError).field).toBe('credentials.token');
  });

  it('the README capability table matches capabilities.operations', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const operations = slackCatalog.capabilities.operations as Record<string, boolean>;
    for (const operation of CHAT_OPERATIONS) {
      const row = new RegExp(`^\\|\\s*\`${operation}\`\\s*\\|\\s*(✅|❌)\\s*\\|`, 'm').exec(readme);
      expect(row, `README row for ${operation}`).not.toBeNull();
      expect(row?.[1] === '✅', operation).toBe(operations[operation]);
    }
  });
});
