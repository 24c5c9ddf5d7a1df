import { lazyModule } from '@infrafabric/core';
import { homeAssistantHttpError, homeAssistantTransportError } from './errors';

const loadKy = lazyModule('ky', () => import('ky'));

/** Settings of the REST client. */
export interface HomeAssistantRestSettings {
  baseUrl: string;
  token: string;
  timeoutMs: number;
  fetch?: typeof fetch | undefined;
}

/** A JSON call to the REST API. */
export interface HomeAssistantRestClient {
  request<T>(
    method: 'GET' | 'POST',
    path: string,
    operation: string,
    options?: { json?: unknown; signal?: AbortSignal | undefined },
  ): Promise<T>;
}

/** Creates the REST client (`Authorization: Bearer <token>`); ky loads on the first request. */
export function createHomeAssistantRestClient(settings: HomeAssistantRestSettings): HomeAssistantRestClient {
  const baseUrl = `${settings.baseUrl.replace(/\/+$/, '')}/`;
  return {
    async request<T>(
      method: 'GET' | 'POST',
      path: string,
      operation: string,
      options: { json?: unknown; signal?: AbortSignal | undefined } = {},
    ): Promise<T> {
      const { default: ky } = await loadKy();
      let response: Response;
      try {
        response = await ky(path.replace(/^\//, ''), {
          method,
          baseUrl,
          headers: { authorization: `Bearer ${settings.token}` },
          json: options.json,
          signal: options.signal,
          retry: 0,
          timeout: settings.timeoutMs,
          throwHttpErrors: false,
          ...(settings.fetch ? { fetch: settings.fetch } : {}),
        });
      } catch (error) {
        throw homeAssistantTransportError(error, operation);
      }
      const body = await response.text().catch(() => '');
      if (!response.ok) {
        throw homeAssistantHttpError({
          status: response.status,
          body,
          retryAfter: response.headers.get('retry-after'),
          operation,
        });
      }
      try {
        return JSON.parse(body) as T;
      } catch (error) {
        throw homeAssistantTransportError(
          new Error(`expected JSON from ${path}, got: ${body.slice(0, 80)}`, { cause: error }),
          operation,
        );
      }
    },
  };
}
