import { lazyModule } from '@infrafabric/core';
import type { Logger, WebClient, WebClientOptions } from '@slack/web-api';

/** Loads `@slack/web-api` on first use. */
export const loadSlackSdk = lazyModule('@slack/web-api', () => import('@slack/web-api'));

/** The SDK logs request failures at `warn`; errors reach the caller mapped, so it stays silent. */
const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => 'error' as ReturnType<Logger['getLevel']>,
  setName: () => undefined,
};

/** What a Slack client needs. */
export interface SlackClientConfig {
  token: string;
  /** Web API root with a trailing slash. */
  baseUrl: string;
  fetch?: typeof fetch | undefined;
}

/**
 * Builds a `WebClient` for one call. The SDK has no per-call abort signal, so each call gets a
 * client whose fetch carries that call's signal (construction is cheap: no sockets). The SDK's
 * own retries and rate-limit queueing are off: InfraFabric's policies retry, and a 429 must reach
 * the caller with its `Retry-After`.
 */
export async function createSlackClient(config: SlackClientConfig, signal?: AbortSignal): Promise<WebClient> {
  const { WebClient } = await loadSlackSdk();
  const baseFetch = config.fetch ?? globalThis.fetch;
  const fetchWithSignal: typeof fetch = (url, init) =>
    baseFetch(url, {
      ...init,
      signal: signal && init?.signal ? AbortSignal.any([signal, init.signal]) : (signal ?? init?.signal),
    });
  return new WebClient(config.token, {
    slackApiUrl: config.baseUrl,
    fetch: fetchWithSignal as unknown as WebClientOptions['fetch'],
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: silentLogger,
  });
}
