const GSM7 =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ ÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€\f';

/**
 * True when every character is in the GSM 03.38 alphabet (basic or extension table). Vonage's
 * SMS API needs `type=unicode` for anything else, or the text arrives garbled.
 */
export function isGsm7(text: string): boolean {
  for (const char of text) if (!GSM7.includes(char)) return false;
  return true;
}
