// Reading JSON inputs (a previous findings.json, a manifest.json) so that every problem is an
// InputError naming file, line and column. JSON.parse is the fast path; only when it fails,
// or when the parsed value does not have the expected shape, is the text parsed again with
// jsonc-parser to find where (Node's own messages carry a position only sometimes).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { parseTree } from 'jsonc-parser';
import { InputError, lineColumnAt } from '../errors.js';
import { firstSyntaxError, offsetOfPath, tooDeep } from '../ingest/json.js';
import { checkNamedFile } from '../ingest/file-check.js';

/** How a path is shown in messages: relative to the working folder when that is shorter. */
export function shownPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && rel.length < file.length ? rel : file;
}

export async function readTextInput(file: string, shown: string, what: string): Promise<string> {
  checkNamedFile(file, shown, what);
  try {
    const text = await readFile(file, 'utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // a BOM from a Windows editor
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : (code ?? String(e));
    throw new InputError({ file: shown }, `cannot read ${what} (${why})`);
  }
}

/** JSON.parse with the failure located; `what` is e.g. "findings.json". */
export function parseJsonText(text: string, shown: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    let offset: number;
    try {
      offset = jsonScan(text, undefined).error;
    } catch (deep) {
      throw tooDeep(deep, shown) ?? deep;
    }
    const loc = offset >= 0 ? lineColumnAt(text, offset) : {};
    const reason = offset >= text.length ? 'the JSON ends too early' : (e as Error).message.split('\n')[0];
    throw new InputError({ file: shown, ...loc }, `${what} is not valid JSON: ${reason}`);
  }
}

/** Validate parsed JSON against a schema; the first problem is located in the text. */
export function checkJsonShape<T>(schema: z.ZodType<T>, value: unknown, text: string, shown: string, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const keyPath = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  let loc: { line?: number; column?: number };
  try {
    loc = locateJsonPath(text, keyPath);
  } catch (e) {
    throw tooDeep(e, shown) ?? e;
  }
  const where = keyPath.length ? keyPath.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '') : '(top level)';
  throw new InputError({ file: shown, ...loc }, `${what} ${where}: ${issue.message}`);
}

/** Line and column of the value at `keyPath` in a JSON text (or of the deepest part that exists). */
export function locateJsonPath(text: string, keyPath: ReadonlyArray<string | number>): { line?: number; column?: number } {
  const offset = jsonScan(text, keyPath).found;
  return offset >= 0 ? lineColumnAt(text, offset) : {};
}

/**
 * Where a JSON text goes wrong (`error`: offset of the first syntax error, -1 when valid) and
 * where the value at `target` starts (`found`: its deepest existing ancestor when the full
 * path does not exist, -1 when not asked or not found).
 */
export function jsonScan(s: string, target: ReadonlyArray<string | number> | undefined): { error: number; found: number } {
  const err = firstSyntaxError(s);
  if (err) return { error: err.offset, found: -1 };
  const tree = target ? parseTree(s) : undefined;
  return { error: -1, found: tree && target ? offsetOfPath(tree, target) : -1 };
}
