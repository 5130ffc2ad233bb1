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
//    --workbook may be one returned workbook or a folder of returned packets (run --packets),
//    in any mix. Each file's Sign-off sheet names its reviewer and carries the audit id: a
//    file whose audit id is not the one recomputed from --run's manifest is refused (a
//    packet of another audit, e.g. last quarter's, whose keys may all match). A packet must
//    hold exactly its reviewer's rows; the full workbook every row; a row in two files is
//    refused. Justification: a Modify, and a Keep on a row with a critical or high finding,
//    need a Comment. Packets not returned leave their rows undecided.
// 4. remediation.csv / remediation.json (one row per Revoke / Modify, grouped by scope),
//    review-status.json and review-status.csv (decided / undecided and the sign-off, per
//    reviewer) and manifest.json (so that `access-audit verify` works on this folder too)
//    are written all together or not at all.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { TOOL_VERSION } from '../version.js';
import { hashFile } from '../output/hash-file.js';
import { manifestText, verifyOutDir, type Manifest } from '../output/manifest.js';
import { checkOutDir, writeOutFiles, type OutFile } from '../output/atomic.js';
import { shownPath } from './json-input.js';
import { openWorkbook, readReviewRows, type ReviewColumn, type ReviewRow } from './review-sheet.js';
import { readFile, readdir, stat } from 'node:fs/promises';
import { auditId } from './audit-id.js';
import { readSignOffFrom, type SignOffRead } from './signoff-sheet.js';
import { readReturnedFiles, type ReturnedReader } from './returned-pool.js';
import { fromData, returnedRows } from './returned-read.js';
import { ALL_REVIEWERS } from '../report/review-layout.js';

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
  /** Both Signed by and Signed on filled in the Sign-off sheet of the file it came from. */
  signed_off: boolean;
  signed_by: string | null;
  signed_on: string | null;
  /** The returned file holding this reviewer's rows; null when none was returned. */
  file: string | null;
  undecided_keys: string[];
}

export interface ReviewStatus {
  schema_version: 1;
  tool: { name: 'access-audit'; version: string };
  platform: string;
  as_of: string;
  workbook: { file: string; sha256: string };
  complete: boolean;
  /** The returned files read (one workbook, or the packets of a folder). */
  files: Array<{ file: string; sha256: string; reviewer: string | null; rows: number; signed_off: boolean }>;
  totals: Omit<ReviewerStatus, 'reviewer' | 'undecided_keys' | 'signed_off' | 'signed_by' | 'signed_on' | 'file'>;
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
  /** The returned file it was read from. */
  seenIn?: string;
  /** A critical or high finding is related: a Keep needs a Comment. */
  severe?: boolean;
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
  // The returned files are read on worker threads while the audit folder is checked and
  // read (./returned-pool.ts); problems are reported in the same order as ever.
  const returnedEarly = await returnedFiles(opts.workbook).catch((e: unknown) => ({ error: e }));
  const reader: ReturnedReader | null =
    'error' in returnedEarly ? null : readReturnedFiles(returnedEarly.files.map((file) => ({ file, shown: shownPath(file) })));
  try {
    return await decide(opts, runDir, outDir, returnedEarly, reader);
  } finally {
    await reader?.close();
  }
}

