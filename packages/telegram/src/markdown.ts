/**
 * Markdown (CommonMark subset) → Telegram MarkdownV2. MarkdownV2 rejects the whole message when
 * any of `_*[]()~`>#+-=|{}.!` appears unescaped outside an entity, so every literal character is
 * escaped and only recognised constructs become entities.
 */

const RESERVED = /[_*[\]()~`>#+\-=|{}.!\\]/g;

/** Escapes text for MarkdownV2 outside entities. */
export function escapeMarkdownV2(text: string): string {
  return text.replace(RESERVED, (c) => `\\${c}`);
}

/** Inside `code` and ```pre``` only the backtick and backslash are escaped. */
function escapeCode(text: string): string {
  return text.replace(/[`\\]/g, (c) => `\\${c}`);
}

/** Inside the (...) of a link only `)` and backslash are escaped. */
function escapeLinkUrl(url: string): string {
  return url.replace(/[)\\]/g, (c) => `\\${c}`);
}

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** Finds the closing `marker` for an opening at `from`, or -1. Single `_`/`*` must not be doubled. */
function findClosing(text: string, marker: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const at = text.indexOf(marker, i);
    if (at === -1) return -1;
    if (text[at - 1] === '\\') {
      i = at + 1;
      continue;
    }
    if (marker.length === 1 && text[at + 1] === marker) {
      i = at + 2;
      continue;
    }
    if (marker === '_' && isWordChar(text[at + 1])) {
      i = at + 1;
      continue;
    }
    return at;
  }
  return -1;
}

function convertInline(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const rest = text.slice(i);
    if (c === '\\' && i + 1 < text.length && /[!-/:-@[-`{-~]/.test(text[i + 1]!)) {
      out += escapeMarkdownV2(text[i + 1]!);
      i += 2;
      continue;
    }
    if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i + 1) {
        out += `\`${escapeCode(text.slice(i + 1, end))}\``;
        i = end + 1;
        continue;
      }
    }
    const link = /^\[([^\]]+)\]\(([^)\s]+)\)/.exec(rest);
    if (link) {
      out += `[${convertInline(link[1]!)}](${escapeLinkUrl(link[2]!)})`;
      i += link[0].length;
      continue;
    }
    const pair = (['**', '__', '~~'] as const).find((m) => rest.startsWith(m));
    if (pair) {
      const end = findClosing(text, pair, i + 2);
      if (end > i + 2) {
        const tag = pair === '~~' ? '~' : '*';
        out += `${tag}${convertInline(text.slice(i + 2, end))}${tag}`;
        i = end + 2;
        continue;
      }
    }
    if (
      (c === '*' || c === '_') &&
      !/\s/.test(text[i + 1] ?? ' ') &&
      !(c === '_' && isWordChar(text[i - 1]))
    ) {
      const end = findClosing(text, c, i + 1);
      if (end > i + 1 && !/\s/.test(text[end - 1]!)) {
        out += `_${convertInline(text.slice(i + 1, end))}_`;
        i = end + 1;
        continue;
      }
    }
    out += escapeMarkdownV2(c);
    i += 1;
  }
  return out;
}

/**
 * Converts Markdown to Telegram MarkdownV2: `**bold**`, `*italic*`/`_italic_`, `~~strike~~`,
 * `` `code` ``, fenced code blocks, `[links](url)`, `> quotes` and `# headings` (as bold).
 * Everything else is escaped, so any input yields text Telegram accepts.
 *
 * @example
 * ```ts
 * markdownToTelegramV2('**Price:** 1.50 (approx)'); // '*Price:* 1\\.50 \\(approx\\)'
 * ```
 */
export function markdownToTelegramV2(markdown: string): string {
  const lines = markdown.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^```([\w+-]*)\s*$/.exec(line);
    if (fence) {
      const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
      if (end !== -1) {
        const body = lines.slice(i + 1, end).join('\n');
        out.push(`\`\`\`${fence[1]}\n${escapeCode(body)}\n\`\`\``);
        i = end;
        continue;
      }
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      out.push(`*${convertInline(heading[1]!)}*`);
      continue;
    }
    const quote = /^>\s?(.*)$/.exec(line);
    if (quote) {
      out.push(`>${convertInline(quote[1]!)}`);
      continue;
    }
    out.push(convertInline(line));
  }
  return out.join('\n');
}
