// `access-audit decisions`: the reviewers' workbook comes back; what must be revoked or
// changed, and who has not finished.
//
// 1. The audit folder (--run) is checked against its own manifest.json before it is trusted
//    (outputs only: the export bundle may have moved since).
// 2. Its access-review.xlsx (the workbook as the audit wrote it) gives the rows under review:
//    key → user, scope, role, reviewer.
// 3. The returned workbook is read the same way. Only `Decision` and `Comment` are the
//    reviewers' to fill in. Refused, naming sheet and cell: a decision that is not empty,
//    Keep, Revoke or Modify (case and surrounding spaces ignored); a row whose key is not in
//    the audit (added or re-keyed); a key that appears twice; a key whose User ID, User, Scope,
//    Scope ID or Role cell differs from the audit's; a key of the audit missing from the
//    returned workbook. Other columns (Scope name, Reviewer, Related findings) are taken from
//    the audit, whatever the returned copy says: the audit's reviewer assignment is what is
//    reported on. Row order, sorting, filters, extra columns and blank rows do not matter.
// 4. remediation.csv / remediation.json (one row per Revoke / Modify, grouped by scope),
//    review-status.json (decided / undecided per reviewer) and manifest.json (so that
//    `access-audit verify` works on this folder too) are written all together or not at all.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { TOOL_VERSION } from '../version.js';
import { hashFile } from '../output/hash-file.js';
import { manifestText, verifyOutDir, type Manifest } from '../output/manifest.js';
import { checkOutDir, writeOutFiles, type OutFile } from '../output/atomic.js';
import { shownPath } from './json-input.js';
import { readReviewSheets, type ReviewColumn, type ReviewRow } from './review-sheet.js';

export const WORKBOOK_FILE = 'access-review.xlsx';
export const DECISIONS = ['Keep', 'Revoke', 'Modify'] as const;
export type Decision = (typeof DECISIONS)[number];

/** The cells that identify a row; a returned row must carry the audit's values. */
const IDENTITY: readonly ReviewColumn[] = ['user_id', 'user_name', 'scope', 'scope_id', 'role'];

export interface DecisionsOptions {
  /** The returned workbook. */
  workbook: string;
  /** The out-dir of the audit the workbook came from. */
  run: string;
  /** Where to write remediation.csv, remediation.json, review-status.json, manifest.json. */
  out: string;
  /** Overwrite an --out that already holds decisions. */
  replace?: boolean;
}

export interface RemediationItem {
  scope: string;
  scope_id: string;
  scope_name: string;
  user_id: string;
  user_name: string;
  role: string;
  decision: 'Revoke' | 'Modify';
  reviewer: string;
  comment: string;
  related_findings: string;
  key: string;
  /** Where the decision was made in the returned workbook, e.g. Review!J17. */
  decision_cell: string;
}

export interface ReviewerStatus {
  /** null for rows the audit assigned to no reviewer. */
  reviewer: string | null;
  rows: number;
  decided: number;
  undecided: number;
  keep: number;
  revoke: number;
  modify: number;
  undecided_keys: string[];
}

export interface ReviewStatus {
  schema_version: 1;
  tool: { name: 'access-audit'; version: string };
  platform: string;
  as_of: string;
  workbook: { file: string; sha256: string };
  complete: boolean;
  totals: Omit<ReviewerStatus, 'reviewer' | 'undecided_keys'>;
  reviewers: ReviewerStatus[];
}

export interface RemediationDocument {
  schema_version: 1;
  tool: { name: 'access-audit'; version: string };
  platform: string;
  as_of: string;
  workbook: { file: string; sha256: string };
  counts: { revoke: number; modify: number };
  items: RemediationItem[];
}

export interface DecisionsResult {
  outDir: string;
  remediation: RemediationDocument;
  status: ReviewStatus;
}

