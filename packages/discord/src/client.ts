import { lazyModule } from '@infrafabric/core';
import type { REST, RESTOptions } from 'discord.js';

/** Loads `discord.js` (REST client and gateway) on first use; it costs ~200 ms and ~47 MiB. */
export const loadDiscord = lazyModule('discord.js', () => import('discord.js'));

/** What the REST client needs. */
export interface DiscordRestConfig {
  token: string;
  /** API root without version, e.g. `https://discord.com/api`. */
  baseUrl: string;
  fetch?: typeof fetch | undefined;
  timeoutMs: number;
}

/**
 * Builds discord.js's `REST` client so that errors reach InfraFabric unhidden: requests go through
 * `fetch` (undici's `request`, the default, bypasses custom fetches and interceptors), 5xx and
 * network errors are not retried internally (`retries: 0`; the dispatcher retries), and a 429 is
 * rejected at once with its wait (`rejectOnRateLimit`) instead of being queued silently.
 */
export async function createDiscordRest(config: DiscordRestConfig): Promise<REST> {
  const { REST } = await loadDiscord();
  const fetchImpl = config.fetch ?? globalThis.fetch;
  return new REST({
    api: config.baseUrl,
    version: '10',
    makeRequest: ((url: string, init: RequestInit) =>
      fetchImpl(url, init)) as unknown as RESTOptions['makeRequest'],
    retries: 0,
    timeout: config.timeoutMs,
    rejectOnRateLimit: () => true,
    offset: 0,
  }).setToken(config.token);
}
