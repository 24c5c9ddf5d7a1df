/**
 * The local provider simulators the demo runs against when credentials are absent: each
 * provider's own msw simulator (the one its tests use) served over a real loopback HTTP server by
 * `serveHandlers`, plus OBS's and Home Assistant's loopback WebSocket servers. Every official SDK
 * therefore talks real HTTP/WebSocket to 127.0.0.1; nothing leaves the machine.
 */
import { type LoopbackSimulator, serveHandlers } from '@infrafabric/testing';
import type { RequestHandler } from 'msw';
import { createEc2Simulator, EC2_SIM_URL } from '../../../packages/aws/test/simulator';
import { HA_SIM_URL, HomeAssistantSimulator } from '../../../packages/home-assistant/test/simulator';
import { ObsSimulator } from '../../../packages/obs/test/simulator';
import {
  CANARY_TOKEN as SLACK_SIM_TOKEN,
  SIM_URL as SLACK_SIM_URL,
  createSlackSimulator,
} from '../../../packages/slack/test/simulator';
import { createStripeSimulator } from '../../../packages/stripe/test/simulator';
import {
  CANARY_TOKEN as TELEGRAM_SIM_TOKEN,
  SIM_URL as TELEGRAM_SIM_URL,
  createTelegramSimulator,
} from '../../../packages/telegram/test/simulator';
import { API_URL as TWILIO_API_URL, createTwilioSimulator } from '../../../packages/twilio/test/simulator';
import {
  API_URL as VONAGE_API_URL,
  REST_URL as VONAGE_REST_URL,
  createVonageSimulator,
} from '../../../packages/vonage/test/simulator';
import {
  PHONE_NUMBER_ID as WHATSAPP_SIM_PHONE_NUMBER_ID,
  CANARY_TOKEN as WHATSAPP_SIM_TOKEN,
  SIM_URL as WHATSAPP_SIM_URL,
  createWhatsAppSimulator,
} from '../../../packages/whatsapp/test/simulator';
import { type Fault, faultHandlers } from './faults';

/** Made-up keys the simulators accept (they never reach a real provider). */
export const SIMULATOR_KEYS = {
  stripe: 'sk_test_infrafabricDemo000000000000000',
  obsPassword: 'infrafabric-demo-obs',
  homeAssistantToken: 'infrafabric-demo-home-assistant-token',
  slack: SLACK_SIM_TOKEN,
  telegram: TELEGRAM_SIM_TOKEN,
  whatsapp: WHATSAPP_SIM_TOKEN,
  whatsappPhoneNumberId: WHATSAPP_SIM_PHONE_NUMBER_ID,
} as const;

/** Where each adapter is pointed when its provider is simulated. */
export interface SimulatorEndpoints {
  aws: string;
  slack: string;
  telegram: string;
  whatsapp: string;
  twilio: string;
  vonageApi: string;
  vonageRest: string;
  /** An origin: Stripe's SDK takes no path. */
  stripe: string;
  homeAssistant: string;
  homeAssistantWs: string;
  obs: string;
}

/** Endpoints for `--plan`, which creates adapters but calls nothing. */
export const UNUSED_ENDPOINTS: SimulatorEndpoints = {
  aws: 'http://127.0.0.1:9/aws',
  slack: 'http://127.0.0.1:9/slack',
  telegram: 'http://127.0.0.1:9/telegram',
  whatsapp: 'http://127.0.0.1:9/whatsapp',
  twilio: 'http://127.0.0.1:9/twilio',
  vonageApi: 'http://127.0.0.1:9/vonage',
  vonageRest: 'http://127.0.0.1:9/vonage-rest',
  stripe: 'http://127.0.0.1:9',
  homeAssistant: 'http://127.0.0.1:9/home-assistant',
  homeAssistantWs: 'ws://127.0.0.1:9/api/websocket',
  obs: 'ws://127.0.0.1:9',
};

