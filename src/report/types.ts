// What the report writers (workbook, page) receive. Platform-neutral: a platform contributes
// report tables (SQL under queries/<platform>/report/) and its rule metadata.
import type { Config } from '../config.js';
import type { Db } from '../db.js';
import type { FindingsDocument } from '../model.js';
import type { Population } from '../ingest/population.js';

export type ColumnType = 'string' | 'integer' | 'number' | 'money' | 'date' | 'datetime' | 'boolean' | 'list';

export interface ColumnSpec {
  key: string;
  header: string;
  type: ColumnType;
  width?: number;
}

/** One series of a horizontal (stacked) bar chart: a numeric column of the table. */
export interface ChartSeries {
  key: string;
  label: string;
  /** Colour role: ok (green), warn (amber), bad (red), info (blue), muted (grey). */
  tone?: 'ok' | 'warn' | 'bad' | 'info' | 'muted';
}

/** How the page draws a report table as a chart: one bar per row, stacked series. */
export interface ChartSpec {
  title: string;
  caption?: string;
  /** Column holding each bar's label. */
  category: string;
  series: ChartSeries[];
}

/**
 * A summary card on the page, its value read from the table's last row (e.g. a Total). When
 * the table has a total row and another row is NULL in the card's column, the card says
 * the total covers known values only.
 */
export interface CardSpec {
  key: string;
  label: string;
  type: ColumnType;
  tone?: 'ok' | 'warn' | 'bad' | 'info' | 'muted';
}

/** A table shown as its own sheet and page section, e.g. Domino's license true-up. */
export interface ReportTableSpec {
  id: string;
  title: string;
  description: string;
  /** Path under queries/, e.g. "domino/report/licenses.sql"; a single query, rows in display order. */
  query: string;
  columns: ColumnSpec[];
  /** Shown only when the run compares with a previous one (--previous). */
  only_with_previous?: boolean;
  /** Where it appears (default both). A chart-only table may live on the page alone. */
  placement?: 'both' | 'workbook' | 'page';
  /** The last row is a total: shown in bold, left out of charts. */
  total_row?: boolean;
  /** Columns that mean nothing in the total row (a price): blank there, not "unknown". */
  total_blank?: string[];
  chart?: ChartSpec;
  cards?: CardSpec[];
  /** Keys of the columns the page shows (default: all); the workbook always has all. */
  page_columns?: string[];
  /**
   * Columns computed from a rule's findings. When that rule was not evaluated they are
   * unknown, not zero: both writers blank them and say why under the table's title.
   */
  rule_columns?: Array<{ rule: string; columns: string[] }>;
  /** Inputs the table needs (e.g. roster): without them the run leaves it out. */
  requires?: string[];
}

export interface RuleMeta {
  id: string;
  title: string;
  subject: string;
  severity_logic: string;
  rationale: string;
  remediation: string;
  controls: string[];
  /** Which canonical inputs must be present for the rule to be evaluated. */
  requires: string[];
  /** Handlebars template for the finding message (fields: subject, evidence, severity). */
  message: string;
  /** How the evidence object becomes typed columns in the rule's sheet and table. */
  evidence_columns: ColumnSpec[];
}

export interface InputFileRecord {
  /** Path relative to the bundle folder, forward slashes. */
  file: string;
  shape: 'canonical' | 'native';
  /** What it holds: users, roles, logins, activity, projects, … */
  kind: string;
  sha256: string;
  bytes: number;
  rows: number;
}

/** An input file as read, before its hash is known (the run hashes inputs aside). */
export type ReadInputFile = Omit<InputFileRecord, 'sha256' | 'bytes'> & { /** Absolute path. */ path: string };

export interface ReportContext {
  doc: FindingsDocument;
  config: Config;
  rules: RuleMeta[];
  /**
   * Input files with their hashes. The hashes may still be being computed when the writers
   * start (a worker thread hashes while the writers run): they await this when they list them.
   */
  inputs: InputFileRecord[] | Promise<InputFileRecord[]>;
  /** Open database holding the canonical and derived tables and the `findings` table. */
  db: Db;
  tables: ReportTableSpec[];
  /**
   * Path under queries/ of the query giving the Review rows (columns: see docs/ARCHITECTURE.md),
   * or its promise while the rows are being materialised: writers await it when they reach them.
   */
  reviewQuery: string | Promise<string>;
  /** The population: per input file records read vs the total stated, event spans, files not read, users outside the review. */
  population?: Population;
}

export interface OutputFile {
  file: string;
  rows: number;
}
