import { setupServer } from 'msw/node';
import { createAws } from '../src/index';
import { createEc2Simulator, EC2_SIM_URL, type Ec2SimulatorOptions } from './simulator';

/** Canary credentials: they must never show up in an error, log or audit entry. */
export const CANARY = {
  accessKeyId: 'AKIAIOSFODNN7CANARY1',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARYKEY1',
  sessionToken: 'FwoGZXIvYXdzECANARYSESSIONTOKEN0123456789',
  region: 'eu-west-1',
} as const;

/** A simulator on its own msw server plus a factory of adapters pointed at it. */
export function ec2TestRig(options: Ec2SimulatorOptions = {}) {
  const sim = createEc2Simulator(options);
  const server = setupServer(...sim.handlers);
  return {
    sim,
    server,
    adapter: (overrides: { name?: string } = {}) =>
      createAws({ ...CANARY }, { baseUrl: EC2_SIM_URL, ...overrides }),
  };
}
