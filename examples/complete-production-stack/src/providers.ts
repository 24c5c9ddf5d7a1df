/**
 * Which providers the demo uses and how each is reached: the real provider when all of its
 * environment variables are set (the catalog's credentials plus the demo's own targets, such as
 * the Slack channel to post in), otherwise its local simulator.
 */
import { awsCatalog, createAws, type AwsCredentials } from '@infrafabric/aws';
import { type AnyAdapter, type CatalogEntry, credentialsFromEnv } from '@infrafabric/core';
import {
  createHomeAssistant,
  type HomeAssistantCredentials,
  homeAssistantCatalog,
} from '@infrafabric/home-assistant';
import { createObs, obsCatalog } from '@infrafabric/obs';
import { createSlack, type SlackCredentials, slackCatalog } from '@infrafabric/slack';
import { createStripe, stripeCatalog } from '@infrafabric/stripe';
import { createTelegram, type TelegramCredentials, telegramCatalog } from '@infrafabric/telegram';
import { createTwilio, type TwilioCredentials, twilioCatalog } from '@infrafabric/twilio';
import { createVonage, type VonageCredentials, vonageCatalog } from '@infrafabric/vonage';
import { createWhatsApp, type WhatsAppCredentials, whatsappCatalog } from '@infrafabric/whatsapp';
import { ACCOUNT_SID, AUTH_TOKEN } from '../../../packages/twilio/test/simulator';
import { API_KEY, API_SECRET, APPLICATION_ID, PRIVATE_KEY } from '../../../packages/vonage/test/simulator';
import { SIMULATOR_KEYS, type SimulatorEndpoints } from './simulators';

/** Environment variables, as `process.env` holds them. */
export type Env = Record<string, string | undefined>;

/** How one provider is reached in this run. */
export interface ProviderMode {
  name: string;
  displayName: string;
  mode: 'real' | 'simulator';
  /** Variables that would switch it to the real provider (empty when real). */
  missing: string[];
  /** Why a fully configured provider still runs simulated, if it does. */
  note?: string | undefined;
}

/** The profile variables a real provider needs from the environment, besides its credentials. */
export const DEMO_TARGET_VARS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  aws: { image: 'DEMO_AWS_IMAGE', region: 'AWS_REGION' },
  twilio: { callFrom: 'DEMO_CALL_FROM', callTo: 'DEMO_CALL_TO' },
  vonage: { callFrom: 'DEMO_CALL_FROM', callTo: 'DEMO_CALL_TO' },
  obs: { scene: 'DEMO_OBS_SCENE' },
  'home-assistant': { light: 'DEMO_LIGHT_ENTITY' },
  slack: { slackChannel: 'DEMO_SLACK_CHANNEL' },
  telegram: { telegramChat: 'DEMO_TELEGRAM_CHAT' },
  whatsapp: { whatsappTo: 'DEMO_WHATSAPP_TO' },
  stripe: {},
};

interface ProviderWiring {
  catalog: CatalogEntry;
  /** Catalog variables the demo needs beyond the catalog's required ones. */
  alsoRequired?: string[];
  real(env: Env): AnyAdapter;
  simulated(endpoints: SimulatorEndpoints): AnyAdapter;
}

const fromEnv = <T>(catalog: CatalogEntry, env: Env) => credentialsFromEnv(catalog, {}, env) as T;

