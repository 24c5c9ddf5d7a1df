/**
 * The studio through one Bus: provision a render server on AWS EC2 and wait until it runs, cut
 * OBS to the live scene and vMix to camera 2, and turn on the studio light in Home Assistant.
 * Four providers, four kinds of API (EC2 Query, obs-websocket v5, vMix's HTTP function API, Home
 * Assistant's REST), one call style, one audit log.
 *
 * Runs against the providers' simulators over loopback HTTP/WebSocket:
 * `pnpm --filter @infrafabric/example-studio start`.
 */
import { fileURLToPath } from 'node:url';
import { createAws } from '@infrafabric/aws';
import { Bus, type EntityState, type Server, type VerifyResult } from '@infrafabric/core';
import { createHomeAssistant } from '@infrafabric/home-assistant';
import { createObs } from '@infrafabric/obs';
import { createVmix } from '@infrafabric/vmix';
import { SIMULATOR_CREDENTIALS, startStudioSimulators } from './simulators';

/** What {@link main} did, and what the simulated studio looks like afterwards. */
export interface StudioResult {
  server: Server;
  light: EntityState[];
  audit: VerifyResult;
  /** Read back from the simulators. */
  observed: {
    instanceState?: string | undefined;
    obsProgram: string;
    vmixProgram?: number | undefined;
    light?: string;
  };
}

/** Runs the example; `log` receives each printed line. */
export async function main(log: (line: string) => void = console.log): Promise<StudioResult> {
  const sims = await startStudioSimulators();
  const bus = new Bus({
    adapters: [
      createAws(SIMULATOR_CREDENTIALS.aws, { baseUrl: sims.http.url('aws') }),
      createObs({ url: sims.obs.url, password: SIMULATOR_CREDENTIALS.obsPassword }),
      createVmix({ baseUrl: sims.http.url('vmix') }),
      createHomeAssistant({
        token: SIMULATOR_CREDENTIALS.homeAssistantToken,
        baseUrl: sims.http.url('home-assistant'),
        wsUrl: sims.homeAssistantWsUrl,
      }),
    ],
  });
  try {
    const pending = await bus.cloud.provision('aws', {
      name: 'studio-render',
      size: 't3.small',
      image: 'ami-0a1b2c3d4e5f60002',
      region: 'eu-west-1',
      tags: { studio: 'main' },
    });
    log(`✓ aws             server ${pending.id} ${pending.status}`);
    const server = await bus.cloud.waitForServer('aws', {
      id: pending.id,
      status: 'running',
      pollIntervalMs: 200,
    });
    log(
      `✓ aws             server ${server.id} ${server.status} at ${server.addresses.public[0] ?? 'no public ip'}`,
    );

    await bus.production.scene('obs', { scene: 'Live' });
    log('✓ obs             program scene "Live"');
    await bus.production.scene('vmix', { scene: 'Camera 2' });
    log('✓ vmix            program input "Camera 2"');

    const light = await bus.device.callService('home-assistant', {
      domain: 'light',
      service: 'turn_on',
      target: { entityId: 'light.studio' },
      data: { brightness_pct: 80, color_temp_kelvin: 4000 },
    });
    log(`✓ home-assistant  ${light.map((s) => `${s.entityId} ${s.state}`).join(', ')}`);

    const audit = await bus.audit.verify();
    log(`Audit: ${audit.checked} entries, chain ${audit.ok ? 'verified' : 'BROKEN'}`);
    return {
      server,
      light,
      audit,
      observed: {
        instanceState: sims.ec2.instances.get(server.id)?.state,
        obsProgram: sims.obs.program,
        vmixProgram: sims.vmix.state.active,
        light: sims.homeAssistant.states.get('light.studio')?.state,
      },
    };
  } finally {
    await bus.close();
    await sims.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
