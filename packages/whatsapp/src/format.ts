/**
 * Markdown → WhatsApp formatting: `**bold**` → `*bold*`, `*italic*`/`_italic_` → `_italic_`,
 * `~~strike~~` → `~strike~`, `` `code` `` and fenced blocks stay (WhatsApp renders both),
 * `# heading` → `*heading*`, `[text](url)` → `text (url)`. WhatsApp has no escape character, so
 * other text passes through unchanged.
 *
 * @example
 * ```ts
 * markdownToWhatsApp('**Order** [#42](https://shop.example/42) ~~late~~'); // '*Order* #42 (https://shop.example/42) ~late~'
 * ```
 */
export function markdownToWhatsApp(markdown: string): string {
  const out: string[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^```/.test(line)) {
      const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
      if (end !== -1) {
        // WhatsApp shows the fence language as text: drop it.
        out.push('```', ...lines.slice(i + 1, end), '```');
        i = end;
        continue;
      }
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    out.push(heading ? `*${inline(heading[1]!)}*` : inline(line));
  }
  return out.join('\n');
}

function inline(text: string): string {
  // Code spans are kept verbatim: split them out before rewriting markers.
  return text
    .split(/(`[^`\n]+`)/)
    .map((part, index) => (index % 2 === 1 ? part : rewrite(part)))
    .join('');
}

function rewrite(text: string): string {
  return (
    text
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, label: string, url: string) =>
        label === url ? url : `${label} (${url})`,
      )
      // Single-star italics are parked on a private-use marker so the bold rules below cannot re-read them.
      .replace(/(^|[^*])\*(?!\*|\s)([^*\n]+?)(?<!\s)\*(?!\*)/g, '$1\uE000$2\uE000')
      .replace(/\*\*(?!\s)([^\n]+?)(?<!\s)\*\*/g, '*$1*')
      .replace(/__(?!\s)([^\n]+?)(?<!\s)__/g, '*$1*')
      .replace(/~~(?!\s)([^\n]+?)(?<!\s)~~/g, '~$1~')
      .replace(/\uE000/g, '_')
  );
}
