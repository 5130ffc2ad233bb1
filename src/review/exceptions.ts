// Accepted risks (--exceptions): a reviewed finding that the organisation decided to live
// with, for a reason, approved by someone, until a date.
//
// File (YAML or JSON): a list, or {exceptions: [...]}, of
//   { rule, subject, reason, approved_by, expires }
// every field a non-empty string, `subject` the finding's subject id, `expires` a calendar
// date YYYY-MM-DD. Unknown keys and two entries for the same rule + subject are refused.
//
// Expiry: `expires` is the LAST day the exception is in force. It applies when
// expires >= as-of (so an exception expiring on the as-of date still applies to that
// review), and no longer applies when expires < as-of — the spec's "an exception whose
// `expires` is before the as-of date does not apply".
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type YAMLMap } from 'yaml';
import { InputError } from '../errors.js';
import type { ExceptionRecord, Finding, FindingsDocument } from '../model.js';
import { readTextInput, shownPath } from './json-input.js';

export const EXCEPTION_FIELDS = ['rule', 'subject', 'reason', 'approved_by', 'expires'] as const;
type Field = (typeof EXCEPTION_FIELDS)[number];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2026-02-29 is not one). */
export function isCalendarDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && y >= 1900;
}

/** Where an exception's rule and subject values are in its file (for later checks: exception-checks.ts). */
export interface ExceptionPosition {
  rule: { line?: number; column?: number };
  subject: { line?: number; column?: number };
}
const POSITIONS = new WeakMap<ExceptionRecord, ExceptionPosition>();
export const exceptionPosition = (e: ExceptionRecord): ExceptionPosition | undefined => POSITIONS.get(e);

/** Load and validate an exceptions file; every problem is an InputError naming line and column. */
export async function loadExceptions(file: string): Promise<ExceptionRecord[]> {
  const shown = shownPath(file);
  const text = await readTextInput(file, shown, 'exceptions file');
  return parseExceptions(text, shown);
}

