/**
 * Prints a session transcript for the README: real runs of the built binary against the
 * provider simulators. Run with `pnpm exec tsx --tsconfig tsconfig.json packages/cli/test/helpers/transcript.ts`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt } from './build';
import { createHome, removeHomes } from './run-cli';
import { IDS, SECRETS, startSimulators } from './simulators';

await ensureBuilt();
const sims = await startSimulators();
const home = createHome();
const env = {
  STRIPE_KEY: SECRETS.stripe,
  SLACK_TOKEN: SECRETS.slack,
  TG_TOKEN: SECRETS.telegram,
  TWILIO_TOKEN: SECRETS.twilio,
};
const profile = join(home.dir, 'launch.yaml');
writeFileSync(
  profile,
  `name: launch
steps:
  - id: charge
    kind: payment
    provider: shop
    operation: createPayment
    input: { amount: { amount: 2500, currency: GBP }, paymentMethod: pm_card_visa }
  - id: announce
    needs: [charge]
    broadcast:
      message: { text: "Tickets are on sale" }
      targets: [{ provider: slack, chatId: C012AB3CD }, { provider: tg, chatId: "1111111" }]
`,
);
const steps: string[][] = [
  [
    'connections',
    'add',
    'stripe',
    '--name',
    'shop',
    '--cred',
    'apiKey=env:STRIPE_KEY',
    '--base-url',
    sims.urls.stripe,
  ],
  ['chat', 'add', 'slack', '--cred', 'token=env:SLACK_TOKEN', '--base-url', sims.urls.slack],
  [
    'chat',
    'add',
    'telegram',
    '--name',
    'tg',
    '--cred',
    'token=env:TG_TOKEN',
    '--base-url',
    sims.urls.telegram,
  ],
  [
    'sip',
    'add',
    'twilio',
    '--name',
    'phone',
    '--cred',
    `accountSid=${IDS.twilioSid}`,
    '--cred',
    'authToken=env:TWILIO_TOKEN',
    '--base-url',
    sims.urls.twilio,
  ],
  ['connections', 'list'],
  ['connections', 'test', 'shop'],
  [
    'payment',
    'charge',
    'shop',
    '--amount',
    '19.99',
    '--currency',
    'GBP',
    '--method',
    'pm_card_visa',
    '--dry-run',
  ],
  ['payment', 'charge', 'shop', '--amount', '19.99', '--currency', 'GBP', '--method', 'pm_card_visa'],
  ['payment', 'charge', 'shop', '--amount', '5', '--currency', 'GBP', '--method', 'pm_card_chargeDeclined'],
  ['chat', 'send', 'slack', '--to', 'C012AB3CD', '--message', '**Deploy** finished', '--format', 'markdown'],
  ['bus', 'broadcast', '--message', 'Live in 5', '--to', 'slack:C012AB3CD,tg:1111111,tg:2222222'],
  ['sip', 'sms', 'phone', '--from', '+15005550006', '--to', '+14155550100', '--message', 'Doors open at 7'],
  ['bus', 'orchestrate', '--profile', 'launch.yaml', '--plan'],
  ['bus', 'orchestrate', '--profile', 'launch.yaml'],
  ['audit', 'verify'],
  ['costs', 'report'],
];
for (const args of steps) {
  const real = args.map((a) => (a === 'launch.yaml' ? profile : a));
  const result = await home.run(real, env);
  const shown = args.map((a) => (/\s|\*/.test(a) ? `'${a}'` : a)).join(' ');
  process.stdout.write(
    `$ ifab ${shown}\n${result.stderr}${result.stdout}${result.code === 0 ? '' : `(exit ${result.code})\n`}\n`,
  );
}
await sims.close();
removeHomes();
