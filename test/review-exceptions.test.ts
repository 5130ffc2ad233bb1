import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { applyExceptions, isCalendarDate, loadExceptions } from '../src/review/exceptions.js';
import { failOnExitCode, failingFindings } from '../src/review/fail-on.js';
import { finding, findingsDoc, tempDir } from './fixtures/review/helpers.js';

async function load(text: string, name = 'exceptions.yaml') {
  const dir = await tempDir();
  const file = path.join(dir, name);
  await writeFile(file, text);
  return { file, run: () => loadExceptions(file) };
}

/** The InputError a malformed file gives: its file, line, column and message. */
async function problem(text: string, name = 'exceptions.yaml'): Promise<InputError> {
  const { file, run } = await load(text, name);
  const e = await run().then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, 'a malformed exceptions file must be refused').toBeInstanceOf(InputError);
  const ie = e as InputError;
  expect(ie.file.endsWith(path.basename(file))).toBe(true);
  return ie;
}

const GOOD = `# accepted risks, reviewed 2026-07-01
exceptions:
  - rule: inactive-seat
    subject: u-ana
    reason: On parental leave until January; keeps her seat
    approved_by: Jane Doe (CISO)
    expires: 2026-12-31
  - rule: privileged-user
    subject: "1042"
    reason: Break-glass admin account
    approved_by: Jane Doe (CISO)
    expires: "2026-06-30"
`;

describe('loadExceptions', () => {
  it('reads YAML with an exceptions: key, dates unquoted or quoted, ids quoted', async () => {
    const { run } = await load(GOOD);
    expect(await run()).toEqual([
      { rule: 'inactive-seat', subject: 'u-ana', reason: 'On parental leave until January; keeps her seat', approved_by: 'Jane Doe (CISO)', expires: '2026-12-31' },
      { rule: 'privileged-user', subject: '1042', reason: 'Break-glass admin account', approved_by: 'Jane Doe (CISO)', expires: '2026-06-30' },
    ]);
  });

  it('reads a bare JSON list, and an empty list', async () => {
    const json = JSON.stringify([{ rule: 'r', subject: 's', reason: 'why', approved_by: 'me', expires: '2027-01-31' }], null, 2);
    expect(await (await load(json, 'exceptions.json')).run()).toEqual([{ rule: 'r', subject: 's', reason: 'why', approved_by: 'me', expires: '2027-01-31' }]);
    expect(await (await load('[]\n', 'exceptions.json')).run()).toEqual([]);
    expect(await (await load('exceptions: []\n')).run()).toEqual([]);
  });

  it('refuses bad YAML with the line and column', async () => {
    const e = await problem('exceptions:\n  - rule: a\n    subject: [unclosed\n');
    expect(e.line).toBeGreaterThanOrEqual(3);
    expect(e.message).toMatch(/not valid YAML\/JSON/);
  });

  it('refuses bad JSON with the line and column', async () => {
    const e = await problem('[\n  {"rule": "a" "subject": "b"}\n]\n', 'exceptions.json');
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/exceptions.json:2:\d+: exceptions file is not valid YAML\/JSON/);
  });

  it('refuses a file that is not a list', async () => {
    const e = await problem('rule: inactive-seat\nsubject: u-ana\n');
    expect([e.line, e.column]).toEqual([1, 1]);
    expect(e.message).toMatch(/unknown key "rule" at the top level/);
    const s = await problem('just some text\n');
    expect(s.message).toMatch(/must hold a list of \{rule, subject, reason, approved_by, expires\}/);
    const n = await problem('exceptions:\n  rule: a\n');
    expect([n.line, n.column]).toEqual([2, 3]);
  });

  it('refuses an empty file, saying how to write "none"', async () => {
    const e = await problem('# nothing yet\n');
    expect(e.message).toMatch(/empty.*write \[\] for none/);
  });

  it('refuses an item that is not a mapping', async () => {
    const e = await problem('- inactive-seat u-ana\n');
    expect([e.line, e.column]).toEqual([1, 3]);
    expect(e.message).toMatch(/must be a mapping/);
  });

  it('refuses a missing field, naming it and the item', async () => {
    const e = await problem(`exceptions:
  - rule: inactive-seat
    subject: u-ana
    reason: leave
    expires: 2026-12-31
`);
    expect([e.line, e.column]).toEqual([2, 5]);
    expect(e.message).toMatch(/missing approved_by/);
  });

  it('refuses an empty field', async () => {
    const e = await problem('- {rule: a, subject: b, reason: "  ", approved_by: me, expires: 2026-12-31}\n');
    expect([e.line, e.column]).toEqual([1, 33]);
    expect(e.message).toMatch(/reason must not be empty/);
    const n = await problem('- {rule: a, subject: b, reason: , approved_by: me, expires: 2026-12-31}\n');
    expect(n.message).toMatch(/reason must be a non-empty text/);
  });

  it('refuses dates that are not calendar dates', async () => {
    for (const bad of ['2026-02-30', '2026-13-01', '31/12/2026', '2026-12-31T00:00:00Z', 'next year']) {
      const e = await problem(`- rule: a\n  subject: b\n  reason: r\n  approved_by: me\n  expires: "${bad}"\n`);
      expect([e.line, e.column], bad).toEqual([5, 12]);
      expect(e.message).toContain(`expires "${bad}" is not a calendar date written YYYY-MM-DD`);
    }
  });

  it('refuses a number where text is needed, telling to quote it', async () => {
    const e = await problem('- rule: a\n  subject: 1042\n  reason: r\n  approved_by: me\n  expires: 2026-12-31\n');
    expect([e.line, e.column]).toEqual([2, 12]);
    expect(e.message).toMatch(/subject must be text; write it in quotes, e.g. subject: "1042"/);
  });

  it('refuses an unknown key (a typo must not silently drop a field)', async () => {
    const e = await problem('- rule: a\n  subject: b\n  reason: r\n  approver: me\n  expires: 2026-12-31\n');
    expect([e.line, e.column]).toEqual([4, 3]);
    expect(e.message).toMatch(/unknown key "approver"/);
  });

  it('refuses two exceptions for the same rule and subject', async () => {
    const e = await problem(`- {rule: a, subject: b, reason: r, approved_by: me, expires: 2026-12-31}
- {rule: a, subject: c, reason: r, approved_by: me, expires: 2026-12-31}
- {rule: a, subject: b, reason: other, approved_by: you, expires: 2027-12-31}
`);
    expect([e.line, e.column]).toEqual([3, 3]);
    expect(e.message).toMatch(/a second exception for rule "a" and subject "b" \(the first is on line 1\)/);
  });

  it('refuses a duplicated key inside one exception', async () => {
    const e = await problem('- rule: a\n  rule: b\n  subject: b\n  reason: r\n  approved_by: me\n  expires: 2026-12-31\n');
    expect(e.line).toBe(2);
  });

  it('refuses a missing file as an input error', async () => {
    const e = await loadExceptions('/nonexistent/exceptions.yaml').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect((e as Error).message).toMatch(/cannot read exceptions file \(no such file\)/);
  });

  it('knows calendar dates', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-1-01')).toBe(false);
  });
});

