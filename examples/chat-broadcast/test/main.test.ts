import { describe, expect, it } from 'vitest';
import { main, TARGETS } from '../src/main';

describe('chat broadcast example', () => {
  it('sends one markdown message to four platforms, each in its own dialect, and reports the blocked chat', async () => {
    const lines: string[] = [];
    const { broadcast, delivered, audit } = await main((line) => lines.push(line));

    expect(broadcast.status).toBe('partial');
    expect(broadcast.results.map((r) => [r.target.provider, r.status])).toEqual([
      ['slack', 'sent'],
      ['telegram', 'sent'],
      ['discord', 'sent'],
      ['whatsapp', 'sent'],
      ['telegram', 'failed'],
    ]);
    const blocked = broadcast.results[4]!;
    expect(blocked.status === 'failed' && blocked.error.code).toBe('permission');

    // Every platform got exactly one message, translated from the same portable markdown.
    expect(delivered.slack).toEqual([expect.stringContaining('*Release 2.4 is out.*')]);
    expect(delivered.slack[0]).toContain('<https://example.com/notes|the notes>');
    expect(delivered.telegram).toEqual([expect.stringContaining('\\(2x\\!\\)')]);
    expect(delivered.discord).toEqual([expect.stringContaining('**Release 2.4 is out.**')]);
    expect(delivered.whatsapp).toEqual([expect.stringContaining('*Release 2.4 is out.*')]);

    expect(audit).toMatchObject({ ok: true, checked: TARGETS.length });
    expect(lines).toContain('Overall: partial');
    expect(lines.filter((line) => line.startsWith('  ✓'))).toHaveLength(4);
    expect(lines.filter((line) => line.startsWith('  ✗'))).toHaveLength(1);
  });
});
