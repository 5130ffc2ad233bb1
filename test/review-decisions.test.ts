// `access-audit decisions`: a reviewer fills in the audit's workbook with openpyxl (a real
// XLSX writer that is not exceljs); the command refuses what it must and writes the rest.
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readFile, truncate, writeFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvCell, parseDecision } from '../src/review/decisions.js';
import { cellRef, cellText, columnLetters } from '../src/review/review-sheet.js';
import {
  fillWorkbook,
  finding,
  findingsDoc,
  keyOf,
  openpyxlRequired,
  pythonWithOpenpyxl,
  runCli,
  snapshot,
  tempDir,
  writeAuditFolder,
  writeBundle,
  type Entitlement,
  type FillOp,
} from './fixtures/review/helpers.js';

const ROWS: Entitlement[] = [
  { user_id: 'u-ana', user_name: 'Ana Silva', scope: 'system', scope_id: 'domino', scope_name: 'Domino', role: 'SysAdmin', reviewer: 'it-security', related_findings: 'privileged-user:user:u-ana' },
  { user_id: 'u-bob', user_name: 'Bob Stone', scope: 'system', scope_id: 'domino', scope_name: 'Domino', role: 'Practitioner', reviewer: 'it-security' },
  { user_id: '1042', user_name: 'José Núñez', scope: 'project', scope_id: 'p-churn', scope_name: 'churn-model', role: 'Owner', reviewer: 'ana' },
  { user_id: 'u-bob', user_name: 'Bob Stone', scope: 'project', scope_id: 'p-churn', scope_name: 'churn-model', role: 'Contributor', reviewer: 'ana', related_findings: 'inactive-seat:user:u-bob' },
  { user_id: 'u-cy', user_name: 'Cy Young', scope: 'project', scope_id: 'p-fraud', scope_name: 'fraud', role: 'Contributor', reviewer: 'dee' },
  { user_id: 'u-eve', user_name: '=cmd|calc', scope: 'project', scope_id: 'p-fraud', scope_name: 'fraud', role: 'ResultsConsumer', reviewer: 'dee' },
  { user_id: 'u-cy', user_name: 'Cy Young', scope: 'organization', scope_id: 'o-risk', scope_name: 'Risk', role: 'Admin', reviewer: '' },
];
const K = ROWS.map(keyOf);
/** Row of ROWS[i] in the audit's single Review sheet (header in row 1). */
const rowOf = (i: number) => i + 2;

const py = openpyxlRequired();

async function setup(opts: { rowsPerSheet?: number } = {}) {
  const root = await tempDir();
  const bundle = path.join(root, 'bundle');
  const run = path.join(root, 'audit-2026-09-30');
  await writeBundle(bundle, ['u-ana', 'u-bob', '1042', 'u-cy', 'u-eve']);
  await writeAuditFolder(run, {
    doc: findingsDoc('2026-09-30', [finding('privileged-user', 'u-ana', 'high'), finding('inactive-seat', 'u-bob', 'medium')]),
    rows: ROWS,
    inputDir: bundle,
    rowsPerSheet: opts.rowsPerSheet,
  });
  const returned = path.join(root, 'returned.xlsx');
  const out = path.join(root, 'decisions');
  const fill = (ops: FillOp[]) => fillWorkbook(path.join(run, 'access-review.xlsx'), returned, ops);
  const decisions = (extra: string[] = []) => runCli(['decisions', '--workbook', returned, '--run', run, '--out', out, ...extra]);
  return { root, run, returned, out, fill, decisions };
}

/** A refused workbook: exit 2, one message line, and nothing written anywhere. */
async function expectRefused(s: Awaited<ReturnType<typeof setup>>, pattern: RegExp): Promise<string> {
  const before = await snapshot(s.root);
  const r = await s.decisions();
  expect(r.stderr).toMatch(pattern);
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stdout).toBe('');
  expect(await snapshot(s.root)).toEqual(before); // --out untouched, no staging folder left
  return r.stderr;
}

