// Text from an export (ids, names, header cells, file names) printed on a terminal: control
// characters (C0, DEL, C1 — an ESC starts a sequence that can move the cursor, recolour or
// erase what was printed, e.g. hide an error behind "all inputs OK") and bidirectional
// formatting characters (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C: they reorder
// what follows) are shown escaped as \xNN or \u{NNNN}; so are lone surrogates and U+FFFE/U+FFFF.
// Every message printed by the CLI goes through this (errors, progress, command reports).
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const escape = (c: string): string => {
  const n = c.charCodeAt(0);
  return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u{${n.toString(16)}}`;
};

/** `s` safe to print on a terminal; a newline is kept only when `multiline`. */
export function terminalSafe(s: string, multiline = true): string {
  const out = s.replace(UNSAFE, escape);
  return multiline ? out : out.replace(/\n/g, '\\n');
}
