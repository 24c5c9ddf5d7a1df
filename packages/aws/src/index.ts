/**
 * `@infrafabric/aws`: AWS EC2 as an InfraFabric cloud adapter, over the official
 * `@aws-sdk/client-ec2` (loaded on first use). Importing this package registers the `aws` provider.
 *
 * @packageDocumentation
 */
import { credentialsFromEnv, defineProvider } from '@infrafabric/core';
import { type AwsCloudAdapter, createAws } from './adapter';
import { awsCapabilities, awsCatalog } from './catalog';
import { awsCostModel } from './cost';
import { type AwsCredentials, type AwsOptions, awsCredentialsSchema } from './options';

export { type AwsCloudAdapter, createAws } from './adapter';
export { awsCapabilities, awsCatalog } from './catalog';
export { awsCostModel, EC2_ON_DEMAND_USD_PER_HOUR, hourlyPriceEstimate } from './cost';
export { DEFAULT_THROTTLE_RETRY_AFTER_MS, mapAwsError } from './errors';
export { serverStatusOf } from './mappers';
export {
  type AwsCredentials,
  type AwsOptions,
  type AwsServerOptions,
  awsCredentialsSchema,
  awsRegionSchema,
  awsServerOptionsSchema,
} from './options';
/** Clean-up sweep for servers this adapter created (re-exported from core). */
export { type SweepOptions, type SweepResult, sweepManagedServers } from '@infrafabric/core';

/** The `aws` provider definition; registered when this package is imported. */
export const awsProvider = defineProvider<AwsCredentials, AwsCloudAdapter, AwsOptions>({
  catalog: awsCatalog,
  credentials: awsCredentialsSchema,
  create: createAws,
});

/**
 * The default EC2 adapter, configured from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
 * `AWS_SESSION_TOKEN` and `AWS_REGION`, read on its first call (so importing never fails).
 */
export const aws: AwsCloudAdapter = lazyDefaultAdapter();

function lazyDefaultAdapter(): AwsCloudAdapter {
  let instance: AwsCloudAdapter | undefined;
  // Built on the first call; the delegates are async so a missing variable rejects, never throws.
  const get = () => {
    instance ??= createAws(credentialsFromEnv(awsCatalog) as AwsCredentials);
    return instance;
  };
  return {
    specificationVersion: 'v1',
    kind: 'cloud',
    provider: 'aws',
    capabilities: awsCapabilities,
    costModel: awsCostModel,
    check: async (options) => get().check(options),
    listServers: async (input, options) => get().listServers(input, options),
    getServer: async (input, options) => get().getServer(input, options),
    createServer: async (input, options) => get().createServer(input, options),
    destroyServer: async (input, options) => get().destroyServer(input, options),
    rebootServer: async (input, options) => get().rebootServer(input, options),
    waitForServer: async (input, options) => get().waitForServer(input, options),
    listSizes: async (input, options) => get().listSizes(input, options),
    listImages: async (input, options) => get().listImages(input, options),
    listRegions: async (input, options) => get().listRegions(input, options),
    close: async () => instance?.close?.(),
  };
}
