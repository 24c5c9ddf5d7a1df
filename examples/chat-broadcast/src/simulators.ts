/**
 * Slack, Telegram, Discord and WhatsApp simulators (each package's own msw handlers, the ones its
 * tests use) served over a real loopback HTTP server, so every SDK sends real HTTP to 127.0.0.1.
 */
import { type LoopbackSimulator, serveHandlers } from '@infrafabric/testing';
import {
  CANARY_TOKEN as DISCORD_TOKEN,
  SIM_URL as DISCORD_URL,
  createDiscordSimulator,
} from '../../../packages/discord/test/simulator';
import {
  CANARY_TOKEN as SLACK_TOKEN,
  SIM_URL as SLACK_URL,
  createSlackSimulator,
} from '../../../packages/slack/test/simulator';
import {
  CANARY_TOKEN as TELEGRAM_TOKEN,
  SIM_URL as TELEGRAM_URL,
  createTelegramSimulator,
} from '../../../packages/telegram/test/simulator';
import {
  PHONE_NUMBER_ID as WHATSAPP_PHONE_NUMBER_ID,
  CANARY_TOKEN as WHATSAPP_TOKEN,
  SIM_URL as WHATSAPP_URL,
  createWhatsAppSimulator,
} from '../../../packages/whatsapp/test/simulator';

/** Made-up credentials the simulators accept. */
export const SIMULATOR_CREDENTIALS = {
  slack: { token: SLACK_TOKEN },
  telegram: { token: TELEGRAM_TOKEN },
  discord: { token: DISCORD_TOKEN },
  whatsapp: { accessToken: WHATSAPP_TOKEN, phoneNumberId: WHATSAPP_PHONE_NUMBER_ID },
} as const;

/** The running chat simulators. */
export interface ChatSimulators {
  http: LoopbackSimulator;
  slack: ReturnType<typeof createSlackSimulator>;
  telegram: ReturnType<typeof createTelegramSimulator>;
  discord: ReturnType<typeof createDiscordSimulator>;
  whatsapp: ReturnType<typeof createWhatsAppSimulator>;
  close(): Promise<void>;
}

/** Starts the four simulators behind one loopback server: `http.url('slack')` and so on. */
export async function startChatSimulators(): Promise<ChatSimulators> {
  const slack = createSlackSimulator();
  const telegram = createTelegramSimulator();
  const discord = createDiscordSimulator();
  const whatsapp = createWhatsAppSimulator();
  const http = await serveHandlers(
    [...slack.handlers, ...telegram.handlers, ...discord.handlers, ...whatsapp.handlers],
    { routes: { slack: SLACK_URL, telegram: TELEGRAM_URL, discord: DISCORD_URL, whatsapp: WHATSAPP_URL } },
  );
  return { http, slack, telegram, discord, whatsapp, close: () => http.close() };
}
