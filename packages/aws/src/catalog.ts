import type { CatalogEntry, CloudCapabilities } from '@infrafabric/core';

/** What the EC2 adapter can do. EC2 deduplicates RunInstances by `ClientToken`, hence `idempotencyKeys`. */
export const awsCapabilities: CloudCapabilities = {
  operations: {
    rebootServer: true,
    waitForServer: true,
    listSizes: true,
    listImages: true,
    listRegions: true,
  },
  userData: true,
  tags: true,
  idempotencyKeys: true,
};

/** Static description of the `aws` provider: environment variables and capabilities. */
export const awsCatalog: CatalogEntry<CloudCapabilities> = {
  name: 'aws',
  kind: 'cloud',
  displayName: 'AWS EC2',
  packageName: '@infrafabric/aws',
  docsUrl: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Welcome.html',
  env: [
    {
      name: 'AWS_ACCESS_KEY_ID',
      credential: 'accessKeyId',
      secret: false,
      required: true,
      description: 'Access key id of an IAM user or role (IAM console → Security credentials).',
    },
    {
      name: 'AWS_SECRET_ACCESS_KEY',
      credential: 'secretAccessKey',
      secret: true,
      required: true,
      description: 'Secret access key paired with the access key id.',
    },
    {
      name: 'AWS_SESSION_TOKEN',
      credential: 'sessionToken',
      secret: true,
      required: false,
      description: 'Session token, only for temporary (STS / SSO) credentials.',
    },
    {
      name: 'AWS_REGION',
      credential: 'region',
      secret: false,
      required: true,
      description: 'Default region, e.g. eu-west-1. Operations may name another region.',
    },
  ],
  capabilities: awsCapabilities,
};
