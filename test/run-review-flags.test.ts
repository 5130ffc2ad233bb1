// The review-cycle flags through `access-audit run`: refusals leave --out untouched;
// --fail-on decides the exit status and ignores excepted findings.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { USERS_HEADER, cli, csv, makeBundle, tempDir } from './helpers.js';

// One high (deactivated sole owner) and one medium (inactive plain seat) finding.
const bundle = () =>
  makeBundle({
    'users.csv': csv(USERS_HEADER, 'gone,gone,,,deactivated,,human,2024-01-01,,,', 'idle,idle,,,active,Data Analyst,human,2024-01-01,,,'),
    'logins.csv': csv('user_id,timestamp', 'idle,2026-01-01T00:00:00Z'),
    'projects.csv': csv('project_id,name,owner_id', 'p1,Churn,gone'),
  });

const run = (input: string, ...args: string[]) => {
  const out = path.join(tempDir(), 'out');
  return { out, ...cli(['run', '--input', input, '--out', out, '--as-of', '2026-09-30', ...args]) };
};

describe('--fail-on', () => {
  it('exits 1 when an open finding is at or above the severity, 0 below it, and writes the outputs either way', () => {
    const input = bundle();
    const high = run(input, '--fail-on', 'high');
    expect(high.status).toBe(1);
    expect(readdirSync(high.out).sort()).toContain('findings.json');
    expect(run(input, '--fail-on', 'critical').status).toBe(0);
    expect(run(input, '--fail-on', 'medium').status).toBe(1);
    expect(run(input).status).toBe(0);
  });

  it('ignores excepted findings, but not ones whose exception expired', () => {
    const input = bundle();
    const ex = path.join(tempDir(), 'exceptions.yaml');
    const exception = (expires: string) =>
      `- rule: sole-owner-risk\n  subject: p1\n  reason: archived next sprint\n  approved_by: ciso@example.com\n  expires: ${expires}\n`;
    writeFileSync(ex, exception('2026-12-31'));
    const excepted = run(input, '--fail-on', 'high', '--exceptions', ex);
    expect(excepted.status).toBe(0);
    const doc = JSON.parse(readFileSync(path.join(excepted.out, 'findings.json'), 'utf8'));
    expect(doc.findings.find((f: { rule: string }) => f.rule === 'sole-owner-risk')).toMatchObject({ status: 'excepted' });
    writeFileSync(ex, exception('2026-09-29'));
    const expired = run(input, '--fail-on', 'high', '--exceptions', ex);
    expect(expired.status).toBe(1);
    const doc2 = JSON.parse(readFileSync(path.join(expired.out, 'findings.json'), 'utf8'));
    expect(doc2.findings.find((f: { rule: string }) => f.rule === 'sole-owner-risk')).toMatchObject({ status: 'open', exception_expired: true });
  });
});

describe('review-cycle inputs are validated before anything is written', () => {
  it.each([
    ['a malformed exceptions file', ['--exceptions'], '- rule: inactive-seat\n  subject: [x\n', /exceptions\.yaml:\d+:\d+: .*not valid YAML/],
    ['an exception without an expiry', ['--exceptions'], '- rule: inactive-seat\n  subject: u1\n  reason: r\n  approved_by: a\n', /exceptions\.yaml:1:\d+: .*expires/],
    ['a previous run that is not a findings.json', ['--previous'], '{"hello": 1}\n', /previous\.json/],
  ])('%s', (_name, flag, content, expected) => {
    const dir = tempDir();
    const file = path.join(dir, flag[0] === '--previous' ? 'previous.json' : 'exceptions.yaml');
    writeFileSync(file, content);
    const out = path.join(dir, 'out');
    mkdirSync(out);
    writeFileSync(path.join(out, 'keep.txt'), 'last quarter');
    const r = cli(['run', '--input', bundle(), '--out', out, '--as-of', '2026-09-30', flag[0]!, file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(expected);
    expect(readdirSync(out)).toEqual(['keep.txt']);
  });
});
