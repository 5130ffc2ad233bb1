// Text from an export (ids, names, header cells, file names, paths) printed on a terminal:
// control characters (C0, DEL, C1 — an ESC starts a sequence that can move the cursor,
// recolour or erase what was printed, e.g. hide an error behind "all inputs OK"; a bare CR
// overwrites the line before it), bidirectional formatting characters (U+202A–U+202E,
// U+2066–U+2069, U+200E/U+200F, U+061C: a U+202E makes "evil.exe" read as "exe.live"), other
// invisible format characters, lone surrogates and U+FFFE/U+FFFF are shown as visible escapes
// (\xNN, \uNNNN), so what is printed is what the export holds and nothing in it acts on the
// terminal. Every message the CLI prints goes through this (errors, progress, reports).
const UNSAFE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const UNSAFE_WITH_LINES = new RegExp(`[\\t\\n]|${UNSAFE.source}`, 'g');

const escape = (c: string): string => {
  const n = c.charCodeAt(0);
  return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
};

/** `s` safe to print on a terminal; tabs and newlines are kept only when `multiline`. */
export function terminalSafe(s: string, multiline = true): string {
  return s.replace(multiline ? UNSAFE : UNSAFE_WITH_LINES, escape);
}

/** One value from an export (a name, an id) for a single line: every control escaped, tabs and newlines too. */
export const safeForTerminal = (s: string): string => terminalSafe(s, false);

/** True when `s` prints as itself on one line (nothing to escape). */
export const isTerminalSafe = (s: string): boolean => !new RegExp(UNSAFE_WITH_LINES.source).test(s);
