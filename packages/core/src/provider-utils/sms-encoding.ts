/** GSM 03.38 basic character set (one septet each). */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ ÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** GSM 03.38 extension table (an escape plus the character: two septets each). */
const GSM7_EXTENDED = '^{}\\[~]|€\f';

/**
 * True when every character is in the GSM 03.38 alphabet (basic or extension table); anything
 * else must be sent as UCS-2 ("unicode"), or it arrives garbled.
 */
export function isGsm7(text: string): boolean {
  for (const char of text) if (!GSM7_BASIC.includes(char) && !GSM7_EXTENDED.includes(char)) return false;
  return true;
}

/**
 * Number of SMS segments a text needs: GSM-7 texts fit 160 septets (153 per part when split, an
 * extension character counting two), anything else is UCS-2 with 70 code units (67 per part).
 */
export function countSmsSegments(text: string): number {
  let septets = 0;
  for (const char of text) {
    if (GSM7_BASIC.includes(char)) septets += 1;
    else if (GSM7_EXTENDED.includes(char)) septets += 2;
    else {
      const units = text.length; // UTF-16 code units, as UCS-2 counts them
      return units <= 70 ? 1 : Math.ceil(units / 67);
    }
  }
  return septets <= 160 ? 1 : Math.ceil(septets / 153);
}
