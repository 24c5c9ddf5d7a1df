import {
  type AccountIdentity,
  type CallOptions,
  type CloudAdapter,
  type CloudRegion,
  listCatalogInputSchema,
  listServersInputSchema,
  NotFoundError,
  parseInput,
  registerSecrets,
  type Server,
  type ServerImage,
  type ServerSize,
  SPECIFICATION_VERSION,
  serverRefSchema,
  serverSpecSchema,
  waitForServerInputSchema,
  waitForServerStatus,
} from '@infrafabric/core';
import { awsCapabilities } from './catalog';
import { createEc2Sessions, type Ec2Session } from './client';
import { awsCostModel } from './cost';
import { mapAwsError } from './errors';
import { imageFromAmi, regionFromEc2, serverFromInstance, sizeFromInstanceType } from './mappers';
import { type AwsCredentials, type AwsOptions, awsCredentialsSchema, awsRegionSchema } from './options';
import { runInstancesInput, tagFilters } from './requests';

const PROVIDER = 'aws';

/** The EC2 adapter: a core `CloudAdapter` over `@aws-sdk/client-ec2`. */
export type AwsCloudAdapter = CloudAdapter &
  Required<
    Pick<CloudAdapter, 'rebootServer' | 'waitForServer' | 'listSizes' | 'listImages' | 'listRegions'>
  > & {
    readonly provider: 'aws';
    readonly costModel: typeof awsCostModel;
  };

/**
 * Creates an EC2 cloud adapter. The SDK is loaded on the first call, not here.
 *
 * @example
 * ```ts
 * const aws = createAws({ accessKeyId, secretAccessKey, region: 'eu-west-1' });
 * const server = await aws.createServer({ name: 'web-1', size: 't3.micro', image: 'ami-0abc...', region: 'eu-west-1' });
 * await aws.waitForServer({ id: server.id, status: 'running' });
 * ```
 */
