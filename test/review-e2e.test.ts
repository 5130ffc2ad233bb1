// Two quarters of the review loop, end to end through the review-cycle functions and the
// `decisions` / `verify` commands: audit Q2 (with exceptions), the reviewer fills in the
// workbook with openpyxl, decisions, remediation, audit Q3 with --previous and
// --exceptions, verify against a flipped byte. The findings of each audit stand in for
// the rule engine's output; everything after that is the real code.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding, FindingsDocument } from '../src/model.js';
import { changesSinceLastReview } from '../src/review/changes.js';
import { applyExceptions, loadExceptions } from '../src/review/exceptions.js';
import { failOnExitCode } from '../src/review/fail-on.js';
import { applyPrevious, loadPrevious } from '../src/review/previous.js';
import {
  fillWorkbook,
  finding,
  findingsDoc,
  keyOf,
  openpyxlRequired,
  runCli,
  tempDir,
  writeAuditFolder,
  writeBundle,
  type Entitlement,
} from './fixtures/review/helpers.js';

const py = openpyxlRequired();

const ent = (user_id: string, scope: string, scope_id: string, role: string, reviewer: string): Entitlement => ({
  user_id,
  user_name: user_id.replace('u-', '').toUpperCase(),
  scope,
  scope_id,
  scope_name: scope_id,
  role,
  reviewer,
});

/** What `run` does with the review-cycle flags, in the order the pipeline calls them. */
async function audit(doc: FindingsDocument, flags: { exceptions?: string; previous?: string }): Promise<FindingsDocument> {
  let out = doc;
  if (flags.exceptions) out = applyExceptions(out, await loadExceptions(flags.exceptions));
  if (flags.previous) out = applyPrevious(out, await loadPrevious(flags.previous));
  return out;
}

const ids = (fs: Array<Pick<Finding, 'id'>>) => fs.map((f) => f.id).sort();

