// Native JSON dumps: parse, validate the shape, and name line and column on any problem.
import { readFile } from 'node:fs/promises';
import { parseTree, findNodeAtLocation, printParseErrorCode, visit, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { z } from 'zod';
import { InputError, lineColumnAt } from '../errors.js';
import { firstInvalidUtf8 } from './text.js';

export interface JsonDoc<T> {
  value: T;
  /** The parsed JSON before validation (e.g. to tell one response from an array of pages). */
  raw: unknown;
  /** Line and column of a JSON path in the file (for later value errors). */
  locate(path: (string | number)[]): { line: number; column: number } | undefined;
}

async function readUtf8(file: string, shown: string): Promise<string> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (e) {
    throw new InputError({ file: shown }, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  const bad = firstInvalidUtf8(buf);
  if (bad >= 0) {
    const before = buf.subarray(0, bad).toString('utf8');
    throw new InputError({ file: shown, ...lineColumnAt(before, before.length) }, 'the file is not valid UTF-8');
  }
  return buf.toString('utf8').replace(/^\uFEFF/, '');
}

/**
 * A JSON text nested deeper than a parser's stack (100,000 `[`): any step that walks it —
 * parsing, locating an error, validating — may overflow. An input error, not a defect.
 */
export function tooDeep(e: unknown, shown: string): InputError | undefined {
  return e instanceof RangeError ? new InputError({ file: shown }, 'the JSON is nested too deeply to be read (a malicious or corrupted file?); export it again') : undefined;
}

/** Read a JSON file and check it against `schema`; every failure is an InputError with line and column. */
export async function readJson<S extends z.ZodType>(file: string, shown: string, schema: S, what: string): Promise<JsonDoc<z.infer<S>>> {
  const text = await readUtf8(file, shown);
  try {
    return parseAndCheck(text, shown, schema, what);
  } catch (e) {
    throw tooDeep(e, shown) ?? e;
  }
}

function parseAndCheck<S extends z.ZodType>(text: string, shown: string, schema: S, what: string): JsonDoc<z.infer<S>> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    const err = firstSyntaxError(text);
    const at = lineColumnAt(text, err?.offset ?? 0);
    throw new InputError({ file: shown, ...at }, `malformed JSON${err ? ` (${printParseErrorCode(err.error)})` : ''}`);
  }
  const dup = firstDuplicateKey(text, raw);
  if (dup) throw new InputError({ file: shown, ...lineColumnAt(text, dup.offset) }, `the key "${dup.key}" appears twice in one object (JSON.parse would keep only the last): fix the export`);
  let tree: JsonNode | undefined;
  const locate = (path: (string | number)[]) => {
    try {
      tree ??= parseTree(text);
    } catch (e) {
      throw tooDeep(e, shown) ?? e;
    }
    const offset = tree ? offsetOfPath(tree, path) : -1;
    return offset >= 0 ? lineColumnAt(text, offset) : undefined;
  };
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = deepestIssue(result.error.issues);
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const where = locate(path);
    const jsonPath = path.length ? path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '') : '(top level)';
    throw new InputError({ file: shown, ...where }, `not a ${what}: at ${jsonPath}: ${issue.message}`);
  }
  return { value: result.data, raw, locate };
}

type Issue = z.core.$ZodIssue;

/**
 * A union ("one response or an array of pages") reports only "invalid input" at its own
 * level; the useful message is in the branch that got furthest into the document.
 */
function deepestIssue(issues: readonly Issue[], prefix: PropertyKey[] = []): Issue {
  let best: Issue | undefined;
  for (const issue of issues) {
    let candidate: Issue = { ...issue, path: [...prefix, ...issue.path] } as Issue;
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const branches = issue.errors.map((b) => deepestIssue(b, candidate.path));
      candidate = branches.reduce((a, b) => (b.path.length > a.path.length ? b : a));
    }
    if (!best || candidate.path.length > best.path.length) best = candidate;
  }
  return best!;
}

/** Keys in all objects of a parsed JSON value (JSON.parse keeps one of each duplicate). */
function countKeys(value: unknown): number {
  let n = 0;
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (const x of v) if (typeof x === 'object' && x !== null) stack.push(x);
    } else if (typeof v === 'object' && v !== null) {
      for (const k in v) {
        n++;
        const x = (v as Record<string, unknown>)[k];
        if (typeof x === 'object' && x !== null) stack.push(x);
      }
    }
  }
  return n;
}

/** Strings followed by a colon in a valid JSON text (its object keys), by jumping from quote to quote. */
function countKeyTokens(text: string): number {
  let n = 0;
  let i = text.indexOf('"');
  while (i >= 0) {
    // i opens a string: find the quote that closes it (one not escaped by an odd run of backslashes)
    let end = text.indexOf('"', i + 1);
    while (end > 0) {
      let slashes = 0;
      while (text.charCodeAt(end - 1 - slashes) === 92) slashes++;
      if (slashes % 2 === 0) break;
      end = text.indexOf('"', end + 1);
    }
    if (end < 0) break;
    let j = end + 1;
    let c = text.charCodeAt(j);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++j);
    if (c === 58) n++;
    i = text.indexOf('"', j);
  }
  return n;
}

/**
 * The first key repeated within one object of a valid JSON text, with its offset; undefined
 * when there is none. A real export never repeats a key, but a hand-merged one may, and
 * JSON.parse silently keeps the last value (a second "isActive" would hide the first). The
 * usual case costs one pass: the key tokens of the text (every string followed by a colon;
 * JSON has no quote outside strings) are counted against the keys JSON.parse kept, and only
 * when they differ is the text walked to find where.
 */
export function firstDuplicateKey(text: string, parsed: unknown): { key: string; offset: number } | undefined {
  if (countKeyTokens(text) === countKeys(parsed)) return undefined;
  const objects: Set<string>[] = [];
  let found: { key: string; offset: number } | undefined;
  visit(text, {
    onObjectBegin: () => {
      objects.push(new Set());
    },
    onObjectEnd: () => {
      objects.pop();
    },
    onObjectProperty: (key, offset) => {
      const keys = objects[objects.length - 1]!;
      if (!found && keys.has(key)) found = { key, offset };
      keys.add(key);
    },
  });
  return found;
}

/** The first syntax error of a JSON text (strict JSON: no comments, no trailing commas). */
export function firstSyntaxError(text: string): ParseError | undefined {
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  return errors[0];
}

/** Offset where the value at `path` starts, or its deepest existing ancestor (a missing key is reported at its parent); -1 if none. */
export function offsetOfPath(tree: JsonNode, path: ReadonlyArray<string | number>): number {
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(tree, path.slice(0, n));
    if (node) return node.offset;
  }
  return -1;
}
