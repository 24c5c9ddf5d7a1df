import { MANAGED_TAG_KEY, parseInput, type serverSpecSchema, ValidationError } from '@infrafabric/core';
import type { z } from '@infrafabric/core';
import type { ImageReference, VirtualMachine } from '@azure/arm-compute';
import { azureServerOptionsSchema } from './options';

type ParsedSpec = z.output<typeof serverSpecSchema>;

const VM_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachines\/([^/]+)$/i;

/** A VM named by resource group and name. */
export interface VmRef {
  resourceGroup: string;
  name: string;
}

/**
 * Reads a server id: the VM's ARM resource id (what this adapter returns), or a bare VM name in
 * the default resource group. Throws ValidationError (field `id`) for anything else.
 */
export function parseVmId(
  id: string,
  context: { subscriptionId: string; resourceGroup?: string | undefined; operation: string },
): VmRef {
  const match = VM_ID.exec(id);
  if (match) {
    if (match[1]!.toLowerCase() !== context.subscriptionId.toLowerCase())
      throw new ValidationError(
        `azure.${context.operation}: server ${id} is in another subscription than this adapter's (${context.subscriptionId}).`,
        { provider: 'azure', operation: context.operation, field: 'id', rule: 'subscription' },
      );
    return { resourceGroup: match[2]!, name: match[3]! };
  }
  if (id.startsWith('/') || !context.resourceGroup)
    throw new ValidationError(
      `azure.${context.operation}: "id" must be a VM resource id (/subscriptions/.../virtualMachines/<name>)${context.resourceGroup ? '' : ', or a VM name when a default resourceGroup is configured'}.`,
      { provider: 'azure', operation: context.operation, field: 'id', rule: 'vm_resource_id' },
    );
  return { resourceGroup: context.resourceGroup, name: id };
}

/** The VM's ARM resource id. */
export function vmResourceId(subscriptionId: string, ref: VmRef): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${ref.name}`;
}

function fail(field: string, rule: string, message: string): never {
  throw new ValidationError(`azure.createServer: ${message}`, {
    provider: 'azure',
    operation: 'createServer',
    field,
    rule,
  });
}

/** `publisher:offer:sku[:version]` → a marketplace reference; `/subscriptions/...` → a custom image id. */
export function imageReferenceOf(image: string): ImageReference {
  if (image.startsWith('/subscriptions/')) return { id: image };
  const parts = image.split(':');
  if ((parts.length !== 3 && parts.length !== 4) || parts.some((p) => p === ''))
    fail(
      'image',
      'azure_image',
      `"image" must be "publisher:offer:sku:version" (e.g. Canonical:ubuntu-24_04-lts:server:latest) or an image resource id, got "${image}".`,
    );
  const [publisher, offer, sku, version = 'latest'] = parts as [string, string, string, string?];
  return { publisher, offer, sku, version };
}

/** The VM to PUT for a server spec, and where. Throws ValidationError before any request. */
export function virtualMachineFor(
  spec: ParsedSpec,
  defaults: { resourceGroup?: string | undefined },
): { ref: VmRef; body: VirtualMachine } {
  const extras = parseInput(azureServerOptionsSchema, spec.providerOptions?.azure ?? {}, {
    provider: 'azure',
    operation: 'createServer',
    path: 'providerOptions.azure',
  });
  const resourceGroup = extras.resourceGroup ?? defaults.resourceGroup;
  if (!resourceGroup)
    fail(
      'providerOptions.azure.resourceGroup',
      'required',
      'no resource group: pass providerOptions.azure.resourceGroup or set AZURE_RESOURCE_GROUP.',
    );
  const keys = spec.sshKeys ?? [];
  if (keys.length === 0)
    fail(
      'sshKeys',
      'required',
      'Azure Linux VMs are created with SSH key authentication only; pass at least one public key in "sshKeys".',
    );
  keys.forEach((key, index) => {
    if (!/^(ssh-(rsa|ed25519)|ecdsa-sha2-nistp\d+) [A-Za-z0-9+/=]+/.test(key))
      fail(
        `sshKeys.${index}`,
        'ssh_public_key',
        `"sshKeys.${index}" must be an OpenSSH public key ("ssh-ed25519 AAAA...").`,
      );
  });
  for (const key of Object.keys(spec.tags ?? {})) {
    if (/[<>%&\\?/]/.test(key))
      fail(`tags.${key}`, 'azure_tag_name', `tag names cannot contain < > % & \\ ? / ("${key}").`);
  }
  const tags = { ...spec.tags, [MANAGED_TAG_KEY]: 'true' };
  if (Object.keys(tags).length > 50)
    fail('tags', 'max:49', 'Azure allows 50 tags per resource (one is ours).');
  const home = `/home/${extras.adminUsername}/.ssh/authorized_keys`;
  return {
    ref: { resourceGroup, name: spec.name },
    body: {
      location: spec.region,
      tags,
      hardwareProfile: { vmSize: spec.size },
      storageProfile: {
        imageReference: imageReferenceOf(spec.image),
        // Without deleteOption the OS disk outlives the VM and keeps costing money.
        osDisk: {
          createOption: 'FromImage',
          deleteOption: 'Delete',
          managedDisk: { storageAccountType: extras.osDiskType },
        },
      },
      osProfile: {
        computerName: spec.name,
        adminUsername: extras.adminUsername,
        ...(spec.userData === undefined
          ? {}
          : { customData: Buffer.from(spec.userData, 'utf8').toString('base64') }),
        linuxConfiguration: {
          disablePasswordAuthentication: true,
          ssh: { publicKeys: keys.map((keyData) => ({ path: home, keyData })) },
        },
      },
      networkProfile: { networkInterfaces: [{ id: extras.networkInterfaceId, primary: true }] },
    },
  };
}
