import type { CliHome } from './run-cli';
import { IDS, SECRETS, type Simulators } from './simulators';

/** Adds one connection per simulated provider (names: shop, slack, tg, phone, aws, studio, home). */
export async function addAllConnections(home: CliHome, sims: Simulators): Promise<void> {
  const adds: string[][] = [
    ['stripe', '--name', 'shop', '--cred', `apiKey=${SECRETS.stripe}`, '--base-url', sims.urls.stripe],
    ['slack', '--cred', `token=${SECRETS.slack}`, '--base-url', sims.urls.slack],
    [
      'telegram',
      '--name',
      'tg',
      '--cred',
      `token=${SECRETS.telegram}`,
      '--cred',
      `webhookSecret=${SECRETS.telegramWebhook}`,
      '--base-url',
      sims.urls.telegram,
    ],
    [
      'twilio',
      '--name',
      'phone',
      '--cred',
      `accountSid=${IDS.twilioSid}`,
      '--cred',
      `authToken=${SECRETS.twilio}`,
      '--base-url',
      sims.urls.twilio,
    ],
    [
      'aws',
      '--cred',
      `accessKeyId=${IDS.awsKeyId}`,
      '--cred',
      `secretAccessKey=${SECRETS.awsSecret}`,
      '--cred',
      'region=eu-west-1',
      '--base-url',
      sims.urls.aws,
    ],
    ['obs', '--name', 'studio', '--cred', `url=${sims.urls.obs}`, '--cred', `password=${SECRETS.obs}`],
    [
      'home-assistant',
      '--name',
      'home',
      '--cred',
      `token=${SECRETS.homeAssistant}`,
      '--cred',
      `baseUrl=${sims.urls.homeAssistant}`,
    ],
  ];
  for (const args of adds) {
    const result = await home.run(['connections', 'add', ...args]);
    if (result.code !== 0)
      throw new Error(`connections add ${args[0]} failed: ${result.stderr}${result.stdout}`);
  }
}
