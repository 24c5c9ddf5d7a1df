import type { ProviderFactoryOptions } from '@infrafabric/core';
import { z } from '@infrafabric/core';

/** An AWS region id such as `eu-west-1` or `us-gov-west-1`. */
export const awsRegionSchema = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, { message: 'must be an AWS region id such as eu-west-1' });

/** Credentials of the `aws` provider (restrictive: unknown keys are errors). */
export const awsCredentialsSchema = z
  .object({
    accessKeyId: z.string().min(1),
    secretAccessKey: z.string().min(1),
    /** Only for temporary credentials (STS, SSO). */
    sessionToken: z.string().min(1).optional(),
    /** Default region; `createServer`/`listServers`/`listSizes`/`listImages` may name another. */
    region: awsRegionSchema,
  })
  .strict();

/** Credentials of the `aws` provider. */
export type AwsCredentials = z.input<typeof awsCredentialsSchema>;

/** Options of `createAws` besides credentials. */
export interface AwsOptions extends ProviderFactoryOptions {
  /**
   * EC2 endpoint override, passed to the SDK's `endpoint` option (VPC endpoints, LocalStack,
   * simulators). Default: `https://ec2.<region>.amazonaws.com`.
   */
  baseUrl?: string | undefined;
}

/** `providerOptions.aws` of `createServer`: EC2 settings with no cross-cloud equivalent. */
export const awsServerOptionsSchema = z
  .object({
    /** EC2 key pair name (`KeyName`). Alternatively pass one name in `sshKeys`. */
    keyName: z.string().min(1).optional(),
    /** Security group ids (`SecurityGroupIds`), e.g. `sg-0123456789abcdef0`. */
    securityGroupIds: z.array(z.string().regex(/^sg-[0-9a-f]+$/)).optional(),
    /** Subnet id (`SubnetId`); the default VPC's subnet is used when absent. */
    subnetId: z
      .string()
      .regex(/^subnet-[0-9a-f]+$/)
      .optional(),
  })
  .strict();

/** `providerOptions.aws` of `createServer`. */
export type AwsServerOptions = z.input<typeof awsServerOptionsSchema>;