interface AuditRow {
  sheet: string;
  row: number;
  ref: string;
  user_id: string;
  user_name: string;
  scope: string;
  scope_id: string;
  scope_name: string;
  role: string;
  reviewer: string;
  related_findings: string;
  /** Where the returned workbook has this key (set while reading it). */
  seenAt?: string;
  decision?: Decision;
  decisionCell?: string;
  comment?: string;
}

/** Collects refusals; only the first few are spelled out, all are counted. */
class Problems {
  readonly shown: string[] = [];
  count = 0;
  add(detail: string): void {
    this.count++;
    if (this.shown.length < 8) this.shown.push(detail);
  }
  throwIfAny(file: string): void {
    if (this.count === 0) return;
    const [first, ...rest] = this.shown;
    const more = this.count - 1;
    const tail = more === 0 ? '' : ` — and ${more} more problem${more === 1 ? '' : 's'}: ${rest.join('; ')}${this.count > this.shown.length ? '; …' : ''}`;
    throw new InputError({ file }, `${first}${tail}`);
  }
}

/** `keep`, ' Revoke ', 'MODIFY' → the decision; '' → undefined; anything else → null. */
export function parseDecision(text: string): Decision | undefined | null {
  const t = text.trim().toLowerCase();
  if (t === '') return undefined;
  return DECISIONS.find((d) => d.toLowerCase() === t) ?? null;
}

const SCOPE_ORDER = ['system', 'organization', 'deployment', 'branch_deployments', 'base_branch_deployments', 'code_location', 'project', 'team'];
const scopeRank = (s: string): number => {
  const i = SCOPE_ORDER.indexOf(s);
  return i < 0 ? SCOPE_ORDER.length : i;
};
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Remediation order: per scope kind (system first), then scope, user, role. */
export function compareRemediation(a: RemediationItem, b: RemediationItem): number {
  return (
    scopeRank(a.scope) - scopeRank(b.scope) ||
    cmp(a.scope, b.scope) ||
    cmp(a.scope_name, b.scope_name) ||
    cmp(a.scope_id, b.scope_id) ||
    cmp(a.user_name, b.user_name) ||
    cmp(a.user_id, b.user_id) ||
    cmp(a.role, b.role) ||
    cmp(a.key, b.key)
  );
}

