import { createHash } from 'node:crypto';
import { MANAGED_TAG_KEY, parseInput, ValidationError } from '@infrafabric/core';
import type { z } from '@infrafabric/core';
import type { RunInstancesCommandInput } from '@aws-sdk/client-ec2';
import type { serverSpecSchema } from '@infrafabric/core';
import { awsServerOptionsSchema } from './options';

type ParsedSpec = z.output<typeof serverSpecSchema>;

/** EC2 `ClientToken`: up to 64 ASCII characters. Longer keys are hashed to 64 hex characters. */
export function clientTokenFor(idempotencyKey: string | undefined): string | undefined {
  if (idempotencyKey === undefined) return undefined;
  if (idempotencyKey.length <= 64 && /^[\x20-\x7e]+$/.test(idempotencyKey)) return idempotencyKey;
  return createHash('sha256').update(idempotencyKey).digest('hex');
}

/**
 * EC2 filters selecting instances that carry every one of `tags` (`tag:<key>` = value).
 */
export function tagFilters(tags: Record<string, string> | undefined) {
  return Object.entries(tags ?? {}).map(([key, value]) => ({ Name: `tag:${key}`, Values: [value] }));
}

/**
 * Builds the RunInstances input for one server: exactly one instance, user data base64-encoded,
 * the `Name` tag, our managed tag and the user's tags on the instance, and the idempotency key as
 * `ClientToken`. Throws ValidationError for EC2-specific rules before any request.
 */
export function runInstancesInput(
  spec: ParsedSpec,
  idempotencyKey: string | undefined,
): RunInstancesCommandInput {
  const extras = parseInput(awsServerOptionsSchema, spec.providerOptions?.aws ?? {}, {
    provider: 'aws',
    operation: 'createServer',
    path: 'providerOptions.aws',
  });
  if ((spec.sshKeys?.length ?? 0) > 1) {
    throw new ValidationError(
      'aws.createServer: EC2 takes one key pair per instance; pass one name in "sshKeys" (or providerOptions.aws.keyName).',
      { provider: 'aws', operation: 'createServer', field: 'sshKeys', rule: 'max:1' },
    );
  }
  for (const key of Object.keys(spec.tags ?? {})) {
    if (key.toLowerCase().startsWith('aws:')) {
      throw new ValidationError(
        `aws.createServer: tag keys starting with "aws:" are reserved by AWS ("${key}"). Rename the tag.`,
        { provider: 'aws', operation: 'createServer', field: `tags.${key}`, rule: 'reserved_prefix' },
      );
    }
  }
  const tags = { ...spec.tags, Name: spec.name, [MANAGED_TAG_KEY]: 'true' };
  const keyName = extras.keyName ?? spec.sshKeys?.[0];
  return {
    ImageId: spec.image,
    InstanceType: spec.size as RunInstancesCommandInput['InstanceType'],
    MinCount: 1,
    MaxCount: 1,
    ...(spec.userData === undefined
      ? {}
      : { UserData: Buffer.from(spec.userData, 'utf8').toString('base64') }),
    ...(keyName ? { KeyName: keyName } : {}),
    ...(extras.securityGroupIds ? { SecurityGroupIds: extras.securityGroupIds } : {}),
    ...(extras.subnetId ? { SubnetId: extras.subnetId } : {}),
    TagSpecifications: [
      { ResourceType: 'instance', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
    ],
    ClientToken: clientTokenFor(idempotencyKey),
  };
}
