// Text from an export (ids, names, paths) made safe to print on a terminal: a user name that
// holds ESC can recolour, move the cursor or retitle the window, a bidi override (U+202E) can
// make "evil.exe" read as "exe.live", a bare CR can overwrite the line before it. Every such
// character is shown as a visible escape instead (\x1b, \u202e), so what is printed is what
// the export holds, and nothing in it acts on the terminal.

/** C0 controls (tab and newline included), DEL, C1 controls, bidi and other invisible format characters, line/paragraph separators. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

function escape(ch: string): string {
  const code = ch.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `s` with every control, bidi and invisible formatting character replaced by a visible escape. */
export function safeForTerminal(s: string): string {
  return s.replace(UNSAFE, escape);
}

/** True when `s` prints as itself (nothing to escape). */
export const isTerminalSafe = (s: string): boolean => !new RegExp(UNSAFE.source).test(s);
