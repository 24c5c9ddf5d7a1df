/**
 * Unix seconds (a number or a numeric string, as providers send them) → ISO 8601; anything else,
 * or a value outside the representable range, → the ISO time of `fallbackMs` (default now). Inbound
 * payloads are not ours to trust: a bad timestamp must not crash a webhook.
 */
export function unixSecondsToIso(value: unknown, fallbackMs: number = Date.now()): string {
  const seconds =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())
        ? Number(value)
        : Number.NaN;
  const date = new Date(seconds * 1000);
  return Number.isFinite(date.getTime()) ? date.toISOString() : new Date(fallbackMs).toISOString();
}
