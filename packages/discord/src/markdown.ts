/**
 * Escapes Discord markdown so plain text renders literally: `\ * _ ~ ` |` everywhere, masked-link
 * brackets, and the line-leading markers of quotes, headings and lists.
 *
 * @example
 * ```ts
 * escapeDiscordMarkdown('2 * 3 = *six*') // '2 \\* 3 = \\*six\\*'
 * ```
 */
export function escapeDiscordMarkdown(text: string): string {
  return text.replace(/([\\*_~`|[\]])/g, '\\$1').replace(/^([ \t]*)([>#-])/gm, '$1\\$2');
}