export function createAws(credentials: AwsCredentials, options: AwsOptions = {}): AwsCloudAdapter {
  const creds = parseInput(awsCredentialsSchema, credentials, {
    provider: PROVIDER,
    operation: 'createAdapter',
    path: 'credentials',
  });
  registerSecrets([creds.secretAccessKey, creds.sessionToken]);
  const sessions = createEc2Sessions(creds, options);
  // Instance ids do not say their region. Remember where every instance we saw lives, so that
  // getServer/destroyServer/rebootServer/waitForServer after a create or list in another region
  // reach it; unknown ids are looked up in the default region.
  const regionByInstance = new Map<string, string>();
  const seen = (server: Server): Server => {
    if (server.id && server.region) regionByInstance.set(server.id, server.region);
    return server;
  };

  /** Runs one SDK command in a region, mapping every failure onto core errors. */
  async function call<T>(
    operation: string,
    region: string | undefined,
    callOptions: CallOptions | undefined,
    run: (session: Ec2Session, abortSignal: AbortSignal | undefined) => Promise<T>,
  ): Promise<T> {
    try {
      const session = await sessions.forRegion(region);
      return await run(session, callOptions?.signal);
    } catch (error) {
      throw mapAwsError(error, operation);
    }
  }

  const regionOf = (region: string | undefined, operation: string) =>
    region === undefined
      ? creds.region
      : parseInput(awsRegionSchema, region, { provider: PROVIDER, operation, path: 'region' });

  const adapter: AwsCloudAdapter = {
    specificationVersion: SPECIFICATION_VERSION,
    inputIsReadOnly: true,
    kind: 'cloud',
    provider: PROVIDER,
    name: options.name,
    capabilities: awsCapabilities,
    costModel: awsCostModel,

    // No STS client is bundled, so the cheapest authenticated EC2 call proves the credentials.
    async check(callOptions): Promise<AccountIdentity> {
      return call('check', undefined, callOptions, async ({ sdk, client, region }, abortSignal) => {
        const result = await client.send(new sdk.DescribeAccountAttributesCommand({}), { abortSignal });
        const attributes: Record<string, string[]> = {};
        for (const attribute of result.AccountAttributes ?? []) {
          if (attribute.AttributeName)
            attributes[attribute.AttributeName] = (attribute.AttributeValues ?? []).map(
              (v) => v.AttributeValue ?? '',
            );
        }
        return { id: region, name: `AWS EC2 ${region}`, details: { region, accountAttributes: attributes } };
      });
    },

    async listServers(input = {}, callOptions): Promise<Server[]> {
      const parsed = parseInput(listServersInputSchema, input, {
        provider: PROVIDER,
        operation: 'listServers',
        path: 'input',
      });
      const region = regionOf(parsed.region, 'listServers');
      return call('listServers', region, callOptions, async ({ sdk, client }, abortSignal) => {
        const servers: Server[] = [];
        const filters = tagFilters(parsed.tags);
        let nextToken: string | undefined;
        do {
          const page = await client.send(
            new sdk.DescribeInstancesCommand({
              ...(filters.length > 0 ? { Filters: filters } : {}),
              MaxResults: 1000,
              NextToken: nextToken,
            }),
            { abortSignal },
          );
          for (const reservation of page.Reservations ?? [])
            for (const instance of reservation.Instances ?? [])
              servers.push(seen(serverFromInstance(instance, region)));
          nextToken = page.NextToken || undefined;
        } while (nextToken);
        return servers;
      });
    },

    async getServer(input, callOptions): Promise<Server> {
      const { id } = parseInput(serverRefSchema, input, {
        provider: PROVIDER,
        operation: 'getServer',
        path: 'input',
      });
      return call(
        'getServer',
        regionByInstance.get(id),
        callOptions,
        async ({ sdk, client, region }, abortSignal) => {
          const result = await client.send(new sdk.DescribeInstancesCommand({ InstanceIds: [id] }), {
            abortSignal,
          });
          const instance = result.Reservations?.flatMap((r) => r.Instances ?? []).find(
            (i) => i.InstanceId === id,
          );
          if (!instance)
            throw new NotFoundError(`aws.getServer: instance ${id} was not found in ${region}.`, {
              provider: PROVIDER,
              operation: 'getServer',
            });
          return seen(serverFromInstance(instance, region));
        },
      );
    },

    async createServer(input, callOptions): Promise<Server> {
      const spec = parseInput(serverSpecSchema, input, {
        provider: PROVIDER,
        operation: 'createServer',
        path: 'input',
      });
      const region = regionOf(spec.region, 'createServer');
      const request = runInstancesInput(spec, callOptions?.idempotencyKey);
      return call('createServer', region, callOptions, async ({ sdk, client }, abortSignal) => {
        const result = await client.send(new sdk.RunInstancesCommand(request), { abortSignal });
        const instance = result.Instances?.[0];
        if (!instance?.InstanceId)
          throw new Error('RunInstances answered without an instance; check the EC2 console.');
        return seen(serverFromInstance(instance, region));
      });
    },

    async destroyServer(input, callOptions): Promise<void> {
      const { id } = parseInput(serverRefSchema, input, {
        provider: PROVIDER,
        operation: 'destroyServer',
        path: 'input',
      });
      await call(
        'destroyServer',
        regionByInstance.get(id),
        callOptions,
        async ({ sdk, client }, abortSignal) => {
          await client.send(new sdk.TerminateInstancesCommand({ InstanceIds: [id] }), { abortSignal });
        },
      );
    },

    async rebootServer(input, callOptions): Promise<void> {
      const { id } = parseInput(serverRefSchema, input, {
        provider: PROVIDER,
        operation: 'rebootServer',
        path: 'input',
      });
      await call(
        'rebootServer',
        regionByInstance.get(id),
        callOptions,
        async ({ sdk, client }, abortSignal) => {
          await client.send(new sdk.RebootInstancesCommand({ InstanceIds: [id] }), { abortSignal });
        },
      );
    },

    // Core's poller rather than the SDK waiters, so the deadline, backoff and abort are ours.
    async waitForServer(input, callOptions): Promise<Server> {
      const parsed = parseInput(waitForServerInputSchema, input, {
        provider: PROVIDER,
        operation: 'waitForServer',
        path: 'input',
      });
      return waitForServerStatus(adapter, parsed, { signal: callOptions?.signal });
    },

    async listSizes(input = {}, callOptions): Promise<ServerSize[]> {
      const parsed = parseInput(listCatalogInputSchema, input, {
        provider: PROVIDER,
        operation: 'listSizes',
        path: 'input',
      });
      const region = regionOf(parsed.region, 'listSizes');
      return call('listSizes', region, callOptions, async ({ sdk, client }, abortSignal) => {
        const sizes: ServerSize[] = [];
        let nextToken: string | undefined;
        do {
          const page = await client.send(
            new sdk.DescribeInstanceTypesCommand({
              ...(parsed.filter ? { Filters: [{ Name: 'instance-type', Values: [parsed.filter] }] } : {}),
              MaxResults: 100,
              NextToken: nextToken,
            }),
            { abortSignal },
          );
          for (const info of page.InstanceTypes ?? []) sizes.push(sizeFromInstanceType(info));
          nextToken = page.NextToken || undefined;
        } while (nextToken);
        return sizes;
      });
    },

    async listImages(input = {}, callOptions): Promise<ServerImage[]> {
      const parsed = parseInput(listCatalogInputSchema, input, {
        provider: PROVIDER,
        operation: 'listImages',
        path: 'input',
      });
      const region = regionOf(parsed.region, 'listImages');
      return call('listImages', region, callOptions, async ({ sdk, client }, abortSignal) => {
        const images: ServerImage[] = [];
        let nextToken: string | undefined;
        do {
          const page = await client.send(
            new sdk.DescribeImagesCommand({
              // Without an owner EC2 lists every public AMI (tens of thousands): default to your own.
              Owners: [parsed.owner ?? 'self'],
              Filters: [
                { Name: 'state', Values: ['available'] },
                ...(parsed.filter ? [{ Name: 'name', Values: [parsed.filter] }] : []),
              ],
              MaxResults: 1000,
              NextToken: nextToken,
            }),
            { abortSignal },
          );
          for (const image of page.Images ?? []) images.push(imageFromAmi(image));
          nextToken = page.NextToken || undefined;
        } while (nextToken);
        return images;
      });
    },

    async listRegions(_input, callOptions): Promise<CloudRegion[]> {
      return call('listRegions', undefined, callOptions, async ({ sdk, client }, abortSignal) => {
        const result = await client.send(new sdk.DescribeRegionsCommand({ AllRegions: true }), {
          abortSignal,
        });
        return (result.Regions ?? []).map(regionFromEc2);
      });
    },

    async close(): Promise<void> {
      sessions.destroy();
    },
  };
  return adapter;
}