describe('applyExceptions', () => {
  const asOf = '2026-09-30';
  const doc = findingsDoc(asOf, [
    finding('inactive-seat', 'u-ana', 'medium'),
    finding('inactive-seat', 'u-bob', 'medium'),
    finding('privileged-user', 'u-cy', 'high'),
    finding('privileged-user', 'u-dee', 'critical'),
  ]);
  const ex = (rule: string, subject: string, expires: string) => ({ rule, subject, reason: 'accepted', approved_by: 'CISO', expires });

  it('excepts in-force matches, re-opens expired ones, lists the stale', () => {
    const out = applyExceptions(doc, [
      ex('inactive-seat', 'u-ana', '2026-12-31'), // in force
      ex('privileged-user', 'u-cy', '2026-09-29'), // expired the day before the as-of
      ex('privileged-user', 'u-dee', asOf), // expires ON the as-of: still in force that day
      ex('inactive-seat', 'u-gone', '2027-01-01'), // matches nothing
      ex('privileged-user', 'u-ana', '2027-01-01'), // right subject, other rule: matches nothing
    ]);
    const by = Object.fromEntries(out.findings.map((f) => [f.id, f]));
    expect(by['inactive-seat:user:u-ana']).toMatchObject({ status: 'excepted', exception: ex('inactive-seat', 'u-ana', '2026-12-31') });
    expect(by['inactive-seat:user:u-ana']!.exception_expired).toBeUndefined();
    expect(by['inactive-seat:user:u-bob']).toEqual(doc.findings[1]);
    expect(by['privileged-user:user:u-cy']).toMatchObject({ status: 'open', exception_expired: true, exception: { expires: '2026-09-29' } });
    expect(by['privileged-user:user:u-dee']).toMatchObject({ status: 'excepted' });
    expect(out.stale_exceptions).toEqual([ex('inactive-seat', 'u-gone', '2027-01-01'), ex('privileged-user', 'u-ana', '2027-01-01')]);
    expect(out.findings.map((f) => f.id)).toEqual(doc.findings.map((f) => f.id)); // order kept
    expect(doc.findings[0]!.status).toBe('open'); // input untouched
  });

  it('--fail-on ignores excepted findings but counts expired exceptions', () => {
    const allExcepted = applyExceptions(doc, [
      ex('privileged-user', 'u-dee', '2027-01-01'),
      ex('privileged-user', 'u-cy', '2027-01-01'),
    ]);
    expect(failOnExitCode(allExcepted, 'high')).toBe(0);
    expect(failOnExitCode(allExcepted, 'medium')).toBe(1);
    expect(failingFindings(allExcepted, 'medium').map((f) => f.subject.id)).toEqual(['u-ana', 'u-bob']);
    const expired = applyExceptions(doc, [ex('privileged-user', 'u-dee', '2026-01-01'), ex('privileged-user', 'u-cy', '2027-01-01')]);
    expect(failOnExitCode(expired, 'critical')).toBe(1);
    expect(failOnExitCode(expired, undefined)).toBe(0);
    expect(failOnExitCode(findingsDoc(asOf, [finding('x', 'y', 'info')]), 'low')).toBe(0);
    expect(failOnExitCode(findingsDoc(asOf, [finding('x', 'y', 'low')]), 'low')).toBe(1);
  });
});
