import type { CloudRegion, Server, ServerImage, ServerSize, ServerStatus } from '@infrafabric/core';
import type { Image, Instance, InstanceTypeInfo, Region, Tag } from '@aws-sdk/client-ec2';
import { hourlyPriceEstimate } from './cost';

/** EC2 instance state name → core status. EC2 has no `rebooting` state (a reboot stays `running`). */
const STATUS_BY_STATE: Readonly<Record<string, ServerStatus>> = {
  pending: 'pending',
  running: 'running',
  stopping: 'stopping',
  stopped: 'stopped',
  'shutting-down': 'terminating',
  terminated: 'terminated',
};

/** Maps an EC2 state name onto core's status; unknown names become `unknown`. */
export function serverStatusOf(state: string | undefined): ServerStatus {
  return (state && STATUS_BY_STATE[state]) || 'unknown';
}

/** EC2 `[{Key, Value}]` → a plain record. */
export function tagsToRecord(tags: Tag[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key) out[tag.Key] = tag.Value ?? '';
  return out;
}

/** An EC2 instance as a core `Server` (lenient: every field may be missing). */
export function serverFromInstance(instance: Instance, region: string): Server {
  const tags = tagsToRecord(instance.Tags);
  const publicAddresses = [instance.PublicIpAddress, instance.Ipv6Address].filter(
    (a): a is string => typeof a === 'string' && a !== '',
  );
  const privateAddresses = [instance.PrivateIpAddress].filter(
    (a): a is string => typeof a === 'string' && a !== '',
  );
  return {
    id: instance.InstanceId ?? '',
    name: tags.Name,
    status: serverStatusOf(instance.State?.Name),
    providerStatus: instance.State?.Name,
    size: instance.InstanceType,
    image: instance.ImageId,
    region,
    addresses: { public: publicAddresses, private: privateAddresses },
    tags,
    createdAt: instance.LaunchTime ? new Date(instance.LaunchTime).toISOString() : undefined,
  };
}

/** An EC2 instance type as a core `ServerSize`, with our on-demand price estimate where we have one. */
export function sizeFromInstanceType(info: InstanceTypeInfo): ServerSize {
  const gpus = (info.GpuInfo?.Gpus ?? []).reduce((sum, gpu) => sum + (gpu.Count ?? 0), 0);
  return {
    id: info.InstanceType ?? '',
    vcpus: info.VCpuInfo?.DefaultVCpus,
    memoryMb: info.MemoryInfo?.SizeInMiB,
    diskGb: info.InstanceStorageInfo?.TotalSizeInGB,
    gpus,
    priceHourly: info.InstanceType ? hourlyPriceEstimate(info.InstanceType) : undefined,
  };
}

/** An AMI as a core `ServerImage`; the owner is the alias (`amazon`) when AWS gives one, else the account id. */
export function imageFromAmi(image: Image): ServerImage {
  return {
    id: image.ImageId ?? '',
    name: image.Name,
    description: image.Description,
    owner: image.ImageOwnerAlias ?? image.OwnerId,
    architecture: image.Architecture,
  };
}

/** An EC2 region as a core `CloudRegion`: unavailable when the account has not opted in. */
export function regionFromEc2(region: Region): CloudRegion {
  return {
    id: region.RegionName ?? '',
    name: region.Endpoint,
    available: region.OptInStatus !== 'not-opted-in',
  };
}
