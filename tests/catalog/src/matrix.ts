import { ADAPTER_KINDS, type AdapterKind, type ProviderSummary, listProviders } from '@infrafabric/core';
import './providers';

const TITLES: Record<AdapterKind, string> = {
  chat: 'Chat',
  cloud: 'Cloud servers',
  sip: 'Voice, SMS and numbers',
  payment: 'Payments',
  production: 'Live production',
  device: 'Devices',
};

function operationsOf(provider: ProviderSummary): Record<string, boolean> {
  return ((provider.capabilities as { operations?: Record<string, boolean> }).operations ?? {}) as Record<
    string,
    boolean
  >;
}

/**
 * Renders the capability matrix of every registered provider, one table per kind, straight from the
 * providers' catalog entries (the same objects their adapters expose as `capabilities`).
 */
export function renderCapabilityMatrix(): string {
  const lines = [
    '# Capability matrix',
    '',
    "Generated from each provider package's catalog by `pnpm --filter @infrafabric/catalog-tests generate`;",
    'a test fails when this file and the catalogs disagree. ✅ supported, — not supported (the Bus throws',
    '`NotSupportedError`). Required operations of each kind are not listed: every adapter has them.',
    '',
  ];
  for (const kind of ADAPTER_KINDS) {
    const providers = listProviders({ kind });
    if (providers.length === 0) continue;
    const operations = [...new Set(providers.flatMap((p) => Object.keys(operationsOf(p))))];
    lines.push(`## ${TITLES[kind]}`, '');
    lines.push(`| operation | ${providers.map((p) => `[${p.displayName}](${p.docsUrl})`).join(' | ')} |`);
    lines.push(`| --- | ${providers.map(() => ':---:').join(' | ')} |`);
    for (const operation of operations) {
      lines.push(
        `| \`${operation}\` | ${providers.map((p) => (operationsOf(p)[operation] ? '✅' : '—')).join(' | ')} |`,
      );
    }
    lines.push('');
    lines.push('| environment variable | provider | secret |', '| --- | --- | :---: |');
    for (const p of providers)
      for (const v of p.env) lines.push(`| \`${v.name}\` | ${p.displayName} | ${v.secret ? 'yes' : ''} |`);
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
