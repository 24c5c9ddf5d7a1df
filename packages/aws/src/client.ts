import { lazyModule } from '@infrafabric/core';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { AwsOptions } from './options';

/** The SDK module, typed, without loading it. */
export type Ec2Sdk = typeof import('@aws-sdk/client-ec2');

// 227 ms / 89 MiB to import: loaded on the first call, never at package import.
const loadEc2Sdk = lazyModule('@aws-sdk/client-ec2', () => import('@aws-sdk/client-ec2'));

/** Validated credentials the client is built from. */
export interface Ec2ClientCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
  region: string;
}

/** The loaded SDK plus a client for one region. */
export interface Ec2Session {
  sdk: Ec2Sdk;
  client: EC2Client;
  region: string;
}

/**
 * Builds EC2 clients lazily, one per region, sharing one credentials object. The SDK's own retries
 * are off (`maxAttempts: 1`): core's policies retry, with one idempotency key across attempts.
 */
export function createEc2Sessions(credentials: Ec2ClientCredentials, options: AwsOptions = {}) {
  const clients = new Map<string, EC2Client>();
  return {
    async forRegion(region: string = credentials.region): Promise<Ec2Session> {
      const sdk = await loadEc2Sdk();
      let client = clients.get(region);
      if (!client) {
        client = new sdk.EC2Client({
          region,
          maxAttempts: 1,
          credentials: {
            accessKeyId: credentials.accessKeyId,
            secretAccessKey: credentials.secretAccessKey,
            sessionToken: credentials.sessionToken,
          },
          ...(options.baseUrl ? { endpoint: options.baseUrl } : {}),
        });
        clients.set(region, client);
      }
      return { sdk, client, region };
    },
    /** Closes every client's sockets. */
    destroy(): void {
      for (const client of clients.values()) client.destroy();
      clients.clear();
    },
  };
}

/** What {@link createEc2Sessions} returns. */
export type Ec2Sessions = ReturnType<typeof createEc2Sessions>;
