import type { TokenCredential } from '@azure/identity';
import { setupServer } from 'msw/node';
import { createAzure } from '../src/index';
import {
  ARM_SIM_URL,
  type ArmSimulatorOptions,
  createArmSimulator,
  SIM_SUBSCRIPTION,
  SIM_TOKEN,
} from './simulator';

/** A credential that returns the simulator's token without calling Microsoft Entra. */
export const fixedTokenCredential: TokenCredential = {
  getToken: async () => ({ token: SIM_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }),
};

/** Canary service-principal credentials: they must never show up in an error or audit entry. */
export const CANARY = {
  subscriptionId: SIM_SUBSCRIPTION,
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  clientId: '11111111-2222-3333-4444-555555555555',
  clientSecret: 'Xq8~CANARY-client-secret-do-not-leak-0123',
  resourceGroup: 'rg-apps',
  location: 'westeurope',
} as const;

/** A NIC id in the simulator's subscription. */
export const NIC_ID = `/subscriptions/${SIM_SUBSCRIPTION}/resourceGroups/rg-apps/providers/Microsoft.Network/networkInterfaces/web-1-nic`;
/** A valid OpenSSH public key. */
export const SSH_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl deploy@example';

/** A valid server spec for the simulator. */
export const VM_SPEC = {
  name: 'web-1',
  size: 'Standard_B1s',
  image: 'Canonical:ubuntu-24_04-lts:server:latest',
  region: 'westeurope',
  sshKeys: [SSH_KEY],
  providerOptions: { azure: { networkInterfaceId: NIC_ID } },
};

/** A simulator on its own msw server plus a factory of adapters pointed at it. */
export function armTestRig(options: ArmSimulatorOptions = {}) {
  const sim = createArmSimulator(options);
  const server = setupServer(...sim.handlers);
  return {
    sim,
    server,
    adapter: (overrides: { resourceGroup?: string | undefined } = {}) =>
      createAzure(
        { ...CANARY, ...overrides },
        { baseUrl: options.url ?? ARM_SIM_URL, credential: fixedTokenCredential },
      ),
  };
}