/** runDecisions once the returned files are being read. */
async function decide(
  opts: DecisionsOptions,
  runDir: string,
  outDir: string,
  returnedEarly: Awaited<ReturnType<typeof returnedFiles>> | { error: unknown },
  reader: ReturnedReader | null,
): Promise<DecisionsResult> {
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
  const auditBook = await openWorkbook(auditFile, auditShown);
  // A user, scope, role or reviewer is on many rows: one copy of each text (at 500k rows, ~150 MB less).
  const interned = new Map<string, string>();
  const same = (t: string): string => {
    const k = interned.get(t);
    if (k !== undefined) return k;
    interned.set(t, t);
    return t;
  };
  await readReviewRows(auditBook, ['key', ...IDENTITY, 'scope_name', 'reviewer'], (r) => {
    const key = r.text('key');
    if (key === '') return auditProblems.add(`${r.ref('key')}: a row without a key`);
    const dup = audit.get(key);
    if (dup) return auditProblems.add(`${r.ref('key')}: the key "${key}" appears twice (also ${dup.ref})`);
    audit.set(key, {
      sheet: r.sheet,
      row: r.row,
      ref: r.ref('key'),
      user_id: same(r.text('user_id')),
      user_name: same(r.text('user_name')),
      scope: same(r.text('scope')),
      scope_id: same(r.text('scope_id')),
      scope_name: same(r.text('scope_name')),
      role: same(r.text('role')),
      reviewer: same(r.text('reviewer')),
      related_findings: same(r.text('related_findings')),
      // Set while the returned files are read; declared here so that every row has one shape.
      seenAt: undefined,
      seenIn: undefined,
      severe: false,
      decision: undefined,
      decisionCell: undefined,
      comment: undefined,
    });
  });
  interned.clear();
  auditProblems.throwIfAny(auditShown);

  // Findings of the audit: a Keep on a row with a critical or high finding needs a Comment.
  const severe = await severeFindingIds(runDir, runShown);
  for (const a of audit.values()) a.severe = a.related_findings.split('; ').some((id) => severe.has(id));
  const expectedId = auditId({ inputs: check.manifest.inputs, as_of: check.manifest.as_of, config: check.manifest.config ?? {}, tool_version: check.manifest.tool.version });
  // A workbook of a version without the Sign-off sheet carries no audit id: then keys alone decide.
  const auditSigned = (await readSignOffFrom(auditBook)).audit_id !== null;
  const byReviewer = new Map<string, AuditRow[]>();
  for (const a of audit.values()) {
    if (!byReviewer.has(a.reviewer)) byReviewer.set(a.reviewer, []);
    byReviewer.get(a.reviewer)!.push(a);
  }

  // 3. The returned workbooks, row by row against the audit.
  if ('error' in returnedEarly) throw returnedEarly.error;
  const returned = returnedEarly;
  const readFiles: ReviewStatus['files'] = [];
  const signOffs = new Map<string, { file: string; so: SignOffRead }>(); // reviewer → its file's sign-off
  let fullSignOff: { file: string; so: SignOffRead } | null = null;
  const inputs: Array<{ file: string; sha256: string; bytes: number; rows: number }> = [];
  let totalRead = 0;
  for (const file of returned.files) {
    const shown = shownPath(file);
    const label = returned.folder ? path.relative(returned.folder, file).split(path.sep).join('/') : path.basename(file);
    const problems = new Problems();
    const keys: AuditRow[] = [];
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
        problems.add(`${r.ref('key')}: the key "${key}" appears twice (also ${a.seenIn === label ? '' : `${a.seenIn} `}${a.seenAt}); rows must not be copied`);
        return;
      }
      a.seenAt = r.ref('key');
      a.seenIn = label;
      keys.push(a);
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
      const comment = r.text('comment');
      if (d === 'Modify' && comment === '') {
        problems.add(`${r.ref('comment')}: a Modify needs a Comment saying what to change (key "${key}")`);
        return;
      }
      if (d === 'Keep' && comment === '' && a.severe) {
        problems.add(`${r.ref('comment')}: a Keep on a row with a critical or high finding needs a Comment saying why (key "${key}", findings ${a.related_findings})`);
        return;
      }
      a.decision = d;
      a.decisionCell = r.ref('decision');
      a.comment = comment;
    };
    const read = await reader!.next();
    if (read.error) throw fromData(read.error);
    for (const r of returnedRows(read)) onRow(r);
    if (keys.length === 0 && read.rows > 0 && audit.size > 0) {
      throw new InputError(
        { file: shown },
        `none of its ${read.rows} rows is in the audit ${runShown} (${audit.size} row${audit.size === 1 ? '' : 's'}); is --run the audit this workbook came from?`,
      );
    }
    if (read.signOffError) throw fromData(read.signOffError);
    const so = read.signOff!;
    if (auditSigned && so.audit_id === null) {
      throw new InputError({ file: shown }, `has no Sign-off sheet with an audit id, so it cannot be shown to belong to the audit in ${runShown}; return the workbook or packet that audit wrote`);
    }
    if (so.audit_id !== null && so.audit_id !== expectedId) {
      throw new InputError(
        { file: shown },
        `belongs to another audit (its audit id ${so.audit_id.slice(0, 12)}… is not ${expectedId.slice(0, 12)}…, the audit in ${runShown}); a packet of another quarter cannot be accepted — return the packet of this audit`,
      );
    }
    const packetOf = so.reviewer !== null && so.reviewer !== ALL_REVIEWERS ? so.reviewer : null;
    if (packetOf !== null) {
      const mine = byReviewer.get(packetOf);
      if (!mine) throw new InputError({ file: shown }, `is the packet of "${packetOf}", who reviews no row of the audit in ${runShown}`);
      for (const a of keys) {
        if (a.reviewer !== packetOf) problems.add(`${a.seenAt}: the key "${keyOf(a)}" belongs to the packet of "${a.reviewer}", not of "${packetOf}"; rows must not be moved between packets`);
      }
      for (const a of mine) {
        if (a.seenIn !== label) problems.add(`the audit's row ${auditShown} ${a.ref} (key "${keyOf(a)}") of ${packetOf}'s packet is missing${a.seenIn ? ` (it is in ${a.seenIn})` : ''}; rows must not be removed`);
      }
      if (signOffs.has(packetOf)) problems.add(`a second packet of "${packetOf}" (the first is ${signOffs.get(packetOf)!.file})`);
      signOffs.set(packetOf, { file: label, so });
    } else {
      for (const [key, a] of audit) {
        if (a.seenIn !== label) problems.add(`the audit's row ${auditShown} ${a.ref} (key "${key}") is missing; rows must not be removed`);
      }
      fullSignOff = { file: label, so };
    }
    problems.throwIfAny(shown);
    const { sha256, bytes } = read;
    const signed = so.signed_by !== null && so.signed_on !== null;
    readFiles.push({ file: label, sha256, reviewer: packetOf, rows: keys.length, signed_off: signed });
    inputs.push({ file: label, sha256, bytes, rows: keys.length });
    totalRead += read.rows;
  }
  void totalRead;

  // 4. Results.
  const workbook = returned.folder
    ? { file: path.basename(returned.folder), sha256: createHash('sha256').update(readFiles.map((f) => `${f.sha256}  ${f.file}\n`).join('')).digest('hex') }
    : { file: readFiles[0]!.file, sha256: readFiles[0]!.sha256 };
  const tool = { name: 'access-audit' as const, version: TOOL_VERSION };
  const { platform, as_of } = check.manifest;
  const items: RemediationItem[] = [];
  const perReviewer = new Map<string, ReviewerStatus>();
  const totals = { rows: 0, decided: 0, undecided: 0, keep: 0, revoke: 0, modify: 0 };
  for (const [key, a] of audit) {
    let s = perReviewer.get(a.reviewer);
    if (!s) {
      const src = signOffs.get(a.reviewer) ?? fullSignOff;
      const so = src?.so;
      s = {
        reviewer: a.reviewer === '' ? null : a.reviewer,
        rows: 0, decided: 0, undecided: 0, keep: 0, revoke: 0, modify: 0,
        signed_off: so ? so.signed_by !== null && so.signed_on !== null : false,
        signed_by: so?.signed_by ?? null,
        signed_on: so?.signed_on ?? null,
        file: src?.file ?? null,
        undecided_keys: [],
      };
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
        decision_cell: returned.folder && a.seenIn ? `${a.seenIn}: ${a.decisionCell ?? ''}` : (a.decisionCell ?? ''),
      });
    }
  }
  // The audit's rows are all counted: let them go before the outputs are serialised (at 500k rows, hundreds of MB).
  audit.clear();
  byReviewer.clear();
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
  const status: ReviewStatus = { schema_version: 1, tool, platform, as_of, workbook, complete: totals.undecided === 0, files: readFiles, totals, reviewers };

  const files: OutFile[] = [
    { name: 'remediation.csv', content: remediationCsv(items) },
    { name: 'remediation.json', content: JSON.stringify(remediation, null, 2) + '\n' },
    { name: 'review-status.json', content: JSON.stringify(status, null, 2) + '\n' },
    { name: 'review-status.csv', content: reviewStatusCsv(reviewers) },
  ];
  const inputDir = returned.folder ?? path.dirname(path.resolve(opts.workbook));
  const manifest = await decisionsManifest(files, platform, as_of, inputDir, inputs, runDir, items.length, totals.rows, reviewers.length);
  files.push({ name: 'manifest.json', content: manifestText(manifest) });
  await writeOutFiles(outDir, files, '--out', { replace: opts.replace });
  return { outDir, remediation, status };
}

