import { describe, expect, it } from 'vitest';
import { escapeMarkdownV2, markdownToTelegramV2 } from '../src/markdown';

describe('markdownToTelegramV2', () => {
  it('escapes every reserved character in plain prose', () => {
    expect(escapeMarkdownV2('_*[]()~`>#+-=|{}.!\\')).toBe(
      '\\_\\*\\[\\]\\(\\)\\~\\`\\>\\#\\+\\-\\=\\|\\{\\}\\.\\!\\\\',
    );
    expect(markdownToTelegramV2('Version 1.2-beta (final)! a+b=c')).toBe(
      'Version 1\\.2\\-beta \\(final\\)\\! a\\+b\\=c',
    );
  });

  it('maps bold, italic, strike and nested formatting', () => {
    expect(markdownToTelegramV2('**bold** and *it* and _it2_ and ~~gone~~')).toBe(
      '*bold* and _it_ and _it2_ and ~gone~',
    );
    expect(markdownToTelegramV2('**Price:** 1.50')).toBe('*Price:* 1\\.50');
    expect(markdownToTelegramV2('**a _b_ c**')).toBe('*a _b_ c*');
  });

  it('keeps snake_case words and lone asterisks literal', () => {
    expect(markdownToTelegramV2('call get_chat_member now')).toBe('call get\\_chat\\_member now');
    expect(markdownToTelegramV2('2 * 3 = 6')).toBe('2 \\* 3 \\= 6');
  });

  it('escapes only ` and \\ inside code, and ) and \\ inside link urls', () => {
    expect(markdownToTelegramV2('run `a.b(c)` now')).toBe('run `a.b(c)` now');
    expect(markdownToTelegramV2('see [the docs.](https://x.dev/a_(b))')).toBe(
      'see [the docs\\.](https://x.dev/a_(b)\\)',
    );
    expect(markdownToTelegramV2('```ts\nconst a = `x` + 1;\n```')).toBe('```ts\nconst a = \\`x\\` + 1;\n```');
  });

  it('turns headings into bold lines and keeps quotes', () => {
    expect(markdownToTelegramV2('# Release 2.0\n> note: done.\n- item')).toBe(
      '*Release 2\\.0*\n>note: done\\.\n\\- item',
    );
  });

  it('treats a backslash-escaped marker as a literal', () => {
    expect(markdownToTelegramV2('\\*not bold\\*')).toBe('\\*not bold\\*');
  });
});