/** What the simulated providers hold after a run: the demo's test checks these. */
export interface SimulatorSnapshot {
  ec2Instances: Array<{ id: string; state: string; instanceType: string }>;
  twilioCalls: number;
  vonageCalls: Array<{ to: unknown; status: unknown }>;
  obsProgramScene: string;
  obsStreaming: boolean;
  lights: Record<string, string>;
  slackMessages: string[];
  telegramMessages: number;
  whatsappMessages: string[];
  /** Successful charges per payment reference. */
  charges: (reference: string) => number;
}

/** The running simulators. */
export interface Simulators {
  /** The loopback HTTP server answering every HTTP provider. */
  http: LoopbackSimulator;
  endpoints: SimulatorEndpoints;
  snapshot(): SimulatorSnapshot;
  close(): Promise<void>;
}

/**
 * Starts every simulator. `faults` are answered before the simulators' own handlers (the demo's
 * injected outage).
 */
export async function startSimulators(options: { faults?: Fault[] } = {}): Promise<Simulators> {
  const stripe = createStripeSimulator({ apiKey: SIMULATOR_KEYS.stripe });
  const twilio = createTwilioSimulator();
  const vonage = createVonageSimulator();
  const ec2 = createEc2Simulator();
  const homeAssistant = new HomeAssistantSimulator(SIMULATOR_KEYS.homeAssistantToken);
  const obs = new ObsSimulator(SIMULATOR_KEYS.obsPassword);
  const slack = createSlackSimulator();
  const telegram = createTelegramSimulator();
  const whatsapp = createWhatsAppSimulator();
  const handlers: RequestHandler[] = [
    ...faultHandlers(options.faults ?? []),
    ...ec2.handlers,
    ...stripe.handlers,
    ...twilio.handlers,
    ...vonage.handlers,
    ...slack.handlers,
    ...telegram.handlers,
    ...whatsapp.handlers,
    ...homeAssistant.handlers(),
  ];
  // Path prefix on 127.0.0.1 → the origin each simulator's handlers were written for. Stripe's SDK
  // takes an origin only and always sends /v1/..., so /v1 itself is its prefix.
  const http = await serveHandlers(handlers, {
    routes: {
      aws: EC2_SIM_URL,
      v1: `${stripe.baseUrl}/v1`,
      slack: SLACK_SIM_URL,
      telegram: TELEGRAM_SIM_URL,
      whatsapp: WHATSAPP_SIM_URL,
      twilio: TWILIO_API_URL,
      vonage: VONAGE_API_URL,
      'vonage-rest': VONAGE_REST_URL,
      'home-assistant': HA_SIM_URL,
    },
  });
  await obs.start();
  const homeAssistantWs = await homeAssistant.wsUrl();
  return {
    http,
    endpoints: {
      aws: http.url('aws'),
      slack: http.url('slack'),
      telegram: http.url('telegram'),
      whatsapp: http.url('whatsapp'),
      twilio: http.url('twilio'),
      vonageApi: http.url('vonage'),
      vonageRest: http.url('vonage-rest'),
      stripe: http.origin,
      homeAssistant: http.url('home-assistant'),
      homeAssistantWs,
      obs: obs.url,
    },
    snapshot: () => ({
      ec2Instances: [...ec2.instances.values()].map((i) => ({
        id: i.id,
        state: i.state,
        instanceType: i.instanceType,
      })),
      twilioCalls: twilio.state.calls.size,
      vonageCalls: [...vonage.state.calls.values()].map((c) => ({ to: c.to, status: c.status })),
      obsProgramScene: obs.program,
      obsStreaming: obs.streaming,
      lights: Object.fromEntries(
        [...homeAssistant.states.values()]
          .filter((s) => s.entity_id.startsWith('light.'))
          .map((s) => [s.entity_id, s.state]),
      ),
      slackMessages: [...slack.channels.values()].flatMap((c) => c.messages.map((m) => m.text)),
      telegramMessages: telegram.state.messages.length,
      whatsappMessages: whatsapp.state.sent.map((m) => m.to),
      charges: (reference) => stripe.chargeCount(reference),
    }),
    async close() {
      await Promise.all([http.close(), obs.stop(), homeAssistant.close()]);
    },
  };
}