/** Read a returned workbook against its audit and write the remediation list and review status. */
export async function runDecisions(opts: DecisionsOptions): Promise<DecisionsResult> {
  const runDir = path.resolve(opts.run);
  const outDir = path.resolve(opts.out);
  if (outDir === runDir || outDir.startsWith(runDir + path.sep)) {
    throw new UsageError(`--out ${opts.out} is inside the audit folder --run ${opts.run}; the audit folder is evidence, write the decisions elsewhere`);
  }
  await checkOutDir(opts.out);

  // 1. Trust the audit folder only if it matches its manifest.
  const check = await verifyOutDir(runDir, { outputsOnly: true });
  const runShown = shownPath(runDir);
  if (!check.manifest.outputs.some((o) => o.file === WORKBOOK_FILE)) {
    throw new InputError({ file: path.join(runShown, 'manifest.json') }, `lists no ${WORKBOOK_FILE}; --run must be the out-dir of the audit the workbook came from`);
  }
  if (check.problems.length > 0) {
    const list = check.problems.map((p) => `${p.file} ${p.problem}`).join(', ');
    throw new InputError(
      { file: runShown },
      `the audit folder does not match its manifest.json (${list}); it cannot be trusted as the audit the workbook came from — use an untouched copy of the audit folder`,
    );
  }

  // 2. The rows under review, as the audit wrote them.
  const auditFile = path.join(runDir, WORKBOOK_FILE);
  const auditShown = shownPath(auditFile);
  const audit = new Map<string, AuditRow>();
  const auditProblems = new Problems();
  await readReviewSheets(auditFile, auditShown, ['key', ...IDENTITY, 'scope_name', 'reviewer'], (r) => {
    const key = r.text('key');
    if (key === '') return auditProblems.add(`${r.ref('key')}: a row without a key`);
    const dup = audit.get(key);
    if (dup) return auditProblems.add(`${r.ref('key')}: the key "${key}" appears twice (also ${dup.ref})`);
    audit.set(key, {
      sheet: r.sheet,
      row: r.row,
      ref: r.ref('key'),
      user_id: r.text('user_id'),
      user_name: r.text('user_name'),
      scope: r.text('scope'),
      scope_id: r.text('scope_id'),
      scope_name: r.text('scope_name'),
      role: r.text('role'),
      reviewer: r.text('reviewer'),
      related_findings: r.text('related_findings'),
    });
  });
  auditProblems.throwIfAny(auditShown);

  // 3. The returned workbook, row by row against the audit.
  const returnedShown = shownPath(path.resolve(opts.workbook));
  const problems = new Problems();
  const onRow = (r: ReviewRow): void => {
    const key = r.text('key');
    if (key === '') {
      problems.add(`${r.ref('key')}: a row without a key (rows must not be added to the Review sheet)`);
      return;
    }
    const a = audit.get(key);
    if (!a) {
      problems.add(`${r.ref('key')}: the key "${key}" is not in the audit (${runShown}); rows must not be added or their keys changed`);
      return;
    }
    if (a.seenAt !== undefined) {
      problems.add(`${r.ref('key')}: the key "${key}" appears twice (also ${a.seenAt}); rows must not be copied`);
      return;
    }
    a.seenAt = r.ref('key');
    for (const c of IDENTITY) {
      const v = r.text(c);
      if (v !== a[c as keyof AuditRow]) {
        problems.add(`${r.ref(c)}: "${v}" was changed (the audit has "${a[c as keyof AuditRow] as string}" for key "${key}"); only Decision and Comment may be edited`);
        return;
      }
    }
    const raw = r.text('decision');
    const d = parseDecision(raw);
    if (d === null) {
      problems.add(`${r.ref('decision')}: the decision "${raw}" is not one of Keep, Revoke, Modify (or empty for undecided)`);
      return;
    }
    a.decision = d;
    a.decisionCell = r.ref('decision');
    a.comment = r.text('comment');
  };
  const read = await readReviewSheets(path.resolve(opts.workbook), returnedShown, ['key', ...IDENTITY, 'decision', 'comment'], onRow);
  let matched = 0;
  for (const a of audit.values()) if (a.seenAt !== undefined) matched++;
  if (matched === 0 && read.rows > 0 && audit.size > 0) {
    throw new InputError(
      { file: returnedShown },
      `none of its ${read.rows} rows is in the audit ${runShown} (${audit.size} row${audit.size === 1 ? '' : 's'}); is --run the audit this workbook came from?`,
    );
  }
  for (const [key, a] of audit) {
    if (a.seenAt === undefined) problems.add(`the audit's row ${auditShown} ${a.ref} (key "${key}") is missing; rows must not be removed`);
  }
  problems.throwIfAny(returnedShown);

  // 4. Results.
  const { sha256, bytes } = await hashFile(path.resolve(opts.workbook));
  const workbook = { file: path.basename(opts.workbook), sha256 };
  const tool = { name: 'access-audit' as const, version: TOOL_VERSION };
  const { platform, as_of } = check.manifest;
  const items: RemediationItem[] = [];
  const perReviewer = new Map<string, ReviewerStatus>();
  const totals = { rows: 0, decided: 0, undecided: 0, keep: 0, revoke: 0, modify: 0 };
  for (const [key, a] of audit) {
    let s = perReviewer.get(a.reviewer);
    if (!s) {
      s = { reviewer: a.reviewer === '' ? null : a.reviewer, rows: 0, decided: 0, undecided: 0, keep: 0, revoke: 0, modify: 0, undecided_keys: [] };
      perReviewer.set(a.reviewer, s);
    }
    s.rows++;
    totals.rows++;
    if (a.decision === undefined) {
      s.undecided++;
      totals.undecided++;
      s.undecided_keys.push(key);
      continue;
    }
    s.decided++;
    totals.decided++;
    const k = a.decision === 'Keep' ? 'keep' : a.decision === 'Revoke' ? 'revoke' : 'modify';
    s[k]++;
    totals[k]++;
    if (a.decision !== 'Keep') {
      items.push({
        scope: a.scope,
        scope_id: a.scope_id,
        scope_name: a.scope_name,
        user_id: a.user_id,
        user_name: a.user_name,
        role: a.role,
        decision: a.decision,
        reviewer: a.reviewer,
        comment: a.comment ?? '',
        related_findings: a.related_findings,
        key,
        decision_cell: a.decisionCell ?? '',
      });
    }
  }
  items.sort(compareRemediation);
  const reviewers = [...perReviewer.values()].sort((x, y) =>
    x.reviewer === null ? 1 : y.reviewer === null ? -1 : cmp(x.reviewer, y.reviewer),
  );
  for (const r of reviewers) r.undecided_keys.sort(cmp);
  const remediation: RemediationDocument = {
    schema_version: 1,
    tool,
    platform,
    as_of,
    workbook,
    counts: { revoke: totals.revoke, modify: totals.modify },
    items,
  };
  const status: ReviewStatus = { schema_version: 1, tool, platform, as_of, workbook, complete: totals.undecided === 0, totals, reviewers };

  const files: OutFile[] = [
    { name: 'remediation.csv', content: remediationCsv(items) },
    { name: 'remediation.json', content: JSON.stringify(remediation, null, 2) + '\n' },
    { name: 'review-status.json', content: JSON.stringify(status, null, 2) + '\n' },
  ];
  const manifest = await decisionsManifest(files, platform, as_of, path.resolve(opts.workbook), { sha256, bytes }, runDir, items.length, totals.rows);
  files.push({ name: 'manifest.json', content: manifestText(manifest) });
  await writeOutFiles(outDir, files, '--out', { replace: opts.replace });
  return { outDir, remediation, status };
}

