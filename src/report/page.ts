// access-review.html: one self-contained page for reading and filing as evidence.
//
// Markup lives in templates/ (page.hbs and partials); this module builds the view model.
// Everything the page needs is inline — styles, the small sort/filter script, SVG charts —
// and a Content-Security-Policy forbids any load: no network request, no other script than
// ours (allowed by its hash). Tables are rendered on the server, so the page reads fine with
// scripts off and prints cleanly.
//
// Size is bounded: each table shows at most `report.html_rows_per_table` rows (most severe
// first) and the rows of all tables share a byte budget, so no number of findings makes the
// page heavy; a note says where the full list is (the workbook).
import { changesView } from './changes-view.js';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';
import { installBidiSafeEscaping } from './html-bidi.js';

import { loadQuery } from '../db.js';
import { SEVERITIES } from '../model.js';
import { TEMPLATES_DIR } from '../paths.js';
import { barChart, type ChartView } from './charts.js';
import { summarise, type RuleSummary, type Summary } from './summary.js';
import { unevaluatedColumns } from './tables.js';
import type { CardSpec, ColumnSpec, OutputFile, ReportContext, ReportTableSpec } from './types.js';
import { display, findingColumns, numericType, prettyInstant, sortKey, typed, type CellValue } from './values.js';
import { populationView } from './population-section.js';

/** Total bytes all table rows may take; the rest of the page is small and bounded. */
export const PAGE_ROW_BUDGET_BYTES = 8 * 1024 * 1024;
/** A cell's text is cut past this many characters on the page (the workbook has it whole). */
const MAX_CELL_CHARS = 400;

export interface PageOptions {
  /** Byte budget for table rows (tests lower it). */
  rowBudgetBytes?: number;
}

// ---------------------------------------------------------------------------------------
// Templates: compiled once per process.

interface Templates {
  page: Handlebars.TemplateDelegate;
  row: Handlebars.TemplateDelegate;
  css: string;
  js: string;
}
let templates: Templates | undefined;

function loadTemplates(): Templates {
  if (templates) return templates;
  installBidiSafeEscaping();
  const hb = Handlebars.create();
  const partialsDir = path.join(TEMPLATES_DIR, 'partials');
  for (const f of readdirSync(partialsDir).filter((x) => x.endsWith('.hbs'))) {
    hb.registerPartial(f.slice(0, -4), readFileSync(path.join(partialsDir, f), 'utf8'));
  }
  const read = (f: string): string => readFileSync(path.join(TEMPLATES_DIR, f), 'utf8');
  const css = read('page.css');
  const js = read('page.js');
  // They are inserted raw into <style> and <script>: they must not be able to close them.
  if (/<\/style/i.test(css) || /<\/script|<!--/i.test(js)) throw new Error('templates/page.css or page.js contains a closing tag');
  templates = {
    page: hb.compile(read('page.hbs'), { strict: false }),
    row: hb.compile(readFileSync(path.join(partialsDir, 'row.hbs'), 'utf8')),
    css,
    js,
  };
  return templates;
}

/** A platform query as a subquery: its text without a trailing semicolon. */
const subquery = (rel: string): string => loadQuery(rel).trim().replace(/;\s*$/, '');

const sha256b64 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('base64');

/** JSON for an inline <script type="application/json">: nothing in it can end the element. */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

// ---------------------------------------------------------------------------------------
// Tables: rows rendered one by one with the row partial, so the byte budget is exact.

interface CellView {
  text: string;
  v?: string;
  cls?: string;
  badge?: string;
  sub?: string;
}
interface TableView {
  id: string;
  sheet: string;
  columns: Array<{ header: string; numeric: boolean; right: boolean }>;
  rowsHtml: Handlebars.SafeString;
  filter: boolean;
  severities?: readonly string[];
  truncated: boolean;
  shownText: string;
  totalText: string;
  shown: number;
  empty?: string;
}

const clip = (s: string): string => (s.length > MAX_CELL_CHARS ? `${s.slice(0, MAX_CELL_CHARS - 1)}…` : s);
const count = (n: number): string => n.toLocaleString('en-US');

