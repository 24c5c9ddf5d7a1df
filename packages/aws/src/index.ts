/**
 * `@infrafabric/aws`: AWS EC2 as an InfraFabric cloud adapter, over the official
 * `@aws-sdk/client-ec2` (loaded on first use). Importing this package registers the `aws` provider.
 *
 * @packageDocumentation
 */
import { credentialsFromEnv, defineProvider } from '@infrafabric/core';
import { type AwsCloudAdapter, createAws } from './adapter';
import { awsCatalog } from './catalog';
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

let defaultInstance: AwsCloudAdapter | undefined;

/**
 * The default EC2 adapter, built on first call from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
 * `AWS_SESSION_TOKEN` and `AWS_REGION` (importing the package reads no variable). Throws a
 * ValidationError naming the missing credential when one is unset.
 *
 * @example
 * ```ts
 * import { aws } from '@infrafabric/aws';
 * const regions = await aws().listRegions();
 * ```
 */
export function aws(): AwsCloudAdapter {
  defaultInstance ??= createAws(credentialsFromEnv(awsCatalog) as AwsCredentials);
  return defaultInstance;
}
