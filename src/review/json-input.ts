// Reading JSON inputs (a previous findings.json, a manifest.json) so that every problem is an
// InputError naming file, line and column. JSON.parse is the fast path; only when it fails,
// or when the parsed value does not have the expected shape, is the text scanned again to
// find where the problem is (Node's own messages carry a position only sometimes).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { InputError, lineColumnAt } from '../errors.js';

/** How a path is shown in messages: relative to the working folder when that is shorter. */
export function shownPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && rel.length < file.length ? rel : file;
}

export async function readTextInput(file: string, shown: string, what: string): Promise<string> {
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
    const offset = jsonScan(text, undefined).error;
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
  const loc = locateJsonPath(text, keyPath);
  const where = keyPath.length ? keyPath.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '') : '(top level)';
  throw new InputError({ file: shown, ...loc }, `${what} ${where}: ${issue.message}`);
}

/** Line and column of the value at `keyPath` in a JSON text (or of the deepest part that exists). */
export function locateJsonPath(text: string, keyPath: ReadonlyArray<string | number>): { line?: number; column?: number } {
  const offset = jsonScan(text, keyPath).found;
  return offset >= 0 ? lineColumnAt(text, offset) : {};
}

const WS = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;

/**
 * One pass of a strict JSON scanner. Returns the offset of the first syntax error (`error`,
 * -1 when the text is valid) and the offset where the value at `target` starts (`found`, the
 * deepest existing ancestor when the full path does not exist, -1 when not asked or unknown).
 */
export function jsonScan(s: string, target: ReadonlyArray<string | number> | undefined): { error: number; found: number } {
  let i = 0;
  let found = -1;
  const fail = (): never => {
    throw new ScanStop(i);
  };
  const ws = () => {
    while (i < s.length && WS.has(s[i]!)) i++;
  };
  const str = (): string => {
    const start = i + 1;
    i++;
    let plain = true;
    while (i < s.length) {
      const ch = s[i]!;
      if (ch === '"') {
        i++;
        return plain ? s.slice(start, i - 1) : (JSON.parse(s.slice(start - 1, i)) as string);
      }
      if (ch === '\\') {
        plain = false;
        i++;
        const e = s[i];
        if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
        else if (e === 'u' && HEX4.test(s.slice(i + 1, i + 5))) i += 5;
        else fail();
        continue;
      }
      if (ch.charCodeAt(0) < 0x20) fail();
      i++;
    }
    return fail();
  };
  const value = (depth: number, onPath: boolean): void => {
    ws();
    if (onPath && target) {
      found = i;
      if (depth === target.length) throw new ScanFound();
    }
    const c = s[i];
    if (c === '{') {
      i++;
      ws();
      if (s[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (s[i] !== '"') fail();
        const key = str();
        ws();
        if (s[i] !== ':') fail();
        i++;
        value(depth + 1, onPath && target !== undefined && target[depth] === key);
        ws();
        if (s[i] === ',') {
          i++;
          continue;
        }
        if (s[i] === '}') {
          i++;
          return;
        }
        fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (s[i] === ']') {
        i++;
        return;
      }
      for (let index = 0; ; index++) {
        value(depth + 1, onPath && target !== undefined && target[depth] === index);
        ws();
        if (s[i] === ',') {
          i++;
          continue;
        }
        if (s[i] === ']') {
          i++;
          return;
        }
        fail();
      }
    }
    if (c === '"') {
      str();
      return;
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(s)) fail();
      i = NUMBER.lastIndex;
      return;
    }
    for (const lit of ['true', 'false', 'null']) {
      if (s.startsWith(lit, i)) {
        i += lit.length;
        return;
      }
    }
    fail();
  };
  try {
    value(0, target !== undefined);
    ws();
    if (i < s.length) fail();
    return { error: -1, found };
  } catch (e) {
    if (e instanceof ScanFound) return { error: -1, found };
    if (e instanceof ScanStop) return { error: e.offset, found };
    return { error: -1, found: -1 }; // nesting too deep for the stack: no location
  }
}

class ScanStop {
  constructor(readonly offset: number) {}
}
class ScanFound {}