class RowBudget {
  constructor(private remaining: number) {}
  /** Bytes a table may still use, sharing what is left among `tablesLeft` tables. */
  share(tablesLeft: number): number {
    return Math.floor(this.remaining / Math.max(1, tablesLeft));
  }
  spend(n: number): void {
    this.remaining -= n;
  }
}

function cellView(v: CellValue, col: ColumnSpec, currency: string): CellView {
  // An amount that is not known says so: a blank would read as nothing, or as zero.
  if (v === null && col.type === 'money') return { text: 'unknown', v: '', cls: 'num unk' };
  const text = clip(display(v, col.type, currency));
  const numeric = numericType(col.type);
  const view: CellView = { text };
  if (numeric) {
    view.cls = 'num';
    if (v !== null && typeof v !== 'string') view.v = sortKey(v);
    else if (v === null) view.v = '';
  }
  else view.cls = col.key === '__message' || col.key === 'note' || (col.type === 'string' && (col.width ?? 0) >= 60) ? 'wide' : 'text';
  return view;
}

/** Render rows until the row limit or the byte budget; returns the html and rows used. */
function renderRows(rows: Iterable<{ cells: CellView[]; severity?: string; total?: boolean }>, limit: number, bytes: number): { html: string; shown: number; used: number; stopped: boolean } {
  const t = loadTemplates();
  const parts: string[] = [];
  let used = 0;
  let shown = 0;
  for (const r of rows) {
    if (shown >= limit) return { html: parts.join(''), shown, used, stopped: true };
    const html = t.row(r);
    const size = Buffer.byteLength(html, 'utf8');
    if (used + size > bytes && shown > 0) return { html: parts.join(''), shown, used, stopped: true };
    parts.push(html);
    used += size;
    shown++;
  }
  return { html: parts.join(''), shown, used, stopped: false };
}

function ruleTable(r: RuleSummary, ctx: ReportContext, limit: number, budget: RowBudget, tablesLeft: number): TableView {
  const currency = ctx.config.currency;
  const all = findingColumns(r.meta?.evidence_columns ?? [], r.findings);
  // The page leads with what a reader scans (severity, subject, the message), then the
  // evidence; the id, for cross-reference with the workbook, goes last.
  const pick = (k: string) => all.filter((c) => c.key === k);
  const lead = ['__severity', '__status', '__subject', '__message'];
  const cols = [
    ...lead.flatMap(pick),
    ...all.filter((c) => !lead.includes(c.key) && c.key !== '__id' && c.key !== '__subject_id'),
    ...pick('__id'),
  ];
  const rows = (function* () {
    for (const f of r.findings) {
      yield {
        severity: f.severity,
        cells: cols.map((c) => {
          if (c.key === '__severity') return { text: f.severity, badge: f.severity, v: String(SEVERITIES.indexOf(f.severity)) } as CellView;
          if (c.key === '__subject') return { text: clip(f.subject.name ?? f.subject.id), sub: f.subject.name ? f.subject.id : undefined, cls: 'subject' };
          if (c.key === '__id') return { text: f.id, cls: 'id' };
          return cellView(typed(c.get(f), c.type), c, currency);
        }),
      };
    }
  })();
  const res = renderRows(rows, limit, budget.share(tablesLeft));
  budget.spend(res.used);
  return {
    id: `t-${r.id}`,
    sheet: r.id.slice(0, 31),
    columns: cols.map((c) => ({ header: c.header, numeric: c.key === '__severity' || numericType(c.type), right: numericType(c.type) })),
    rowsHtml: new Handlebars.SafeString(res.html),
    filter: r.findings.length > 1,
    severities: SEVERITIES.filter((s) => r.bySeverity[s] > 0),
    truncated: res.shown < r.findings.length,
    shownText: count(res.shown),
    totalText: count(r.findings.length),
    shown: res.shown,
    empty: r.findings.length === 0 ? 'No findings.' : undefined,
  };
}

