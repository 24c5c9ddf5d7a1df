import type { CloudRegion, Server, ServerImage, ServerSize, ServerStatus } from '@infrafabric/core';
import type { ImageReference, VirtualMachine, VirtualMachineSize } from '@azure/arm-compute';

/** Azure `PowerState/<x>` → core status. */
const STATUS_BY_POWER_STATE: Readonly<Record<string, ServerStatus>> = {
  starting: 'pending',
  running: 'running',
  stopping: 'stopping',
  stopped: 'stopped',
  deallocating: 'stopping',
  deallocated: 'stopped',
};

/**
 * A VM's status from its instance view: a `deleting` or `failed` provisioning state wins, then the
 * power state; a VM still being created has no power state yet and is `pending`.
 */
export function serverStatusOf(vm: Pick<VirtualMachine, 'instanceView' | 'provisioningState'>): {
  status: ServerStatus;
  providerStatus: string | undefined;
} {
  const codes = (vm.instanceView?.statuses ?? []).map((s) => s.code ?? '');
  const power = codes.find((c) => c.startsWith('PowerState/'))?.slice('PowerState/'.length);
  const provisioning = (
    codes.find((c) => c.startsWith('ProvisioningState/'))?.slice('ProvisioningState/'.length) ??
    vm.provisioningState
  )?.toLowerCase();
  const providerStatus = power ? `PowerState/${power}` : provisioning && `ProvisioningState/${provisioning}`;
  if (provisioning === 'deleting') return { status: 'terminating', providerStatus };
  if (provisioning === 'failed') return { status: 'error', providerStatus };
  if (power) return { status: STATUS_BY_POWER_STATE[power] ?? 'unknown', providerStatus };
  if (provisioning === 'creating') return { status: 'pending', providerStatus };
  return { status: 'unknown', providerStatus };
}

/** `publisher:offer:sku:version` for a marketplace image, the resource id for a custom one. */
export function imageIdOf(reference: ImageReference | undefined): string | undefined {
  if (!reference) return undefined;
  if (reference.publisher && reference.offer && reference.sku)
    return [reference.publisher, reference.offer, reference.sku, reference.version ?? 'latest'].join(':');
  return reference.id ?? reference.sharedGalleryImageId ?? reference.communityGalleryImageId;
}

/**
 * An Azure VM as a core `Server` (lenient). Addresses are empty: they live on the NIC and public
 * IP resources (Microsoft.Network), which the Compute API does not return.
 */
export function serverFromVm(vm: VirtualMachine): Server {
  const { status, providerStatus } = serverStatusOf(vm);
  return {
    id: vm.id ?? '',
    name: vm.name,
    status,
    providerStatus,
    size: vm.hardwareProfile?.vmSize,
    image: imageIdOf(vm.storageProfile?.imageReference),
    region: vm.location,
    addresses: { public: [], private: [] },
    tags: { ...(vm.tags ?? {}) },
    createdAt: vm.timeCreated ? new Date(vm.timeCreated).toISOString() : undefined,
  };
}

/** An Azure VM size as a core `ServerSize` (Azure reports no GPU count here). */
export function sizeFromAzure(size: VirtualMachineSize): ServerSize {
  return {
    id: size.name ?? '',
    vcpus: size.numberOfCores,
    memoryMb: size.memoryInMB,
    diskGb: size.osDiskSizeInMB === undefined ? undefined : Math.round(size.osDiskSizeInMB / 1024),
  };
}

/** A marketplace image SKU as a core `ServerImage`, id `publisher:offer:sku:latest`. */
export function imageFromSku(publisher: string, offer: string, sku: string): ServerImage {
  return { id: `${publisher}:${offer}:${sku}:latest`, name: `${offer} ${sku}`, owner: publisher };
}

/** A subscription location (ARM `Location`) as a core `CloudRegion`. */
export function regionFromLocation(location: { name?: string; displayName?: string }): CloudRegion {
  return { id: location.name ?? '', name: location.displayName, available: true };
}