/** The demo's providers, in the order the output lists them. */
export const PROVIDERS: Readonly<Record<string, ProviderWiring>> = {
  aws: {
    catalog: awsCatalog,
    real: (env) => createAws(fromEnv<AwsCredentials>(awsCatalog, env)),
    simulated: (endpoints: SimulatorEndpoints) =>
      createAws(
        {
          accessKeyId: 'AKIAINFRAFABRICDEMO0',
          secretAccessKey: 'infrafabric-demo-secret',
          region: 'eu-west-1',
        },
        { baseUrl: endpoints.aws },
      ),
  },
  twilio: {
    catalog: twilioCatalog,
    real: (env) => createTwilio(fromEnv<TwilioCredentials>(twilioCatalog, env)),
    simulated: (endpoints: SimulatorEndpoints) =>
      createTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }, { baseUrl: endpoints.twilio }),
  },
  vonage: {
    catalog: vonageCatalog,
    // Calls need a Vonage application, optional in the catalog (SMS does without).
    alsoRequired: ['VONAGE_APPLICATION_ID', 'VONAGE_PRIVATE_KEY'],
    real: (env) => createVonage(fromEnv<VonageCredentials>(vonageCatalog, env)),
    simulated: (endpoints: SimulatorEndpoints) =>
      createVonage(
        { apiKey: API_KEY, apiSecret: API_SECRET, applicationId: APPLICATION_ID, privateKey: PRIVATE_KEY },
        { baseUrl: endpoints.vonageApi, restBaseUrl: endpoints.vonageRest },
      ),
  },
  obs: {
    catalog: obsCatalog,
    alsoRequired: ['OBS_WEBSOCKET_URL'],
    real: (env) =>
      createObs({
        url: env.OBS_WEBSOCKET_URL,
        ...(env.OBS_WEBSOCKET_PASSWORD ? { password: env.OBS_WEBSOCKET_PASSWORD } : {}),
      }),
    simulated: (endpoints: SimulatorEndpoints) =>
      createObs({ url: endpoints.obs, password: SIMULATOR_KEYS.obsPassword }),
  },
  'home-assistant': {
    catalog: homeAssistantCatalog,
    alsoRequired: ['HOME_ASSISTANT_URL'],
    real: (env) => createHomeAssistant(fromEnv<HomeAssistantCredentials>(homeAssistantCatalog, env)),
    simulated: (endpoints: SimulatorEndpoints) =>
      createHomeAssistant({
        token: SIMULATOR_KEYS.homeAssistantToken,
        baseUrl: endpoints.homeAssistant,
        wsUrl: endpoints.homeAssistantWs,
      }),
  },
  slack: {
    catalog: slackCatalog,
    real: (env) => createSlack(fromEnv<SlackCredentials>(slackCatalog, env)),
    simulated: (endpoints: SimulatorEndpoints) =>
      createSlack({ token: SIMULATOR_KEYS.slack }, { baseUrl: endpoints.slack }),
  },
  telegram: {
    catalog: telegramCatalog,
    real: (env) => createTelegram(fromEnv<TelegramCredentials>(telegramCatalog, env)),
    simulated: (endpoints: SimulatorEndpoints) =>
      createTelegram({ token: SIMULATOR_KEYS.telegram }, { baseUrl: endpoints.telegram }),
  },
  whatsapp: {
    catalog: whatsappCatalog,
    real: (env) => createWhatsApp(fromEnv<WhatsAppCredentials>(whatsappCatalog, env)),
    simulated: (endpoints: SimulatorEndpoints) =>
      createWhatsApp(
        { accessToken: SIMULATOR_KEYS.whatsapp, phoneNumberId: SIMULATOR_KEYS.whatsappPhoneNumberId },
        { baseUrl: endpoints.whatsapp },
      ),
  },
  stripe: {
    catalog: stripeCatalog,
    real: (env) => createStripe({ apiKey: env.STRIPE_SECRET_KEY }),
    simulated: (endpoints: SimulatorEndpoints) =>
      createStripe({ apiKey: SIMULATOR_KEYS.stripe, baseUrl: endpoints.stripe }),
  },
};

/** Real or simulator for each provider, from the environment. */
export function providerModes(env: Env): ProviderMode[] {
  return Object.entries(PROVIDERS).map(([name, wiring]) => {
    const needed = [
      ...wiring.catalog.env.filter((v) => v.required).map((v) => v.name),
      ...(wiring.alsoRequired ?? []),
      ...Object.values(DEMO_TARGET_VARS[name] ?? {}),
    ];
    const missing = [...new Set(needed)].filter((variable) => !env[variable]);
    const base = { name, displayName: wiring.catalog.displayName };
    // The demo charges with Stripe's test cards only: never against a live account.
    if (name === 'stripe' && missing.length === 0 && !env.STRIPE_SECRET_KEY?.startsWith('sk_test_')) {
      return { ...base, mode: 'simulator', missing, note: 'STRIPE_SECRET_KEY is not a test key (sk_test_…)' };
    }
    return { ...base, mode: missing.length === 0 ? 'real' : 'simulator', missing };
  });
}

/** Profile variables a real provider may take from the environment; the profile's value otherwise. */
export const DEMO_OPTIONAL_VARS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // New AWS accounts often have no GPU quota: DEMO_AWS_SIZE=t3.micro runs the same flow on a CPU.
  aws: { gpuSize: 'DEMO_AWS_SIZE' },
};

/** Profile variables taken from the environment for the providers that run for real. */
export function realTargetVars(modes: readonly ProviderMode[], env: Env): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const mode of modes) {
    if (mode.mode !== 'real') continue;
    const names = { ...DEMO_OPTIONAL_VARS[mode.name], ...DEMO_TARGET_VARS[mode.name] };
    for (const [variable, name] of Object.entries(names)) {
      const value = env[name];
      if (value) vars[variable] = value;
    }
  }
  return vars;
}

/** One adapter per provider, real or pointed at its simulator. */
export function createAdapters(
  modes: readonly ProviderMode[],
  env: Env,
  endpoints: SimulatorEndpoints,
): AnyAdapter[] {
  return modes.map((mode) => {
    const wiring = PROVIDERS[mode.name]!;
    return mode.mode === 'real' ? wiring.real(env) : wiring.simulated(endpoints);
  });
}