describe('decision cells', () => {
  it('accepts Keep, Revoke, Modify in any case with spaces, and empty', () => {
    expect(['keep', ' Revoke ', 'MODIFY', '', '  '].map(parseDecision)).toEqual(['Keep', 'Revoke', 'Modify', undefined, undefined]);
    expect(['Remove', 'yes', 'Keep it', 'TRUE'].map(parseDecision)).toEqual([null, null, null, null]);
  });
  it('reads a cell as the text a person sees', () => {
    expect(cellText(' Revoke ')).toBe(' Revoke ');
    expect(cellText(1042)).toBe('1042');
    expect(cellText({ richText: [{ text: 'Re' }, { text: 'voke' }] })).toBe('Revoke');
    expect(cellText({ formula: 'IF(A1="x","Keep","Revoke")', result: 'Revoke' })).toBe('Revoke');
    expect(cellText({ formula: 'cmd|calc' })).toBe('=cmd|calc'); // saved without a result
    expect(cellText(null)).toBe('');
  });
  it('names cells as Excel does', () => {
    expect([1, 10, 26, 27, 52, 703].map(columnLetters)).toEqual(['A', 'J', 'Z', 'AA', 'AZ', 'AAA']);
    expect(cellRef('Review', 10, 17)).toBe('Review!J17');
    expect(cellRef('Review (2)', 1, 3)).toBe("'Review (2)'!A3");
  });
  it('neutralises formulas in CSV cells', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', 'plain', 'a,b', 'say "hi"'].map(csvCell)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\tx",
      'plain',
      '"a,b"',
      '"say ""hi"""',
    ]);
  });
});