async function reportTable(spec: ReportTableSpec, ctx: ReportContext, limit: number, budget: RowBudget, tablesLeft: number): Promise<{ view: TableView; rows: Record<string, unknown>[]; note: string | null }> {
  const currency = ctx.config.currency;
  const shownCols = spec.page_columns ? spec.page_columns.map((k) => spec.columns.find((c) => c.key === k)!) : spec.columns;
  // Report tables are small summaries (a row per license, per bucket); still, read no more
  // than the page can show, plus one to know whether there is more (then count them).
  const sql = subquery(spec.query);
  const fetched: Record<string, unknown>[] = [];
  for await (const chunk of ctx.db.stream(loadQuery('report/head.sql', { query: sql, limit: String(limit + 1) }))) fetched.push(...chunk);
  // Columns from a rule that was not evaluated are unknown, not zero (cards and charts too).
  const unknown = unevaluatedColumns(spec, ctx.doc.rules);
  for (const r of fetched) for (const k of unknown.columns) r[k] = null;
  const totalCount = fetched.length <= limit ? fetched.length : ((await ctx.db.one<{ n: number }>(loadQuery('report/count.sql', { query: sql })))?.n ?? fetched.length);
  const rows = fetched.map((r, i) => {
    const total = spec.total_row === true && i === totalCount - 1;
    return {
      total,
      cells: shownCols.map((c) => (total && spec.total_blank?.includes(c.key) ? { text: '' } : cellView(typed(r[c.key], c.type), c, currency))),
    };
  });
  const res = renderRows(rows, limit, budget.share(tablesLeft));
  budget.spend(res.used);
  return {
    rows: fetched,
    note: unknown.note,
    view: {
      id: `t-${spec.id}`,
      sheet: spec.title.slice(0, 31),
      columns: shownCols.map((c) => ({ header: c.header, numeric: numericType(c.type), right: numericType(c.type) })),
      rowsHtml: new Handlebars.SafeString(res.html),
      filter: totalCount > 10,
      truncated: res.shown < totalCount,
      shownText: count(res.shown),
      totalText: count(totalCount),
      shown: res.shown,
      empty: totalCount === 0 ? 'No rows.' : undefined,
    },
  };
}

async function reviewSummary(ctx: ReportContext, limit: number, budget: RowBudget): Promise<{ total: number; reviewers: number; withFindings: number; totalText: string; reviewersText: string; withFindingsText: string; table: TableView }> {
  const review = subquery(await ctx.reviewQuery);
  const totals = (await ctx.db.one<{ total: number; reviewers: number; with_findings: number }>(
    loadQuery('report/review-totals.sql', { query: review }),
  )) ?? { total: 0, reviewers: 0, with_findings: 0 };
  // Platform-neutral: scopes are whatever the platform's review query names.
  const cols: ColumnSpec[] = [
    { key: 'reviewer', header: 'Reviewer', type: 'string' },
    { key: 'entitlements', header: 'Entitlements to review', type: 'integer' },
    { key: 'with_findings', header: 'Tied to a finding', type: 'integer' },
    { key: 'scopes', header: 'By scope', type: 'string' },
  ];
  const rows: Array<{ cells: CellView[] }> = [];
  for await (const chunk of ctx.db.stream(
    loadQuery('report/review-by-reviewer.sql', { query: review, limit: String(limit) }),
  )) {
    for (const r of chunk) rows.push({ cells: cols.map((c) => cellView(typed(r[c.key], c.type), c, ctx.config.currency)) });
  }
  const res = renderRows(rows, limit, budget.share(1));
  budget.spend(res.used);
  return {
    total: totals.total,
    reviewers: totals.reviewers,
    withFindings: totals.with_findings,
    totalText: count(totals.total),
    reviewersText: count(totals.reviewers),
    withFindingsText: count(totals.with_findings),
    table: {
      id: 't-review',
      sheet: 'Review',
      columns: cols.map((c) => ({ header: c.header, numeric: numericType(c.type), right: numericType(c.type) })),
      rowsHtml: new Handlebars.SafeString(res.html),
      filter: totals.reviewers > 10,
      truncated: res.shown < totals.reviewers,
      shownText: count(res.shown),
      totalText: count(totals.reviewers),
      shown: res.shown,
      empty: totals.total === 0 ? 'Nothing to review.' : undefined,
    },
  };
}