async function decisionsManifest(
  files: OutFile[],
  platform: string,
  as_of: string,
  inputDir: string,
  inputs: Array<{ file: string; sha256: string; bytes: number; rows: number }>,
  runDir: string,
  remediationRows: number,
  reviewRows: number,
  reviewerCount: number,
): Promise<Manifest> {
  const runManifestSha = (await hashFile(path.join(runDir, 'manifest.json'))).sha256;
  const rowsOf = (name: string) => (name === 'review-status.json' ? reviewRows : name === 'review-status.csv' ? reviewerCount : remediationRows);
  return {
    schema_version: 1,
    tool: { name: 'access-audit', version: TOOL_VERSION },
    platform,
    as_of,
    input_dir: inputDir,
    config: { command: 'decisions', run: runDir, run_manifest_sha256: runManifestSha },
    inputs: inputs.map((i) => ({ file: i.file, shape: 'native' as const, kind: 'returned-workbook', sha256: i.sha256, bytes: i.bytes, rows: i.rows })),
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

const keyOf = (a: AuditRow): string => `${a.scope}|${a.scope_id}|${a.user_id}|${a.role}`;

/** The returned workbook, or the .xlsx files of a folder (sorted; lock files and hidden files skipped). */
async function returnedFiles(arg: string): Promise<{ folder: string | null; files: string[] }> {
  const p = path.resolve(arg);
  const st = await stat(p).catch(() => null);
  if (st?.isDirectory()) {
    const names = (await readdir(p)).filter((n) => /\.xlsx$/i.test(n) && !n.startsWith('~$') && !n.startsWith('.')).sort();
    if (names.length === 0) throw new InputError({ file: shownPath(p) }, 'holds no .xlsx workbook; --workbook takes a returned workbook or a folder of returned packets');
    return { folder: p, files: names.map((n) => path.join(p, n)) };
  }
  return { folder: null, files: [p] };
}

/** Ids of the audit's critical and high findings (its findings.json, verified with the manifest). */
async function severeFindingIds(runDir: string, runShown: string): Promise<Set<string>> {
  const file = path.join(runDir, 'findings.json');
  let doc: { findings?: Array<{ id?: unknown; severity?: unknown }> };
  try {
    doc = JSON.parse(await readFile(file, 'utf8')) as typeof doc;
  } catch {
    throw new InputError({ file: path.join(runShown, 'findings.json') }, 'cannot be read as the findings of the audit');
  }
  return new Set((doc.findings ?? []).filter((f) => f.severity === 'critical' || f.severity === 'high').map((f) => String(f.id)));
}

export const REVIEW_STATUS_COLUMNS = ['reviewer', 'file', 'rows', 'decided', 'undecided', 'keep', 'revoke', 'modify', 'signed_off', 'signed_by', 'signed_on'] as const;

/** review-status.csv: the full per-reviewer list the console summary points to. */
export function reviewStatusCsv(reviewers: readonly ReviewerStatus[]): string {
  const lines = [REVIEW_STATUS_COLUMNS.join(',')];
  for (const r of reviewers) {
    lines.push(REVIEW_STATUS_COLUMNS.map((c) => csvCell(String(c === 'signed_off' ? (r.signed_off ? 'yes' : 'no') : (r[c] ?? '')))).join(','));
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
