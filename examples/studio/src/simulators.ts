/**
 * The studio's providers as local simulators: EC2, vMix and Home Assistant (their packages' msw
 * handlers) behind one loopback HTTP server, plus OBS's and Home Assistant's loopback WebSocket
 * servers. The SDKs and clients talk real HTTP/WebSocket to 127.0.0.1.
 */
import { type LoopbackSimulator, serveHandlers } from '@infrafabric/testing';
import { createEc2Simulator, EC2_SIM_URL } from '../../../packages/aws/test/simulator';
import { HA_SIM_URL, HomeAssistantSimulator } from '../../../packages/home-assistant/test/simulator';
import { ObsSimulator } from '../../../packages/obs/test/simulator';
import { VMIX_SIM_URL, VmixSimulator } from '../../../packages/vmix/test/simulator';

/** Made-up credentials the simulators accept. */
export const SIMULATOR_CREDENTIALS = {
  aws: { accessKeyId: 'AKIAINFRAFABRICSTUDIO', secretAccessKey: 'studio-demo-secret', region: 'eu-west-1' },
  obsPassword: 'studio-demo-obs',
  homeAssistantToken: 'studio-demo-home-assistant-token',
} as const;

/** The running simulators. */
export interface StudioSimulators {
  http: LoopbackSimulator;
  ec2: ReturnType<typeof createEc2Simulator>;
  obs: ObsSimulator;
  vmix: VmixSimulator;
  homeAssistant: HomeAssistantSimulator;
  homeAssistantWsUrl: string;
  close(): Promise<void>;
}

/** Starts them all: `http.url('aws')`, `http.url('vmix')`, `http.url('home-assistant')`, `obs.url`. */
export async function startStudioSimulators(): Promise<StudioSimulators> {
  const ec2 = createEc2Simulator();
  const vmix = new VmixSimulator();
  const homeAssistant = new HomeAssistantSimulator(SIMULATOR_CREDENTIALS.homeAssistantToken);
  const obs = new ObsSimulator(SIMULATOR_CREDENTIALS.obsPassword);
  const http = await serveHandlers([...ec2.handlers, ...vmix.handlers(), ...homeAssistant.handlers()], {
    routes: { aws: EC2_SIM_URL, vmix: VMIX_SIM_URL, 'home-assistant': HA_SIM_URL },
  });
  await obs.start();
  const homeAssistantWsUrl = await homeAssistant.wsUrl();
  return {
    http,
    ec2,
    obs,
    vmix,
    homeAssistant,
    homeAssistantWsUrl,
    close: async () => {
      await Promise.all([http.close(), obs.stop(), homeAssistant.close()]);
    },
  };
}
