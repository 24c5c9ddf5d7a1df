import { type LoopbackSimulator, serveHandlers } from '@infrafabric/testing';
import type { RequestHandler } from 'msw';
import { createEc2Simulator, EC2_SIM_URL } from '../../../aws/test/simulator';
import { HA_SIM_URL, HomeAssistantSimulator } from '../../../home-assistant/test/simulator';
import { ObsSimulator } from '../../../obs/test/simulator';
import {
  CANARY_TOKEN as SLACK_TOKEN,
  createSlackSimulator,
  SIM_URL as SLACK_SIM_URL,
} from '../../../slack/test/simulator';
import { createStripeSimulator } from '../../../stripe/test/simulator';
import {
  CANARY_TOKEN as TELEGRAM_TOKEN,
  CANARY_WEBHOOK_SECRET as TELEGRAM_WEBHOOK_SECRET,
  createTelegramSimulator,
  SIM_URL as TELEGRAM_SIM_URL,
} from '../../../telegram/test/simulator';
import {
  ACCOUNT_SID as TWILIO_SID,
  AUTH_TOKEN as TWILIO_TOKEN,
  API_URL as TWILIO_API_URL,
  createTwilioSimulator,
} from '../../../twilio/test/simulator';

/**
 * Canary secrets: the simulators accept exactly these, and no CLI output may ever contain one.
 */
export const SECRETS = {
  stripe: 'sk_test_cliCanary00000000000000000000',
  slack: SLACK_TOKEN,
  telegram: TELEGRAM_TOKEN,
  telegramWebhook: TELEGRAM_WEBHOOK_SECRET,
  twilio: TWILIO_TOKEN,
  awsSecret: 'cli-canary-aws-secret-key-0000',
  obs: 'cli-canary-obs-password',
  homeAssistant: 'cli-canary-home-assistant-token',
} as const;

/** Non-secret identifiers the connections need. */
export const IDS = { twilioSid: TWILIO_SID, awsKeyId: 'AKIACLITESTKEY000000' } as const;

/** Every simulator the CLI tests talk to, over real loopback sockets. */
export interface Simulators {
  http: LoopbackSimulator;
  stripe: ReturnType<typeof createStripeSimulator>;
  twilio: ReturnType<typeof createTwilioSimulator>;
  telegram: ReturnType<typeof createTelegramSimulator>;
  ec2: ReturnType<typeof createEc2Simulator>;
  obs: ObsSimulator;
  homeAssistant: HomeAssistantSimulator;
  urls: Record<
    'stripe' | 'slack' | 'telegram' | 'twilio' | 'aws' | 'homeAssistant' | 'homeAssistantWs' | 'obs',
    string
  >;
  close(): Promise<void>;
}

/** Starts the provider packages' own simulators behind one loopback HTTP server (plus OBS's WebSocket). */
export async function startSimulators(): Promise<Simulators> {
  const stripe = createStripeSimulator({ apiKey: SECRETS.stripe });
  const twilio = createTwilioSimulator();
  const telegram = createTelegramSimulator();
  const ec2 = createEc2Simulator();
  const homeAssistant = new HomeAssistantSimulator(SECRETS.homeAssistant);
  const obs = new ObsSimulator(SECRETS.obs);
  const handlers: RequestHandler[] = [
    ...stripe.handlers,
    ...twilio.handlers,
    ...telegram.handlers,
    ...createSlackSimulator().handlers,
    ...ec2.handlers,
    ...homeAssistant.handlers(),
  ];
  // Stripe's SDK takes an origin and always sends /v1/..., so /v1 itself is its prefix.
  const http = await serveHandlers(handlers, {
    routes: {
      v1: `${stripe.baseUrl}/v1`,
      slack: SLACK_SIM_URL,
      telegram: TELEGRAM_SIM_URL,
      twilio: TWILIO_API_URL,
      aws: EC2_SIM_URL,
      'home-assistant': HA_SIM_URL,
    },
  });
  await obs.start();
  const homeAssistantWs = await homeAssistant.wsUrl();
  return {
    http,
    stripe,
    twilio,
    telegram,
    ec2,
    obs,
    homeAssistant,
    urls: {
      stripe: http.origin,
      slack: http.url('slack'),
      telegram: http.url('telegram'),
      twilio: http.url('twilio'),
      aws: http.url('aws'),
      homeAssistant: http.url('home-assistant'),
      homeAssistantWs,
      obs: obs.url,
    },
    async close() {
      await Promise.all([http.close(), obs.stop(), homeAssistant.close()]);
    },
  };
}

/** Every canary secret that shows up in `text` (an empty list is the only acceptable answer). */
export function leakedSecrets(text: string): string[] {
  return Object.values(SECRETS).filter((secret) => text.includes(secret));
}
