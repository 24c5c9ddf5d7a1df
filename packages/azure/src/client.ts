import { lazyModule } from '@infrafabric/core';
import type { ComputeManagementClient } from '@azure/arm-compute';
import type { TokenCredential } from '@azure/identity';
import { createFetchHttpClient } from './fetch-http-client';
import type { AzureOptions } from './options';

// ~150 ms / 37 MiB and ~200 ms / 37 MiB to import: loaded on the first call only.
const loadCompute = lazyModule('@azure/arm-compute', () => import('@azure/arm-compute'));
const loadIdentity = lazyModule('@azure/identity', () => import('@azure/identity'));

/** The Azure Resource Manager scope every token is requested for. */
export const ARM_SCOPE = 'https://management.azure.com/.default';

/** Validated credentials the clients are built from. */
export interface AzureClientCredentials {
  subscriptionId: string;
  tenantId?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
}

/** The compute client, its token credential and the ARM endpoint it talks to. */
export interface AzureSession {
  compute: ComputeManagementClient;
  credential: TokenCredential;
  endpoint: string;
}

/**
 * Builds the token credential (the injected one, else a service-principal
 * `ClientSecretCredential`) and the compute client once, on first use. The SDK's own retries are
 * off (`maxRetries: 0`): core's policies retry.
 */
export function createAzureSession(credentials: AzureClientCredentials, options: AzureOptions) {
  let session: Promise<AzureSession> | undefined;
  const endpoint = (options.baseUrl ?? 'https://management.azure.com').replace(/\/$/, '');
  async function build(): Promise<AzureSession> {
    const httpClient = createFetchHttpClient(options.fetch);
    const credential =
      options.credential ??
      new (await loadIdentity()).ClientSecretCredential(
        credentials.tenantId!,
        credentials.clientId!,
        credentials.clientSecret!,
        {
          httpClient,
          ...(options.authorityHost
            ? { authorityHost: options.authorityHost, disableInstanceDiscovery: true }
            : {}),
        },
      );
    const { ComputeManagementClient: Client } = await loadCompute();
    const compute = new Client(credential, credentials.subscriptionId, {
      endpoint,
      retryOptions: { maxRetries: 0 },
      httpClient,
    });
    return { compute, credential, endpoint };
  }
  return () => {
    session ??= build().catch((error: unknown) => {
      session = undefined;
      throw error;
    });
    return session;
  };
}
