// Spreadsheet formula-injection defence ("CSV injection", OWASP), in one place.
//
// A cell whose text starts with = + - @ TAB or CR is read as a formula by Excel, LibreOffice
// or Google Sheets — when the file is opened, when a user re-edits the cell, or when the
// sheet is exported to CSV and that CSV is opened. Two measures together cover all three:
//
//  1. The text is stored with a literal leading apostrophe: `=1+1` is written as `'=1+1`.
//     The value itself is no longer a formula in any tool and in any CSV export, and the
//     apostrophe is the convention every spreadsheet user knows for "this is text".
//  2. The cell's style carries `quotePrefix` (see ./xlsx-quote-prefix.ts). Without it, a
//     user who presses F2 + Enter would have Excel re-parse `'=1+1`, eat the apostrophe,
//     and the next CSV export would carry a bare `=1+1` again. With it, the editor shows
//     `''=1+1` and the stored text keeps its apostrophe.
//
// Text that already starts with an apostrophe is prefixed too, so the transformation is
// reversible without ambiguity: `unneutralise` strips exactly one leading apostrophe
// (the `decisions` reader uses it to get the original value back).

/** First characters that make a spreadsheet treat text as a formula, plus the apostrophe. */
const TRIGGER = /^[=+\-@\t\r']/;

/** Does this text need the prefix? */
export const needsNeutralising = (s: string): boolean => TRIGGER.test(s);

/** The text as it must be stored in a spreadsheet cell (or a CSV field). */
export function neutralise(s: string): string {
  return TRIGGER.test(s) ? `'${s}` : s;
}

/** The original text of a cell written by `neutralise` (and read back from the workbook). */
export function unneutralise(s: string): string {
  return s.startsWith("'") ? s.slice(1) : s;
}
