/** Tiny XML writer for the EC2 simulator: EC2 Query responses are XML in the 2016-11-15 namespace. */

/** A node: text, a nested element list, or absent (skipped). */
export type XmlValue = string | number | boolean | undefined | XmlNode[] | XmlNode;
/** One element. */
export interface XmlNode {
  [tag: string]: XmlValue;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function render(tag: string, value: XmlValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return `<${tag}>${value.map((v) => render('item', v)).join('')}</${tag}>`;
  if (typeof value === 'object') {
    const inner = Object.entries(value)
      .map(([k, v]) => render(k, v))
      .join('');
    return `<${tag}>${inner}</${tag}>`;
  }
  return `<${tag}>${escapeXml(String(value))}</${tag}>`;
}

/** `<ActionResponse xmlns=...><requestId/>...</ActionResponse>`. */
export function ec2Response(action: string, body: XmlNode): string {
  const inner = Object.entries({ requestId: crypto.randomUUID(), ...body })
    .map(([k, v]) => render(k, v))
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">${inner}</${action}Response>`;
}

/** EC2's error envelope: `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>`. */
export function ec2ErrorBody(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error></Errors><RequestID>${crypto.randomUUID()}</RequestID></Response>`;
}