// ---------------------------------------------------------------------------------------

function cards(sum: Summary, ctx: ReportContext, tables: Array<{ spec: ReportTableSpec; rows: Record<string, unknown>[] }>, review: { total: number; reviewers: number }): Array<{ value: string; label: string; tone: string; sub?: string }> {
  const t = sum.totals;
  const out = [
    { value: count(t.open), label: 'Open findings', tone: t.critical + t.high > 0 ? 'bad' : t.open > 0 ? 'warn' : 'ok', sub: t.excepted ? `${count(t.excepted)} excepted` : undefined },
    { value: count(t.critical), label: 'Critical', tone: t.critical ? 'critical' : 'ok' },
    { value: count(t.high), label: 'High', tone: t.high ? 'bad' : 'ok' },
    { value: count(t.medium + t.low + t.info), label: 'Medium / low', tone: t.medium ? 'warn' : 'ok' },
  ];
  for (const { spec, rows } of tables) {
    const last = rows[rows.length - 1];
    if (!last || !spec.cards) continue;
    for (const c of spec.cards as CardSpec[]) {
      const v = typed(last[c.key], c.type);
      // A total over rows of which some are unknown (NULL) is a partial sum: the card
      // says so rather than pass it off as the whole.
      const partial = spec.total_row === true && rows.slice(0, -1).some((r) => r[c.key] === null || r[c.key] === undefined);
      out.push({
        value: v === null ? 'unknown' : compact(v, c.type, ctx.config.currency),
        label: c.label,
        tone: c.tone ?? 'info',
        sub: v === null ? 'unknown (see the table)' : partial ? 'known values only (see the table)' : undefined,
      });
    }
  }
  out.push({ value: count(review.total), label: 'Entitlements to review', tone: 'info', sub: `${count(review.reviewers)} reviewer(s)` });
  return out;
}

/** A card's value: money without cents (the tables carry them). */
function compact(v: CellValue, type: ColumnSpec['type'], currency: string): string {
  if (type === 'money' && typeof v === 'number') return display(Math.round(v), 'money', currency).replace(/\.00$/, '');
  return display(v, type, currency);
}

const TONE_CLASS: Record<string, string> = { ok: 'ok', warn: 'warn', bad: 'bad', info: 'inf', muted: 'muted' };

function charts(sum: Summary, tables: Array<{ spec: ReportTableSpec; rows: Record<string, unknown>[] }>): ChartView[] {
  const out: ChartView[] = [
    barChart(
      'c-findings',
      'Findings by rule and severity',
      SEVERITIES.map((s) => ({ label: s[0]!.toUpperCase() + s.slice(1), cls: s })),
      sum.rules.map((r) => ({
        label: r.id,
        values: SEVERITIES.map((s) => r.bySeverity[s]),
        note: r.evaluated ? (r.total === 0 ? 'no findings' : undefined) : 'not evaluated',
      })),
    ),
  ];
  for (const { spec, rows } of tables) {
    const chart = spec.chart;
    if (!chart) continue;
    const data = spec.total_row ? rows.slice(0, -1) : rows;
    out.push(
      barChart(
        `c-${spec.id}`,
        chart.title,
        chart.series.map((s) => ({ label: s.label, cls: TONE_CLASS[s.tone ?? 'muted'] ?? 'muted' })),
        data.slice(0, 30).map((r) => ({
          label: String(r[chart.category] ?? ''),
          values: chart.series.map((s) => {
            const v = Number(r[s.key]);
            return Number.isFinite(v) && v > 0 ? v : 0;
          }),
        })),
        chart.caption,
      ),
    );
  }
  return out;
}

