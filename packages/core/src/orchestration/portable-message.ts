import type { Attachment, MessageFormat } from '../schemas/chat';

/** One message written once and translated by each platform's adapter. */
export interface PortableMessage {
  text: string;
  /** `markdown` is a portable subset: `**bold**`, `_italic_`, `~~strike~~`, inline code, code blocks and `[text](https://link)`. */
  format?: MessageFormat | undefined;
  attachments?: Attachment[] | undefined;
}

/**
 * Removes the portable markdown subset's markup, for platforms that only take plain text:
 * `**Deploy** [done](https://x)` → `Deploy done (https://x)`.
 */
export function markdownToPlain(markdown: string): string {
  return markdown
    .replace(/```[a-z]*\n?([\s\S]*?)```/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '$1 ($2)')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/__([^_]+)__/g, '$1')
    .replace(/(^|[^\w])_([^_]+)_(?=[^\w]|$)/g, '$1$2')
    .replace(/(^|[^\w*])\*([^*]+)\*(?=[^\w*]|$)/g, '$1$2')
    .replace(/~~([^~]+)~~/g, '$1');
}

/**
 * Splits text into chunks of at most `limit` characters, preferring paragraph, then line, then word
 * boundaries, never splitting a surrogate pair. Used when a message exceeds a platform's limit.
 */
export function splitText(text: string, limit: number): string[] {
  if (limit < 1) throw new RangeError('limit must be at least 1');
  const chunks: string[] = [];
  let rest = text;
  while ([...rest].length > limit) {
    const chars = [...rest];
    const window = chars.slice(0, limit).join('');
    if (/\s/.test(chars[limit] ?? '')) {
      chunks.push(window.trimEnd());
      rest = rest.slice(window.length).replace(/^\s+/, '');
      continue;
    }
    let cut = Math.max(window.lastIndexOf('\n\n'), -1);
    if (cut < limit / 2) cut = window.lastIndexOf('\n');
    if (cut < limit / 2) cut = window.lastIndexOf(' ');
    if (cut < limit / 2) cut = window.length;
    chunks.push(window.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest.length > 0) chunks.push(rest);
  return chunks;
}
