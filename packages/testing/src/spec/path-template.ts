/** A spec path such as `/v1/payment_intents/{intent}/confirm`, compiled for matching. */
export interface PathTemplate {
  readonly template: string;
  /** Segments without any `{param}`: more of them means a more specific path. */
  readonly literalSegments: number;
  readonly literalLength: number;
  /** The path's parameters by name, or `undefined` when the path does not match. */
  match(path: string): Record<string, string> | undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Drops a trailing slash (except for `/`), so `/v1/charges/` and `/v1/charges` compare equal. */
export function normalizePath(path: string): string {
  const withSlash = path.startsWith('/') ? path : `/${path}`;
  return withSlash.length > 1 ? withSlash.replace(/\/+$/, '') || '/' : withSlash;
}

/**
 * Compiles a path template. Parameters may fill a whole segment (`{id}`) or part of one
 * (`{Sid}.json`, Twilio); each matches one segment's worth of characters.
 */
export function compilePathTemplate(template: string): PathTemplate {
  const segments = normalizePath(template).split('/').slice(1);
  const names: string[] = [];
  let literalSegments = 0;
  let literalLength = 0;
  const patterns = segments.map((segment) => {
    if (!segment.includes('{')) {
      literalSegments += 1;
      literalLength += segment.length;
      return { literal: segment };
    }
    let source = '';
    let rest = segment;
    for (let match = /\{([^}]+)\}/.exec(rest); match; match = /\{([^}]+)\}/.exec(rest)) {
      source += escapeRegExp(rest.slice(0, match.index));
      literalLength += match.index;
      names.push(match[1] ?? '');
      source += '(.+?)';
      rest = rest.slice(match.index + match[0].length);
    }
    source += escapeRegExp(rest);
    literalLength += rest.length;
    return { regex: new RegExp(`^${source}$`) };
  });
  return {
    template,
    literalSegments,
    literalLength,
    match(path) {
      const actual = normalizePath(path).split('/').slice(1);
      if (actual.length !== segments.length) return undefined;
      const values: string[] = [];
      for (let index = 0; index < patterns.length; index += 1) {
        const pattern = patterns[index]!;
        const segment = safeDecode(actual[index] ?? '');
        if ('literal' in pattern) {
          if (pattern.literal !== segment && pattern.literal !== actual[index]) return undefined;
          continue;
        }
        const match = pattern.regex.exec(segment);
        if (!match) return undefined;
        values.push(...match.slice(1));
      }
      const params: Record<string, string> = {};
      names.forEach((name, index) => {
        params[name] = values[index] ?? '';
      });
      return params;
    },
  };
}

/** Orders candidate paths so literal segments win over templates (`/v1/x/search` before `/v1/x/{id}`). */
export function bySpecificity(a: PathTemplate, b: PathTemplate): number {
  return b.literalSegments - a.literalSegments || b.literalLength - a.literalLength;
}