/** Write access-review.html. `rows` = table rows shown on the page. */
export async function writePage(ctx: ReportContext, file: string, opts: PageOptions = {}): Promise<OutputFile> {
  const t = loadTemplates();
  const sum = summarise(ctx);
  const limit = ctx.config.report?.html_rows_per_table ?? 500;
  const budget = new RowBudget(opts.rowBudgetBytes ?? PAGE_ROW_BUDGET_BYTES);
  const specs = ctx.tables.filter((s) => (s.placement ?? 'both') !== 'workbook');
  const shownSpecs = ctx.tables.filter((s) => (s.placement ?? 'both') === 'both');
  // Tables left to share the budget: report tables, rule tables, the review summary.
  let left = shownSpecs.length + sum.rules.filter((r) => r.evaluated).length + 1;

  const tableData: Array<{ spec: ReportTableSpec; rows: Record<string, unknown>[] }> = [];
  const tableViews: Array<TableView & { sectionId: string; title: string; description: string; unknownNote: string | null }> = [];
  for (const spec of specs) {
    if ((spec.placement ?? 'both') === 'page') {
      // Chart-only: a few rows, read whole.
      tableData.push({ spec, rows: await ctx.db.all(loadQuery('report/head.sql', { query: subquery(spec.query), limit: '200' })) });
      continue;
    }
    const { view, rows, note } = await reportTable(spec, ctx, limit, budget, left--);
    tableData.push({ spec, rows });
    tableViews.push({ ...view, sectionId: spec.id, title: spec.title, description: spec.description, unknownNote: note });
  }
  // Cards read a table's last (total) row: only meaningful when the whole table was read.
  const cardTables = tableData.filter(({ spec, rows }) => spec.cards && rows.length <= limit);

  const rules = sum.rules.map((r) => ({
    id: r.id,
    title: r.title,
    evaluated: r.evaluated,
    reason: r.reason ?? 'no reason given',
    meta: r.meta,
    total: count(r.total),
    open: count(r.open),
    counts: SEVERITIES.map((s) => ({ sev: s, n: r.bySeverity[s] ? count(r.bySeverity[s]) : '' })),
    table: r.evaluated ? ruleTable(r, ctx, limit, budget, left--) : undefined,
  }));
  const review = await reviewSummary(ctx, limit, budget);
  const changes = await changesView(ctx);

  const doc = ctx.doc;
  const tool = `${doc.tool.name} ${doc.tool.version}`;
  const csp = [
    "default-src 'none'",
    `style-src 'sha256-${sha256b64(t.css)}'`,
    `script-src 'sha256-${sha256b64(t.js)}'`,
    "img-src 'none'",
    "font-src 'none'",
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const data = {
    schema: 'access-review-page/1',
    tool: doc.tool,
    platform: doc.platform,
    as_of: doc.as_of,
    parameters: doc.parameters,
    coverage: doc.coverage,
    rules: sum.rules.map((r, i) => ({ id: r.id, evaluated: r.evaluated, reason: r.reason, findings: r.total, open: r.open, by_severity: r.bySeverity, shown: rules[i]!.table?.shown ?? 0 })),
    warnings: doc.warnings,
    review: { entitlements: review.total, reviewers: review.reviewers },
  };

  const html = t.page({
    csp,
    css: t.css,
    js: t.js,
    dataJson: inlineJson(data),
    title: `Access review — ${sum.platformName} — as of ${doc.as_of}`,
    asOf: doc.as_of,
    evaluationInstant: prettyInstant(doc.coverage.evaluation_instant),
    cutoff: doc.coverage.cutoff.slice(0, 10),
    tool,
    platform: sum.platformName,
    cards: cards(sum, ctx, cardTables, review),
    caveats: sum.caveats,
    charts: charts(sum, tableData),
    severities: SEVERITIES,
    notEvaluatedSpan: SEVERITIES.length + 2,
    rules,
    parameters: sum.parameters,
    warnings: doc.warnings.map((w) => ({ ...w, examples: w.examples.slice(0, 5).map(clip) })),
    tables: tableViews,
    review,
    changes,
    inputs: (await ctx.inputs).map((f) => ({ ...f, rows: count(f.rows), bytes: count(f.bytes) })),
    population: populationView(ctx.population),
  });
  await writeFile(file, html, 'utf8');
  const rows = tableViews.reduce((n, v) => n + v.shown, 0) + rules.reduce((n, r) => n + (r.table?.shown ?? 0), 0) + review.table.shown;
  return { file, rows };
}

