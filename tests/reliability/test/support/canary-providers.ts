import { createAws } from '@infrafabric/aws';
import { createAzure } from '@infrafabric/azure';
import type { AnyAdapter, OperationCommand } from '@infrafabric/core';
import { createDiscord } from '@infrafabric/discord';
import { createHomeAssistant } from '@infrafabric/home-assistant';
import { createObs } from '@infrafabric/obs';
import { createSlack } from '@infrafabric/slack';
import { createStripe } from '@infrafabric/stripe';
import { createTelegram } from '@infrafabric/telegram';
import { createTwilio } from '@infrafabric/twilio';
import { createVmix } from '@infrafabric/vmix';
import { createVonage } from '@infrafabric/vonage';
import { createWhatsApp } from '@infrafabric/whatsapp';
import type { FaultInjector, FaultKind } from '@infrafabric/testing';
import type { RequestHandler } from 'msw';
import * as awsSim from '../../../../packages/aws/test/simulator';
import * as azureSim from '../../../../packages/azure/test/simulator';
import * as discordSim from '../../../../packages/discord/test/simulator';
import * as haSim from '../../../../packages/home-assistant/test/simulator';
import * as obsSim from '../../../../packages/obs/test/simulator';
import * as slackSim from '../../../../packages/slack/test/simulator';
import { createStripeSimulator } from '../../../../packages/stripe/test/simulator';
import * as telegramSim from '../../../../packages/telegram/test/simulator';
import * as twilioSim from '../../../../packages/twilio/test/simulator';
import * as vmixSim from '../../../../packages/vmix/test/simulator';
import * as vonageSim from '../../../../packages/vonage/test/simulator';
import * as whatsappSim from '../../../../packages/whatsapp/test/simulator';
import { STRIPE_CANARY_KEY, STRIPE_CANARY_WEBHOOK_SECRET } from './payment-world';

/** One provider package run with canary credentials against its simulator. */
export interface CanaryProvider {
  name: string;
  /** Every secret the adapter was given: none may appear anywhere. */
  secrets: string[];
  adapter: AnyAdapter;
  handlers: RequestHandler[];
  /** Origin(s) faults are injected on with msw (HTTP providers). */
  baseUrls: string[];
  /** The provider's own fault injector, for providers that do not speak HTTP. */
  faults?: FaultInjector;
  /** Fault kinds the provider's protocol cannot produce. */
  notApplicable?: readonly FaultKind[];
  /** Representative operations (one mutating call at least). */
  operations: Array<Omit<OperationCommand, 'id'>>;
  /** Releases what the simulator holds (servers), if anything. */
  close?: () => Promise<void>;
}

const TELEGRAM_TOKEN = '987654321:AACANARY_7c1f9e3b5d2a8f4e6c0b1d3f5a7e9c2b';
const TWILIO_TOKEN = 'CANARY_9e2d4f6a8c0b1e3d5f7a9c2e4b6d8f0a';
const AWS = {
  accessKeyId: 'AKIAIOSFODNN7CANARY9',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/CANARY3f8a1c6e9d2b7f4a0e5c',
  sessionToken: 'FwoGZXIvYXdzECANARY6d1f8b3e0a7c4f9d2e5b8a1c',
  region: 'eu-west-1',
} as const;
const AZURE_CLIENT_SECRET = 'Xq8~CANARY_0b7e4a1d8f5c2e9b6a3d0f7c4e1b8a5d';
const VMIX_PASSWORD = 'CANARY_5a2f9c6e3b0d7a4f1c8e5b2d9f6a3c0e';
const OBS_PASSWORD = 'CANARY_2c9f6b3e0a7d4c1f8b5e2a9d6c3f0b7e';
const HA_TOKEN = 'CANARY_e4b1d8a5f2c9e6b3a0d7f4c1e8b5a2d9f6c3e0b7';