async function decisionsManifest(
  files: OutFile[],
  platform: string,
  as_of: string,
  workbookPath: string,
  workbookHash: { sha256: string; bytes: number },
  runDir: string,
  remediationRows: number,
  reviewRows: number,
): Promise<Manifest> {
  const runManifestSha = (await hashFile(path.join(runDir, 'manifest.json'))).sha256;
  const rowsOf = (name: string) => (name === 'review-status.json' ? reviewRows : remediationRows);
  return {
    schema_version: 1,
    tool: { name: 'access-audit', version: TOOL_VERSION },
    platform,
    as_of,
    input_dir: path.dirname(workbookPath),
    config: { command: 'decisions', run: runDir, run_manifest_sha256: runManifestSha },
    inputs: [{ file: path.basename(workbookPath), shape: 'native', kind: 'returned-workbook', ...workbookHash, rows: reviewRows }],
    outputs: files.map((f) => {
      const buf = typeof f.content === 'string' ? Buffer.from(f.content, 'utf8') : f.content;
      return { file: f.name, sha256: createHash('sha256').update(buf).digest('hex'), bytes: buf.length, rows: rowsOf(f.name) };
    }),
  };
}

/** A CSV cell that a spreadsheet will show as text: a leading =, +, -, @, tab or CR is neutralised. */
export function csvCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const REMEDIATION_COLUMNS: ReadonlyArray<keyof RemediationItem> = [
  'scope',
  'scope_id',
  'scope_name',
  'user_id',
  'user_name',
  'role',
  'decision',
  'reviewer',
  'comment',
  'related_findings',
  'key',
  'decision_cell',
];

/** remediation.csv: UTF-8 with a BOM (so Excel shows accents right), CRLF line ends (RFC 4180). */
export function remediationCsv(items: readonly RemediationItem[]): string {
  const lines = [REMEDIATION_COLUMNS.join(',')];
  for (const it of items) lines.push(REMEDIATION_COLUMNS.map((c) => csvCell(it[c])).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
