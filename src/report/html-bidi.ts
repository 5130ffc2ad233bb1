// Text from the export on the page cannot reorder the page. A U+202E (right-to-left
// override) in a username would otherwise reverse the rest of its sentence or cell, so a
// reader sees another name, or "revoke" where "keep" was meant. Every value the templates
// print ({{…}}, escaped by Handlebars) is isolated:
// - a value holding bidirectional formatting characters (embeddings, overrides, isolates,
//   marks) shows each as a visible [U+202E] instead of obeying it: an auditor sees that it is
//   there, and nothing after it is reordered;
// - such a value is also wrapped in First Strong Isolate … Pop Directional Isolate (U+2068 …
//   U+2069), which works in text and in attributes alike; and the cells and inline values
//   carry `unicode-bidi: isolate` (page.css), so right-to-left names stay inside their cell.
import Handlebars from 'handlebars';

const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const HAS_BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const FSI = '\u2068';
const PDI = '\u2069';

export function bidiSafeText(s: string): string {
  if (!HAS_BIDI.test(s)) return s;
  return FSI + s.replace(BIDI, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`) + PDI;
}

let installed = false;

/** Make Handlebars' escaping (used by every {{…}}) bidi-safe as well as HTML-safe. Idempotent. */
export function installBidiSafeEscaping(): void {
  if (installed) return;
  installed = true;
  const utils = Handlebars.Utils as unknown as { escapeExpression(v: unknown): string };
  const escape = utils.escapeExpression.bind(utils);
  utils.escapeExpression = (v: unknown) => {
    // SafeString (pre-rendered rows) and non-strings pass through Handlebars' own logic.
    if (typeof v !== 'string') return escape(v);
    return escape(bidiSafeText(v));
  };
}
