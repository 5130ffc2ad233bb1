// What the report writers (workbook, page) receive. Platform-neutral: a platform contributes
// report tables (SQL under queries/<platform>/report/) and its rule metadata.
import type { Config } from '../config.js';
import type { Db } from '../db.js';
import type { FindingsDocument } from '../model.js';

export type ColumnType = 'string' | 'integer' | 'number' | 'money' | 'date' | 'datetime' | 'boolean' | 'list';

export interface ColumnSpec {
  key: string;
  header: string;
  type: ColumnType;
  width?: number;
}

/** A table shown as its own sheet and page section, e.g. Domino's license true-up. */
export interface ReportTableSpec {
  id: string;
  title: string;
  description: string;
  /** Path under queries/, e.g. "domino/report/licenses.sql"; one SELECT, rows in display order. */
  query: string;
  columns: ColumnSpec[];
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

export interface ReportContext {
  doc: FindingsDocument;
  config: Config;
  rules: RuleMeta[];
  inputs: InputFileRecord[];
  /** Open database holding the canonical and derived tables and the `findings` table. */
  db: Db;
  tables: ReportTableSpec[];
  /** Path under queries/ of the Review query (columns: see docs/ARCHITECTURE.md). */
  reviewQuery: string;
}

export interface OutputFile {
  file: string;
  rows: number;
}