describe.skipIf(py.skip)('two quarters of access review', () => {
  it('Q2 audit → reviewer decisions → remediation → Q3 audit with --previous and --exceptions → verify', async () => {
    const root = await tempDir();
    const exceptionsFile = path.join(root, 'exceptions.yaml');
    await writeFile(
      exceptionsFile,
      `exceptions:
  - rule: privileged-user
    subject: u-svc
    reason: Deployment service account; replaced by a scoped token in Q3
    approved_by: Jane Doe (CISO)
    expires: 2026-08-31
  - rule: inactive-seat
    subject: u-cy
    reason: Sabbatical until March; seat kept by agreement
    approved_by: Jane Doe (CISO)
    expires: 2027-03-31
  - rule: inactive-seat
    subject: u-old
    reason: Left in Q1; exception never removed
    approved_by: Jane Doe (CISO)
    expires: 2026-12-31
`,
    );

    // ---- Q2 -----------------------------------------------------------------------
    const q2Bundle = path.join(root, 'bundle-q2');
    await writeBundle(q2Bundle, ['u-ana', 'u-bob', 'u-cy', 'u-dee', 'u-svc']);
    const q2 = await audit(
      findingsDoc('2026-06-30', [
        finding('inactive-seat', 'u-bob', 'medium'),
        finding('inactive-seat', 'u-cy', 'medium'),
        finding('mislicensed-user', 'u-dee', 'low'),
        finding('privileged-user', 'u-svc', 'critical'),
        finding('privileged-user', 'u-ana', 'high'),
      ]),
      { exceptions: exceptionsFile },
    );
    expect(q2.findings.filter((f) => f.status === 'excepted').map((f) => f.subject.id).sort()).toEqual(['u-cy', 'u-svc']);
    expect(q2.stale_exceptions!.map((e) => e.subject)).toEqual(['u-old']);
    expect(failOnExitCode(q2, 'critical')).toBe(0); // u-svc is excepted in Q2
    expect(failOnExitCode(q2, 'high')).toBe(1); // u-ana
    const q2Rows = [
      ent('u-ana', 'system', 'domino', 'SysAdmin', 'it-security'),
      ent('u-svc', 'system', 'domino', 'SysAdmin', 'it-security'),
      ent('u-bob', 'project', 'p-churn', 'Contributor', 'ana'),
      ent('u-cy', 'project', 'p-churn', 'Owner', 'ana'),
      ent('u-dee', 'organization', 'o-risk', 'Admin', 'it-security'),
    ];
    const q2Out = path.join(root, 'audit-2026-q2');
    await writeAuditFolder(q2Out, { doc: q2, rows: q2Rows, inputDir: q2Bundle });

    // The reviewers fill in the workbook (openpyxl) and send it back.
    const returned = path.join(root, 'access-review-returned.xlsx');
    fillWorkbook(path.join(q2Out, 'access-review.xlsx'), returned, [
      { op: 'decide', key: keyOf(q2Rows[0]!), decision: 'Keep', comment: 'platform lead' },
      { op: 'decide', key: keyOf(q2Rows[1]!), decision: 'keep', comment: 'excepted until August' },
      { op: 'decide', key: keyOf(q2Rows[2]!), decision: 'Revoke', comment: 'moved to finance' },
      { op: 'decide', key: keyOf(q2Rows[4]!), decision: 'Modify', comment: 'Member, not Admin' },
    ]);
    const decided = path.join(root, 'decisions-2026-q2');
    const d = await runCli(['decisions', '--workbook', returned, '--run', q2Out, '--out', decided]);
    expect(d.stderr).toBe('');
    expect(d.code).toBe(0);
    const remediation = JSON.parse(await readFile(path.join(decided, 'remediation.json'), 'utf8'));
    expect(remediation.items.map((i: { scope: string; scope_id: string; user_id: string; role: string; decision: string; reviewer: string; comment: string }) => [i.scope, i.scope_id, i.user_id, i.role, i.decision, i.reviewer, i.comment])).toEqual([
      ['organization', 'o-risk', 'u-dee', 'Admin', 'Modify', 'it-security', 'Member, not Admin'],
      ['project', 'p-churn', 'u-bob', 'Contributor', 'Revoke', 'ana', 'moved to finance'],
    ]);
    const status = JSON.parse(await readFile(path.join(decided, 'review-status.json'), 'utf8'));
    expect(status.reviewers.map((r: { reviewer: string; decided: number; undecided: number; undecided_keys: string[] }) => [r.reviewer, r.decided, r.undecided, r.undecided_keys])).toEqual([
      ['ana', 1, 1, [keyOf(q2Rows[3]!)]],
      ['it-security', 3, 0, []],
    ]);

    // ---- remediation happens; Q3 ------------------------------------------------------
    // u-bob's project role was revoked (his inactive seat is gone), u-dee was downgraded
    // (no longer mislicensed); u-svc's exception expired on 2026-08-31; u-eve was made a
    // system admin during the quarter, u-fay went inactive.
    const q3Bundle = path.join(root, 'bundle-q3');
    await writeBundle(q3Bundle, ['u-ana', 'u-cy', 'u-dee', 'u-svc', 'u-eve', 'u-fay']);
    const q3 = await audit(
      findingsDoc('2026-09-30', [
        finding('inactive-seat', 'u-cy', 'medium'),
        finding('inactive-seat', 'u-fay', 'medium'),
        finding('privileged-user', 'u-eve', 'critical'),
        finding('privileged-user', 'u-svc', 'critical'),
        finding('privileged-user', 'u-ana', 'high'),
      ]),
      { exceptions: exceptionsFile, previous: path.join(q2Out, 'findings.json') },
    );
    const by = (pred: (f: Finding) => boolean) => ids(q3.findings.filter(pred));
    expect(by((f) => f.change === 'new')).toEqual(['inactive-seat:user:u-fay', 'privileged-user:user:u-eve']);
    expect(by((f) => f.change === 'persisting')).toEqual(['inactive-seat:user:u-cy', 'privileged-user:user:u-ana', 'privileged-user:user:u-svc']);
    expect(q3.findings.map((f) => [f.subject.id, f.first_seen])).toEqual([
      ['u-cy', '2026-06-30'],
      ['u-fay', '2026-09-30'],
      ['u-eve', '2026-09-30'],
      ['u-svc', '2026-06-30'],
      ['u-ana', '2026-06-30'],
    ]);
    expect(ids(q3.resolved!)).toEqual(['inactive-seat:user:u-bob', 'mislicensed-user:user:u-dee']);
    expect(by((f) => f.status === 'excepted')).toEqual(['inactive-seat:user:u-cy']);
    expect(by((f) => f.exception_expired === true)).toEqual(['privileged-user:user:u-svc']);
    expect(q3.findings.find((f) => f.subject.id === 'u-svc')).toMatchObject({ status: 'open', exception: { expires: '2026-08-31' } });
    expect(q3.stale_exceptions!.map((e) => `${e.rule}/${e.subject}`)).toEqual(['inactive-seat/u-old']);
    expect(failOnExitCode(q3, 'critical')).toBe(1); // u-eve, and u-svc whose exception expired
    expect(failOnExitCode({ findings: q3.findings.filter((f) => f.subject.id !== 'u-eve' && f.subject.id !== 'u-svc') }, 'high')).toBe(1);

    const changes = changesSinceLastReview(q3, (f) => f.rule === 'privileged-user');
    expect(changes.new.map((f) => f.subject.id)).toEqual(['u-eve', 'u-fay']); // new privileged grants first
    expect(changes.counts).toEqual({ new: 2, persisting: 3, resolved: 2, excepted: 1, expired_exceptions: 1, stale_exceptions: 1 });

    const q3Rows = [q2Rows[0]!, q2Rows[1]!, q2Rows[3]!, ent('u-dee', 'organization', 'o-risk', 'Member', 'it-security'), ent('u-eve', 'system', 'domino', 'SysAdmin', 'it-security')];
    const q3Out = path.join(root, 'audit-2026-q3');
    await writeAuditFolder(q3Out, { doc: q3, rows: q3Rows, inputDir: q3Bundle });

    // Q4 will compare with Q3: first_seen keeps going back to Q2.
    const q4 = await audit(findingsDoc('2026-12-31', [finding('inactive-seat', 'u-cy', 'medium')]), { previous: path.join(q3Out, 'findings.json') });
    expect(q4.findings[0]).toMatchObject({ change: 'persisting', first_seen: '2026-06-30' });

    // ---- the auditor checks the evidence -------------------------------------------------
    expect((await runCli(['verify', q3Out])).code).toBe(0);
    expect((await runCli(['verify', decided])).code).toBe(0);
    const findingsFile = path.join(q3Out, 'findings.json');
    const bytes = await readFile(findingsFile);
    const at = bytes.length - 3;
    bytes[at] = bytes[at]! ^ 0x20; // one flipped bit
    await writeFile(findingsFile, bytes);
    const v = await runCli(['verify', q3Out]);
    expect(v.code).toBe(1);
    expect(v.stdout.split('\n').filter((l) => /^(CHANGED|MISSING)/.test(l)).map((l) => l.split(/\s+/).slice(0, 3).join(' '))).toEqual([
      'CHANGED output findings.json',
    ]);
    // and a tampered audit folder is not trusted as the source of decisions
    const again = await runCli(['decisions', '--workbook', path.join(q3Out, 'access-review.xlsx'), '--run', q3Out, '--out', path.join(root, 'decisions-q3')]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/does not match its manifest\.json \(findings\.json changed\)/);
  });
});