/** Builds every provider, each with a fresh simulator (OBS's is a real loopback WebSocket server). */
export async function canaryProviders(): Promise<CanaryProvider[]> {
  const obs = new obsSim.ObsSimulator(OBS_PASSWORD);
  await obs.start();
  const stripe = createStripeSimulator({ apiKey: STRIPE_CANARY_KEY });
  const telegram = telegramSim.createTelegramSimulator({ token: TELEGRAM_TOKEN });
  const twilio = twilioSim.createTwilioSimulator({ authToken: TWILIO_TOKEN });
  const vmix = new vmixSim.VmixSimulator();
  vmix.auth = { username: 'studio', password: VMIX_PASSWORD };
  const ha = new haSim.HomeAssistantSimulator(HA_TOKEN);
  return [
    {
      name: 'stripe',
      secrets: [STRIPE_CANARY_KEY, STRIPE_CANARY_WEBHOOK_SECRET],
      adapter: createStripe({
        apiKey: STRIPE_CANARY_KEY,
        webhookSecret: STRIPE_CANARY_WEBHOOK_SECRET,
        baseUrl: stripe.baseUrl,
      }),
      handlers: stripe.handlers,
      baseUrls: [stripe.baseUrl],
      operations: [
        {
          kind: 'payment',
          provider: 'stripe',
          operation: 'createPayment',
          input: {
            amount: { amount: 1999, currency: 'GBP' },
            paymentMethod: 'pm_card_visa',
            reference: 'canary-1',
          },
        },
        { kind: 'payment', provider: 'stripe', operation: 'findPayment', input: { reference: 'canary-1' } },
        { kind: 'payment', provider: 'stripe', operation: 'getPayment', input: { id: 'pi_missing' } },
      ],
    },
    {
      name: 'slack',
      secrets: [slackSim.CANARY_TOKEN, slackSim.CANARY_SIGNING_SECRET],
      adapter: createSlack(
        { token: slackSim.CANARY_TOKEN, signingSecret: slackSim.CANARY_SIGNING_SECRET },
        { baseUrl: slackSim.SIM_URL },
      ),
      handlers: slackSim.createSlackSimulator().handlers,
      baseUrls: [slackSim.SIM_URL],
      operations: [
        { kind: 'chat', provider: 'slack', operation: 'check', input: {} },
        {
          kind: 'chat',
          provider: 'slack',
          operation: 'sendMessage',
          input: { to: { chatId: slackSim.GENERAL }, text: 'deploy finished' },
        },
      ],
    },
    {
      name: 'discord',
      secrets: [discordSim.CANARY_TOKEN],
      adapter: createDiscord({ token: discordSim.CANARY_TOKEN }, { baseUrl: discordSim.SIM_URL }),
      handlers: discordSim.createDiscordSimulator().handlers,
      baseUrls: [discordSim.SIM_URL],
      operations: [
        { kind: 'chat', provider: 'discord', operation: 'check', input: {} },
        {
          kind: 'chat',
          provider: 'discord',
          operation: 'sendMessage',
          input: { to: { chatId: discordSim.CHANNEL }, text: 'deploy finished' },
        },
      ],
    },
    {
      name: 'telegram',
      secrets: [TELEGRAM_TOKEN, telegramSim.CANARY_WEBHOOK_SECRET],
      adapter: createTelegram(
        { token: TELEGRAM_TOKEN, webhookSecret: telegramSim.CANARY_WEBHOOK_SECRET },
        { baseUrl: telegramSim.SIM_URL },
      ),
      handlers: telegram.handlers,
      baseUrls: [telegramSim.SIM_URL],
      operations: [
        { kind: 'chat', provider: 'telegram', operation: 'check', input: {} },
        {
          kind: 'chat',
          provider: 'telegram',
          operation: 'sendMessage',
          input: { to: { chatId: String(telegramSim.PRIVATE_CHAT) }, text: 'deploy finished' },
        },
      ],
    },
    {
      name: 'whatsapp',
      secrets: [whatsappSim.CANARY_TOKEN, whatsappSim.CANARY_APP_SECRET, whatsappSim.CANARY_VERIFY_TOKEN],
      adapter: createWhatsApp(
        {
          accessToken: whatsappSim.CANARY_TOKEN,
          phoneNumberId: whatsappSim.PHONE_NUMBER_ID,
          appSecret: whatsappSim.CANARY_APP_SECRET,
          verifyToken: whatsappSim.CANARY_VERIFY_TOKEN,
        },
        { baseUrl: whatsappSim.SIM_URL },
      ),
      handlers: whatsappSim.createWhatsAppSimulator().handlers,
      baseUrls: [whatsappSim.SIM_URL],
      operations: [
        { kind: 'chat', provider: 'whatsapp', operation: 'check', input: {} },
        {
          kind: 'chat',
          provider: 'whatsapp',
          operation: 'sendMessage',
          input: { to: { chatId: whatsappSim.OPEN_WINDOW }, text: 'order shipped' },
        },
      ],
    },
    {
      name: 'twilio',
      secrets: [TWILIO_TOKEN],
      adapter: createTwilio(
        { accountSid: twilioSim.ACCOUNT_SID, authToken: TWILIO_TOKEN },
        { baseUrl: twilioSim.API_URL, trunkingBaseUrl: twilioSim.TRUNKING_URL },
      ),
      handlers: twilio.handlers,
      baseUrls: [twilioSim.API_URL],
      operations: [
        { kind: 'sip', provider: 'twilio', operation: 'check', input: {} },
        {
          kind: 'sip',
          provider: 'twilio',
          operation: 'sendSms',
          input: { from: '+14155552671', to: '+447400123456', text: 'your code is 1234' },
        },
      ],
    },
    {
      name: 'vonage',
      secrets: [vonageSim.API_SECRET, vonageSim.SIGNATURE_SECRET, String(vonageSim.PRIVATE_KEY)],
      adapter: createVonage(
        {
          apiKey: vonageSim.API_KEY,
          apiSecret: vonageSim.API_SECRET,
          applicationId: vonageSim.APPLICATION_ID,
          privateKey: vonageSim.PRIVATE_KEY,
          signatureSecret: vonageSim.SIGNATURE_SECRET,
        },
        { baseUrl: vonageSim.API_URL, restBaseUrl: vonageSim.REST_URL },
      ),
      handlers: vonageSim.createVonageSimulator().handlers,
      baseUrls: [vonageSim.API_URL, vonageSim.REST_URL],
      operations: [
        { kind: 'sip', provider: 'vonage', operation: 'check', input: {} },
        {
          kind: 'sip',
          provider: 'vonage',
          operation: 'sendSms',
          input: { from: '+447400123457', to: '+447400123456', text: 'your code is 1234' },
        },
      ],
    },
    {
      name: 'aws',
      secrets: [AWS.secretAccessKey, AWS.sessionToken],
      adapter: createAws({ ...AWS }, { baseUrl: awsSim.EC2_SIM_URL }),
      handlers: awsSim.createEc2Simulator().handlers,
      baseUrls: [awsSim.EC2_SIM_URL],
      operations: [
        { kind: 'cloud', provider: 'aws', operation: 'check', input: {} },
        { kind: 'cloud', provider: 'aws', operation: 'listServers', input: {} },
        { kind: 'cloud', provider: 'aws', operation: 'rebootServer', input: { id: 'i-0123456789abcdef0' } },
      ],
    },
    {
      name: 'azure',
      secrets: [AZURE_CLIENT_SECRET],
      adapter: createAzure(
        {
          subscriptionId: azureSim.SIM_SUBSCRIPTION,
          tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
          clientId: '11111111-2222-3333-4444-555555555555',
          clientSecret: AZURE_CLIENT_SECRET,
          resourceGroup: 'rg-apps',
          location: 'westeurope',
        },
        {
          baseUrl: azureSim.ARM_SIM_URL,
          // The simulator's token, without a call to Microsoft Entra.
          credential: {
            getToken: async () => ({ token: azureSim.SIM_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }),
          },
        },
      ),
      handlers: azureSim.createArmSimulator().handlers,
      baseUrls: [azureSim.ARM_SIM_URL],
      operations: [
        { kind: 'cloud', provider: 'azure', operation: 'check', input: {} },
        { kind: 'cloud', provider: 'azure', operation: 'listServers', input: {} },
        { kind: 'cloud', provider: 'azure', operation: 'rebootServer', input: { id: 'web-1' } },
      ],
    },
    {
      name: 'vmix',
      secrets: [VMIX_PASSWORD],
      adapter: createVmix({ baseUrl: vmixSim.VMIX_SIM_URL, username: 'studio', password: VMIX_PASSWORD }),
      handlers: vmix.handlers(),
      baseUrls: [vmixSim.VMIX_SIM_URL],
      operations: [
        { kind: 'production', provider: 'vmix', operation: 'check', input: {} },
        { kind: 'production', provider: 'vmix', operation: 'setProgramScene', input: { scene: 'Colour' } },
      ],
    },
    {
      name: 'home-assistant',
      secrets: [HA_TOKEN],
      adapter: createHomeAssistant({ token: HA_TOKEN, baseUrl: haSim.HA_SIM_URL }),
      handlers: ha.handlers(),
      baseUrls: [haSim.HA_SIM_URL],
      operations: [
        { kind: 'device', provider: 'home-assistant', operation: 'check', input: {} },
        {
          kind: 'device',
          provider: 'home-assistant',
          operation: 'callService',
          input: { domain: 'light', service: 'turn_on', target: { entityId: 'light.studio' } },
        },
      ],
      close: () => ha.close(),
    },
    {
      name: 'obs',
      secrets: [OBS_PASSWORD],
      adapter: createObs({ url: obs.url, password: OBS_PASSWORD }),
      handlers: [],
      baseUrls: [],
      faults: obsSim.createObsFaultInjector(obs),
      notApplicable: Object.keys(obsSim.OBS_NOT_APPLICABLE) as FaultKind[],
      operations: [
        { kind: 'production', provider: 'obs', operation: 'check', input: {} },
        { kind: 'production', provider: 'obs', operation: 'setProgramScene', input: { scene: 'Live' } },
      ],
      close: () => obs.stop(),
    },
  ];
}
