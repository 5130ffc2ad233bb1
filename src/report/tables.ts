// A platform's report tables: queries/<platform>/report/*.yaml (metadata, columns, chart)
// beside the SQL each one names. Loaded and validated once per run.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

import { QUERIES_DIR } from '../paths.js';
import type { ReportTableSpec } from './types.js';

const ColumnType = z.enum(['string', 'integer', 'number', 'money', 'date', 'datetime', 'boolean', 'list']);
const Tone = z.enum(['ok', 'warn', 'bad', 'info', 'muted']);
const Column = z.strictObject({ key: z.string().min(1), header: z.string().min(1), type: ColumnType, width: z.number().positive().optional() });

export const ReportTableSpecSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  title: z.string().min(1),
  description: z.string(),
  query: z.string().min(1),
  columns: z.array(Column).min(1),
  placement: z.enum(['both', 'workbook', 'page']).optional(),
  only_with_previous: z.boolean().optional(),
  total_row: z.boolean().optional(),
  total_blank: z.array(z.string().min(1)).optional(),
  chart: z
    .strictObject({
      title: z.string().min(1),
      caption: z.string().optional(),
      category: z.string().min(1),
      series: z.array(z.strictObject({ key: z.string().min(1), label: z.string().min(1), tone: Tone.optional() })).min(1),
    })
    .optional(),
  page_columns: z.array(z.string().min(1)).optional(),
  rule_columns: z.array(z.strictObject({ rule: z.string().min(1), columns: z.array(z.string().min(1)).min(1) })).optional(),
  cards: z.array(z.strictObject({ key: z.string().min(1), label: z.string().min(1), type: ColumnType, tone: Tone.optional() })).optional(),
  /** Inputs the table needs (e.g. roster): without them it is left out of the reports. */
  requires: z.array(z.string().min(1)).optional(),
});

/**
 * The report tables of a platform, in file-name order (licenses, last_seen, …): those whose
 * required inputs (`requires`, e.g. a roster) are in `present`.
 */
export function loadReportTables(platform: string, present: ReadonlySet<string> = new Set()): ReportTableSpec[] {
  const dir = path.join(QUERIES_DIR, platform, 'report');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const where = `queries/${platform}/report/${f}`;
      const parsed = ReportTableSpecSchema.safeParse(parse(readFileSync(path.join(dir, f), 'utf8')));
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new Error(`${where}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
      }
      const spec = parsed.data as ReportTableSpec;
      const keys = new Set(spec.columns.map((c) => c.key));
      // A chart's series may be query columns the sheet does not show (e.g. a split for the bars).
      for (const k of [spec.chart?.category, ...(spec.cards?.map((c) => c.key) ?? []), ...(spec.page_columns ?? []), ...(spec.total_blank ?? []), ...(spec.rule_columns?.flatMap((r) => r.columns) ?? [])]) {
        if (k !== undefined && !keys.has(k)) throw new Error(`${where}: "${k}" is not one of its columns`);
      }
      if (!existsSync(path.join(QUERIES_DIR, spec.query))) throw new Error(`${where}: query ${spec.query} does not exist`);
      return spec;
    })
    .filter((t) => (t.requires ?? []).every((r) => present.has(r)));
}

/**
 * Columns of a table that are unknown because a rule they come from was not evaluated, and
 * the sentence that says so (null when every rule was evaluated).
 */
export function unevaluatedColumns(spec: ReportTableSpec, rules: ReadonlyArray<{ id: string; evaluated: boolean; reason: string | null }>): { columns: Set<string>; note: string | null } {
  const columns = new Set<string>();
  const notes: string[] = [];
  for (const rc of spec.rule_columns ?? []) {
    const status = rules.find((r) => r.id === rc.rule);
    if (!status || status.evaluated) continue;
    rc.columns.forEach((c) => columns.add(c));
    const headers = rc.columns.map((k) => spec.columns.find((c) => c.key === k)?.header ?? k);
    notes.push(`${rc.rule} was not evaluated (${status.reason ?? 'no reason given'}): ${headers.join(', ')} are unknown and left blank.`);
  }
  return { columns, note: notes.length ? notes.join(' ') : null };
}

/** The report tables of a platform that this run shows: those about a previous run only when it has one. */
export function reportTablesFor(platform: string, doc: { seats_realized?: unknown }, present: ReadonlySet<string> = new Set()): ReportTableSpec[] {
  return loadReportTables(platform, present).filter((t) => !t.only_with_previous || doc.seats_realized !== undefined);
}

/** The Review query of a platform (columns: docs/ARCHITECTURE.md). */
export const reviewQueryFor = (platform: string): string => `${platform}/report/review.sql`;