/** The parsing half of loadExceptions, for a text already in memory. */
export function parseExceptions(text: string, shown: string): ExceptionRecord[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (node: YamlNode | null | undefined): { line?: number; column?: number } => {
    if (!node?.range) return {};
    const p = lineCounter.linePos(node.range[0]);
    return { line: p.line, column: p.col };
  };
  const fail = (node: YamlNode | null | undefined, detail: string): never => {
    throw new InputError({ file: shown, ...at(node) }, detail);
  };
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const p = lineCounter.linePos(err.pos[0]);
    throw new InputError(
      { file: shown, line: p.line, column: p.col },
      `exceptions file is not valid YAML/JSON: ${err.message.split('\n')[0]}`,
    );
  }
  const SHAPE = 'a list of {rule, subject, reason, approved_by, expires} (or exceptions: followed by that list)';
  let list = doc.contents as YamlNode | null;
  if (list === null || (isScalar(list) && (list.value === null || list.value === ''))) {
    fail(list, `exceptions file is empty; it must hold ${SHAPE} — write [] for none`);
  }
  if (isMap(list)) {
    for (const pair of (list as YAMLMap).items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key !== 'exceptions') fail(pair.key as YamlNode, `unknown key "${key ?? String(pair.key)}" at the top level; the file holds ${SHAPE}`);
    }
    const inner = (list as YAMLMap).get('exceptions', true) as YamlNode | undefined;
    if (inner === undefined) fail(list, `exceptions file must hold ${SHAPE}`);
    if (isScalar(inner) && inner.value === null) return []; // "exceptions:" with nothing under it
    list = inner!;
  }
  if (!isSeq(list)) fail(list, `exceptions file must hold ${SHAPE}`);

  const out: ExceptionRecord[] = [];
  const seen = new Map<string, number>(); // rule+subject -> line of its first entry
  for (const item of (list as { items: unknown[] }).items as YamlNode[]) {
    if (!isMap(item)) fail(item, `each exception must be a mapping with ${EXCEPTION_FIELDS.join(', ')}`);
    const map = item as YAMLMap;
    const values: Partial<Record<Field, string>> = {};
    const nodes: Partial<Record<Field, YamlNode>> = {};
    for (const pair of map.items) {
      const keyNode = pair.key as YamlNode;
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      if (!(EXCEPTION_FIELDS as readonly string[]).includes(key)) {
        fail(keyNode, `unknown key "${key}" in an exception; the keys are ${EXCEPTION_FIELDS.join(', ')}`);
      }
      const field = key as Field;
      const valueNode = pair.value as YamlNode | null;
      if (!isScalar(valueNode) || valueNode.value === null) {
        fail(valueNode ?? keyNode, `${field} must be a non-empty text`);
      }
      const v = (valueNode as { value: unknown }).value;
      if (typeof v !== 'string') {
        fail(valueNode, `${field} must be text; write it in quotes, e.g. ${field}: "${String(v instanceof Date ? v.toISOString().slice(0, 10) : v)}"`);
      }
      const s = (v as string).trim();
      if (s === '') fail(valueNode, `${field} must not be empty`);
      if (field === 'expires' && !isCalendarDate(s)) {
        fail(valueNode, `expires "${s}" is not a calendar date written YYYY-MM-DD`);
      }
      values[field] = s;
      nodes[field] = valueNode as YamlNode;
    }
    const missing = EXCEPTION_FIELDS.filter((f) => values[f] === undefined);
    if (missing.length > 0) {
      fail(item, `exception is missing ${missing.join(', ')} (every exception needs ${EXCEPTION_FIELDS.join(', ')})`);
    }
    const rec = values as ExceptionRecord;
    const k = `${rec.rule}\u0000${rec.subject}`;
    const line = at(item).line ?? 0;
    const first = seen.get(k);
    if (first !== undefined) {
      fail(item, `a second exception for rule "${rec.rule}" and subject "${rec.subject}" (the first is on line ${first}); keep one`);
    }
    seen.set(k, line);
    const record = { rule: rec.rule, subject: rec.subject, reason: rec.reason, approved_by: rec.approved_by, expires: rec.expires };
    POSITIONS.set(record, { rule: at(nodes.rule), subject: at(nodes.subject) });
    out.push(record);
  }
  return out;
}

/** Does the exception still apply on the as-of date? (`expires` is the last day in force.) */
export const exceptionInForce = (e: ExceptionRecord, asOf: string): boolean => e.expires >= asOf;

const byRuleSubject = (a: ExceptionRecord, b: ExceptionRecord): number =>
  a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0;

/**
 * Apply exceptions to a findings document (as-of in `doc.as_of`); returns a new document.
 * - matched and in force: `status: "excepted"`, `exception` carried;
 * - matched but expired: stays `open`, `exception_expired: true`, `exception` carried for display;
 * - matching no finding: listed in `stale_exceptions` (sorted by rule, subject).
 * A finding matches when its rule and subject id are the exception's. Other findings are
 * untouched; the order of findings is kept.
 */
export function applyExceptions(doc: FindingsDocument, exceptions: readonly ExceptionRecord[]): FindingsDocument {
  const byKey = new Map<string, ExceptionRecord>();
  for (const e of exceptions) byKey.set(`${e.rule}\u0000${e.subject}`, e);
  const used = new Set<ExceptionRecord>();
  const findings = doc.findings.map((f): Finding => {
    const e = byKey.get(`${f.rule}\u0000${f.subject.id}`);
    if (!e) return f;
    used.add(e);
    const { exception: _x, exception_expired: _y, ...rest } = f;
    const exception = { ...e };
    return exceptionInForce(e, doc.as_of)
      ? { ...rest, status: 'excepted', exception }
      : { ...rest, status: 'open', exception, exception_expired: true };
  });
  const stale = exceptions.filter((e) => !used.has(e)).map((e) => ({ ...e }));
  stale.sort(byRuleSubject);
  return { ...doc, findings, stale_exceptions: stale };
}
