import { errorFromHttpStatus, lazyModule } from '@infrafabric/core';
import type { KyInstance } from 'ky';
import { isGraphErrorBody, mapWhatsAppError, retryAfterFromHeaders, whatsappErrorFromBody } from './errors';

/** ky, loaded on first use so importing this package stays cheap. */
export const loadKy = lazyModule('ky', () => import('ky'));

/** One Graph API call. */
export interface GraphRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path after the version, e.g. `123/messages`. */
  path: string;
  json?: unknown;
  body?: FormData;
  searchParams?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

/** A Graph API client bound to one token and API version. */
export type GraphClient = <T>(operation: string, request: GraphRequest) => Promise<T>;

/**
 * Creates the Graph API client on ky. ky's own retries and timeout are turned off: the
 * InfraFabric dispatcher owns both, and a retried send could deliver a WhatsApp message twice
 * (Meta has no idempotency key).
 */
export function createGraphClient(config: {
  baseUrl: string;
  apiVersion: string;
  accessToken: string;
  fetch?: typeof fetch | undefined;
}): GraphClient {
  let instance: Promise<KyInstance> | undefined;
  const http = () => {
    instance ??= loadKy().then(({ default: ky }) =>
      ky.create({
        retry: 0,
        timeout: false,
        throwHttpErrors: false,
        headers: { authorization: `Bearer ${config.accessToken}` },
        ...(config.fetch ? { fetch: config.fetch } : {}),
      }),
    );
    // A failed load is not cached: the next call tries again (as lazyModule does).
    instance.catch(() => {
      instance = undefined;
    });
    return instance;
  };

  return async <T>(operation: string, request: GraphRequest): Promise<T> => {
    let response: Response;
    try {
      response = await (await http())(`${config.baseUrl}/${config.apiVersion}/${request.path}`, {
        method: request.method,
        ...(request.json === undefined ? {} : { json: request.json }),
        ...(request.body === undefined ? {} : { body: request.body }),
        ...(request.searchParams ? { searchParams: request.searchParams } : {}),
        signal: request.signal,
      });
    } catch (error) {
      throw mapWhatsAppError(error, operation);
    }
    const text = await response.text().catch(() => '');
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const retryAfterMs = retryAfterFromHeaders(response.headers);
      if (isGraphErrorBody(body))
        throw whatsappErrorFromBody(body, { operation, status: response.status, retryAfterMs });
      throw errorFromHttpStatus({ provider: 'whatsapp', operation, status: response.status, retryAfterMs });
    }
    return body as T;
  };
}