describe.skipIf(py.skip)('access-audit decisions (workbook filled in with openpyxl)', () => {
  it('writes the remediation list and the review status', async () => {
    const s = await setup();
    s.fill([
      { op: 'decide', key: K[0]!, decision: 'Keep', comment: 'on-call admin' },
      { op: 'decide', key: K[1]!, decision: ' revoke ', comment: 'left the company in August' },
      { op: 'decide', key: K[2]!, decision: 'MODIFY', comment: '=HYPERLINK("http://x","downgrade to Contributor")' },
      { op: 'decide', key: K[3]!, decision: 'Revoke' },
      { op: 'decide', key: K[5]!, decision: 'Revoke', comment: 'no longer on the fraud team' },
      // a reviewer's own habits that must do no harm: rows re-sorted, a column of notes added
      { op: 'reverse_rows', sheet: 'Review' },
      { op: 'insert_column', sheet: 'Review', before: 1, header: 'My notes' },
    ]);
    const r = await s.decisions();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/decisions: 5 of 7 rows decided \(1 keep, 3 revoke, 1 modify\), 2 undecided/);

    const csv = await readFile(path.join(s.out, 'remediation.csv'), 'utf8');
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFscope,scope_id,scope_name,user_id,user_name,role,decision,reviewer,comment,related_findings,key,decision_cell',
      `system,domino,Domino,u-bob,Bob Stone,Practitioner,Revoke,it-security,left the company in August,,${K[1]},Review!K7`,
      `project,p-churn,churn-model,u-bob,Bob Stone,Contributor,Revoke,ana,,inactive-seat:user:u-bob,${K[3]},Review!K5`,
      `project,p-churn,churn-model,1042,José Núñez,Owner,Modify,ana,"'=HYPERLINK(""http://x"",""downgrade to Contributor"")",,${K[2]},Review!K6`,
      `project,p-fraud,fraud,u-eve,'=cmd|calc,ResultsConsumer,Revoke,dee,no longer on the fraud team,,${K[5]},Review!K3`,
      '',
    ]);

    const rem = JSON.parse(await readFile(path.join(s.out, 'remediation.json'), 'utf8'));
    expect(rem).toMatchObject({ schema_version: 1, platform: 'domino', as_of: '2026-09-30', counts: { revoke: 3, modify: 1 }, workbook: { file: 'returned.xlsx' } });
    expect(rem.items.map((i: { key: string; decision: string }) => [i.key, i.decision])).toEqual([
      [K[1], 'Revoke'],
      [K[3], 'Revoke'],
      [K[2], 'Modify'],
      [K[5], 'Revoke'],
    ]);
    expect(rem.items[2].comment).toBe('=HYPERLINK("http://x","downgrade to Contributor")'); // JSON keeps the text as typed

    const status = JSON.parse(await readFile(path.join(s.out, 'review-status.json'), 'utf8'));
    expect(status.complete).toBe(false);
    expect(status.totals).toEqual({ rows: 7, decided: 5, undecided: 2, keep: 1, revoke: 3, modify: 1 });
    expect(status.reviewers).toEqual([
      { reviewer: 'ana', rows: 2, decided: 2, undecided: 0, keep: 0, revoke: 1, modify: 1, signed_off: false, signed_by: null, signed_on: null, file: 'returned.xlsx', undecided_keys: [] },
      { reviewer: 'dee', rows: 2, decided: 1, undecided: 1, keep: 0, revoke: 1, modify: 0, signed_off: false, signed_by: null, signed_on: null, file: 'returned.xlsx', undecided_keys: [K[4]] },
      { reviewer: 'it-security', rows: 2, decided: 2, undecided: 0, keep: 1, revoke: 1, modify: 0, signed_off: false, signed_by: null, signed_on: null, file: 'returned.xlsx', undecided_keys: [] },
      { reviewer: null, rows: 1, decided: 0, undecided: 1, keep: 0, revoke: 0, modify: 0, signed_off: false, signed_by: null, signed_on: null, file: 'returned.xlsx', undecided_keys: [K[6]] },
    ]);

    // The decisions folder is evidence too.
    expect((await runCli(['verify', s.out])).code).toBe(0);
    const m = JSON.parse(await readFile(path.join(s.out, 'manifest.json'), 'utf8'));
    expect(m.outputs.map((o: { file: string }) => o.file)).toEqual(['remediation.csv', 'remediation.json', 'review-status.json', 'review-status.csv']);
    expect(m.inputs[0]).toMatchObject({ file: 'returned.xlsx', kind: 'returned-workbook' });
  });

  it('reads Review, Review (2), … and names the sheet of a bad cell', async () => {
    const s = await setup({ rowsPerSheet: 3 });
    s.fill([
      { op: 'decide', key: K[0]!, decision: 'Revoke' },
      { op: 'decide', key: K[6]!, decision: 'Keep' },
      { op: 'decide', key: K[4]!, decision: 'Remove' }, // row 2 of Review (2)
    ]);
    await expectRefused(s, /returned\.xlsx: 'Review \(2\)'!J3: the decision "Remove" is not one of Keep, Revoke, Modify \(or empty for undecided\)$/m);
    s.fill([
      { op: 'decide', key: K[0]!, decision: 'Revoke' },
      { op: 'decide', key: K[6]!, decision: 'Keep' },
    ]);
    const r = await s.decisions();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 of 7 rows decided/);
  });

  it('names every bad decision cell (the first few spelled out)', async () => {
    const s = await setup();
    s.fill([
      { op: 'decide', key: K[1]!, decision: 'Maybe' },
      { op: 'decide', key: K[3]!, decision: 'Revoke' },
      { op: 'decide', key: K[4]!, decision: 1 },
    ]);
    const msg = await expectRefused(s, new RegExp(`Review!J${rowOf(1)}: the decision "Maybe" is not one of Keep, Revoke, Modify`));
    expect(msg).toContain(`and 1 more problem: Review!J${rowOf(4)}: the decision "1"`);
  });

  it('refuses a file that is not an xlsx workbook', async () => {
    const s = await setup();
    await writeFile(s.returned, 'Key,Decision\nsystem|domino|u-ana|SysAdmin,Keep\n');
    await expectRefused(s, /returned\.xlsx: is not an \.xlsx workbook/);
    await writeFile(s.returned, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    await expectRefused(s, /returned\.xlsx: is a password-protected workbook or an old \.xls file/);
  });

  it('refuses a truncated workbook', async () => {
    const s = await setup();
    s.fill([{ op: 'decide', key: K[0]!, decision: 'Keep' }]);
    const { size } = await stat(s.returned);
    await truncate(s.returned, Math.floor(size / 2));
    await expectRefused(s, /returned\.xlsx: is not a complete \.xlsx workbook: no zip directory at its end \(truncated or not a zip archive\)/);
  });

  it('refuses a damaged workbook', async () => {
    const s = await setup();
    s.fill([{ op: 'decide', key: K[0]!, decision: 'Keep' }]);
    const buf = await readFile(s.returned);
    const sheet = buf.indexOf('xl/worksheets/sheet2.xml'); // local header of the Review sheet
    for (let i = sheet + 60; i < sheet + 160; i++) buf[i] = 0x55; // its compressed data
    await writeFile(s.returned, buf);
    await expectRefused(s, /returned\.xlsx: (is not a complete \.xlsx workbook: xl\/worksheets\/sheet2\.xml cannot be decompressed|is not a complete \.xlsx workbook: xl\/worksheets\/sheet2\.xml is \d+ bytes|cannot be read as an \.xlsx workbook)/);
  });

  it('refuses a zip archive that is not a workbook', async () => {
    const s = await setup();
    execFileSync(pythonWithOpenpyxl()!, ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1], "w"); z.writestr("notes.txt", "hello"); z.close()', s.returned]);
    await expectRefused(s, /returned\.xlsx: is a zip archive but not an \.xlsx workbook \(it has no xl\/workbook\.xml\)/);
  });

  it('refuses a workbook without a Review sheet, listing the sheets it has', async () => {
    const s = await setup();
    s.fill([{ op: 'rename_sheet', sheet: 'Review', to: 'Review - done' }]);
    await expectRefused(s, /returned\.xlsx: has no sheet named "Review" \(its sheets are "Summary", "Review - done"\); is this the access-review workbook\?/);
  });

  it('refuses a Review sheet whose Decision header is gone', async () => {
    const s = await setup();
    s.fill([{ op: 'set', sheet: 'Review', cell: 'J1', value: 'Verdict' }]);
    await expectRefused(s, /returned\.xlsx: Review!A1: row 1 has no column headed "Decision"/);
  });

  it('refuses an added row, naming its cell', async () => {
    const s = await setup();
    s.fill([{ op: 'append', sheet: 'Review', values: ['project|p-fraud|u-zed|Owner', 'u-zed', 'Zed', 'project', 'p-fraud', 'fraud', 'Owner', 'dee', '', 'Keep', ''] }]);
    await expectRefused(s, /Review!A9: the key "project\|p-fraud\|u-zed\|Owner" is not in the audit .*rows must not be added or their keys changed/);
  });

  it('refuses a row without a key (a note typed below the table)', async () => {
    const s = await setup();
    s.fill([{ op: 'set', sheet: 'Review', cell: 'K12', value: 'all done, Dee' }]);
    await expectRefused(s, /Review!A12: a row without a key/);
  });

  it('refuses a removed row, naming where it was in the audit', async () => {
    const s = await setup();
    s.fill([{ op: 'delete_row', key: K[4]! }]);
    const esc = K[4]!.replace(/\|/g, '\\|');
    await expectRefused(s, new RegExp(`the audit's row .*access-review\\.xlsx Review!A${rowOf(4)} \\(key "${esc}"\\) is missing; rows must not be removed`));
  });

  it('refuses a removed sheet of a multi-sheet review', async () => {
    const s = await setup({ rowsPerSheet: 3 });
    s.fill([{ op: 'delete_sheet', sheet: 'Review (3)' }]);
    await expectRefused(s, /'Review \(3\)'!A2 \(key "organization\|o-risk\|u-cy\|Admin"\) is missing/);
  });

  it('refuses a re-keyed row', async () => {
    const s = await setup();
    s.fill([{ op: 'set_by_key', key: K[2]!, column: 'Key', value: 'project|p-churn|1042|Contributor' }]);
    const msg = await expectRefused(s, new RegExp(`Review!A${rowOf(2)}: the key "project\\|p-churn\\|1042\\|Contributor" is not in the audit`));
    expect(msg).toContain(`and 1 more problem: the audit's row`);
  });

  it('refuses a row whose user, scope or role cell was changed', async () => {
    const s = await setup();
    s.fill([{ op: 'set_by_key', key: K[3]!, column: 'Role', value: 'Owner' }]);
    await expectRefused(s, new RegExp(`Review!G${rowOf(3)}: "Owner" was changed \\(the audit has "Contributor" for key "${K[3]!.replace(/\|/g, '\\|')}"\\); only Decision and Comment may be edited`));
    s.fill([{ op: 'set_by_key', key: K[0]!, column: 'User ID', value: 'u-anna' }]);
    await expectRefused(s, new RegExp(`Review!B${rowOf(0)}: "u-anna" was changed`));
  });

  it('refuses a duplicated row', async () => {
    const s = await setup();
    s.fill([{ op: 'copy_row', key: K[1]! }]);
    await expectRefused(s, new RegExp(`Review!A9: the key "${K[1]!.replace(/\|/g, '\\|')}" appears twice \\(also Review!A${rowOf(1)}\\)`));
  });

  it('does not trust an audit folder that no longer matches its manifest', async () => {
    const s = await setup();
    s.fill([{ op: 'decide', key: K[0]!, decision: 'Revoke' }]);
    const f = path.join(s.run, 'findings.json');
    await writeFile(f, (await readFile(f, 'utf8')).replace('"high"', '"low"'));
    await expectRefused(s, /audit-2026-09-30: the audit folder does not match its manifest\.json \(findings\.json changed\)/);
  });

  it('says so when --run is another audit than the one the workbook came from', async () => {
    const s = await setup();
    s.fill([{ op: 'decide', key: K[0]!, decision: 'Keep' }]);
    const other = path.join(s.root, 'audit-other');
    await writeAuditFolder(other, { doc: findingsDoc('2026-12-31', []), rows: [{ ...ROWS[0]!, user_id: 'u-zz' }], inputDir: path.join(s.root, 'bundle') });
    const before = await snapshot(s.root);
    const r = await runCli(['decisions', '--workbook', s.returned, '--run', other, '--out', s.out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/returned\.xlsx: none of its 7 rows is in the audit .*audit-other \(1 row\); is --run the audit this workbook came from\?/);
    expect(await snapshot(s.root)).toEqual(before);
  });

  it('refuses --run that is not an audit folder, and --out inside the audit folder', async () => {
    const s = await setup();
    s.fill([]);
    const r1 = await runCli(['decisions', '--workbook', s.returned, '--run', path.join(s.root, 'bundle'), '--out', s.out]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/cannot read manifest\.json/);
    const r2 = await runCli(['decisions', '--workbook', s.returned, '--run', s.run, '--out', path.join(s.run, 'decisions')]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/is inside the audit folder/);
  });

  it('replaces its own files in an existing --out and leaves the rest alone', async () => {
    const s = await setup();
    await mkdir(s.out, { recursive: true });
    await writeFile(path.join(s.out, 'remediation.csv'), 'old');
    await writeFile(path.join(s.out, 'ticket-notes.txt'), 'keep me');
    s.fill([{ op: 'decide', key: K[5]!, decision: 'Revoke' }]);
    expect((await s.decisions()).code).toBe(0);
    expect(await readFile(path.join(s.out, 'ticket-notes.txt'), 'utf8')).toBe('keep me');
    expect(await readFile(path.join(s.out, 'remediation.csv'), 'utf8')).toContain(K[5]);
  });

  it('accepts the untouched workbook: nothing decided yet', async () => {
    const s = await setup();
    await copyFile(path.join(s.run, 'access-review.xlsx'), s.returned);
    const r = await s.decisions();
    expect(r.code).toBe(0);
    const status = JSON.parse(await readFile(path.join(s.out, 'review-status.json'), 'utf8'));
    expect(status.totals).toMatchObject({ rows: 7, decided: 0, undecided: 7 });
    expect(await readFile(path.join(s.out, 'remediation.csv'), 'utf8')).toBe(
      '\uFEFFscope,scope_id,scope_name,user_id,user_name,role,decision,reviewer,comment,related_findings,key,decision_cell\r\n',
    );
  });
});
