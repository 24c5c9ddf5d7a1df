/**
 * Escapes the three characters Slack treats as control characters in message text
 * (`&`, `<`, `>`), as Slack's formatting guide requires.
 */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const PLACEHOLDER = '\u0000';
/** Marks bold until italics are translated (both use `*` in different dialects). */
const BOLD = '\u0001';

/**
 * Translates common Markdown into Slack mrkdwn: `**bold**`/`__bold__` → `*bold*`, `*italic*`/`_italic_`
 * → `_italic_`, `~~strike~~` → `~strike~`, `[text](url)` → `<url|text>`, headings → bold lines,
 * `- item` → `• item`; inline code and fenced code are kept verbatim (but escaped). `&`, `<` and
 * `>` are escaped everywhere, so user text can never form a Slack link or mention by accident.
 *
 * @example
 * ```ts
 * markdownToSlackMrkdwn('**Deploy** of [v2](https://x.dev) <done>') // '*Deploy* of <https://x.dev|v2> &lt;done&gt;'
 * ```
 */
export function markdownToSlackMrkdwn(markdown: string): string {
  const kept: string[] = [];
  const keep = (value: string) => {
    kept.push(value);
    return `${PLACEHOLDER}${kept.length - 1}${PLACEHOLDER}`;
  };
  // Code first, so nothing inside it is translated.
  let text = markdown
    .replace(/```[^\n]*\n([\s\S]*?)```/g, (_m, code: string) =>
      keep(`\`\`\`${escapeSlackText(code.replace(/\n$/, ''))}\`\`\``),
    )
    .replace(/`([^`\n]+)`/g, (_m, code: string) => keep(`\`${escapeSlackText(code)}\``));
  // Links before escaping, so the `<url|text>` we build is not escaped itself.
  text = text.replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, (_m, label: string, url: string) =>
    keep(`<${url.replace(/[<>|]/g, encodeURIComponent)}|${escapeSlackText(label).replace(/\|/g, '¦')}>`),
  );
  text = escapeSlackText(text);
  text = text
    .replace(/^#{1,6}[ \t]+(.+?)[ \t]*#*$/gm, (_m, title: string) => `${BOLD}${title}${BOLD}`)
    .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, `${BOLD}$1${BOLD}`)
    .replace(/__(?=\S)([\s\S]*?\S)__/g, `${BOLD}$1${BOLD}`)
    .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?!\w)/g, '$1_$2_')
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '~$1~')
    .replace(/^([ \t]*)[-*+][ \t]+/gm, '$1• ')
    .replace(new RegExp(BOLD, 'g'), '*');
  return text.replace(
    new RegExp(`${PLACEHOLDER}(\\d+)${PLACEHOLDER}`, 'g'),
    (_m, index: string) => kept[Number(index)]!,
  );
}
