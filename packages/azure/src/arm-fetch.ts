import { ProviderError } from '@infrafabric/core';
import type { TokenCredential } from '@azure/identity';
import { ARM_SCOPE } from './client';
import { mapArmFailure } from './errors';

/** api-version of the Subscriptions API (Microsoft.Resources) used for `check` and `listRegions`. */
export const SUBSCRIPTIONS_API_VERSION = '2022-12-01';

/**
 * GETs an ARM path with a bearer token from `credential`. The subscription-level APIs (the
 * subscription itself, its locations) belong to Microsoft.Resources, whose SDK
 * (`@azure/arm-resources`) is not a dependency, so they go through plain fetch with the same
 * credential and endpoint as the compute client.
 */
export async function armGet<T>(request: {
  endpoint: string;
  path: string;
  credential: TokenCredential;
  fetch?: typeof fetch | undefined;
  signal?: AbortSignal | undefined;
  operation: string;
}): Promise<T> {
  const token = await request.credential.getToken(ARM_SCOPE, { abortSignal: request.signal });
  if (!token) throw new Error('the credential returned no token');
  const url = `${request.endpoint}${request.path}?api-version=${SUBSCRIPTIONS_API_VERSION}`;
  const response = await (request.fetch ?? fetch)(url, {
    headers: { authorization: `Bearer ${token.token}`, accept: 'application/json' },
    signal: request.signal,
  });
  const text = await response.text();
  if (!response.ok) {
    let error: { code?: string; message?: string } | undefined;
    try {
      error = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
    } catch {
      error = undefined;
    }
    throw mapArmFailure({
      operation: request.operation,
      status: response.status,
      code: error?.code,
      message: error?.message,
      retryAfter: response.headers.get('retry-after'),
    });
  }
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    throw new ProviderError(
      `azure.${request.operation}: Azure answered HTTP ${response.status} with a body that is not JSON.`,
      {
        provider: 'azure',
        operation: request.operation,
        status: response.status,
        cause,
      },
    );
  }
}
