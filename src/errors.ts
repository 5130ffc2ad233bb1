// Errors the CLI turns into exit status 2 with one clear line, never a stack trace.

/** Where in an input the problem is; line and column are 1-based. */
export interface InputLocation {
  file: string;
  line?: number;
  column?: number;
}

/** The bundle (or a config / exceptions / workbook file) cannot be read faithfully. */
export class InputError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly detail: string;

  constructor(loc: InputLocation, detail: string) {
    super(formatLocation(loc) + ': ' + detail);
    this.name = 'InputError';
    this.file = loc.file;
    this.line = loc.line;
    this.column = loc.column;
    this.detail = detail;
  }
}

/** The command line itself is wrong (unknown flag, bad value). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function formatLocation(loc: InputLocation): string {
  let s = loc.file;
  if (loc.line !== undefined) {
    s += `:${loc.line}`;
    if (loc.column !== undefined) s += `:${loc.column}`;
  }
  return s;
}

/** 1-based line and column of a character offset in a text. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
