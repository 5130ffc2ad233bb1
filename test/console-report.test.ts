// What a run prints, through the real CLI: the report piped (stderr, plain) and in a
// terminal (a pseudo-terminal from util-linux `script`: stdout, coloured unless NO_COLOR),
// the --fail-on reason, --json for schedulers, --quiet, export text escaped for the
// terminal, and the stale-data warning when --as-of is left out.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FindingsDocument } from '../src/model.js';
import { ROOT, USERS_HEADER, csv, makeBundle, tempDir } from './helpers.js';

const BIN = path.join(ROOT, 'bin/access-audit.js');
const user = (id: string, name: string, status: string, license: string) =>
  `${id},${name},${id}@example.com,${id},${status},${license},human,2024-01-01,,,`;

/** A small deployment with a finding of every kind the report names. */
function bundle(carolName = 'carol'): string {
  return makeBundle({
    'users.csv': csv(
      USERS_HEADER,
      user('alice', 'alice', 'active', 'Data Science Professional'),
      user('bob', 'bob', 'active', 'Data Analyst'), // idle seat
      user('carol', `"${carolName.replace(/"/g, '""')}"`, 'active', 'Data Analyst'), // GPU work on an Analyst license
      user('dave', 'dave', 'deactivated', ''), // owns p-old alone
      user('pm', 'pm', 'active', 'Data Analyst'),
    ),
    'roles.csv': csv('user_id,role', 'alice,SysAdmin', 'pm,ProjectManager'),
    'logins.csv': csv('user_id,timestamp', 'alice,2026-09-20T00:00:00Z', 'bob,2026-01-01T00:00:00Z', 'pm,2026-09-20T00:00:00Z'),
    'activity.csv': csv(
      'user_id,timestamp,activity',
      'carol,2026-09-10T00:00:00Z,gpu_workload',
      'alice,2026-09-11T00:00:00Z,model_api_publish',
      'pm,2026-09-12T00:00:00Z,job',
      'ghost,2026-09-12T00:00:00Z,job', // a user nobody defines: a warning
    ),
    'organizations.csv': csv('organization_id,name', 'o1,Research'),
    'organization_members.csv': csv('organization_id,user_id,role', 'o1,pm,Member', 'o1,alice,Admin'),
    'projects.csv': csv('project_id,name,owner_id', 'p-a,Alpha,alice', 'p-old,Legacy,dave'),
    'project_members.csv': csv('project_id,member_id,role', 'p-a,carol,Contributor'),
  });
}

function exceptionsFile(): string {
  const file = path.join(tempDir(), 'exceptions.yaml');
  writeFileSync(
    file,
    [
      '- { rule: overprivileged-project-manager, subject: pm, reason: Portfolio oversight, approved_by: CISO, expires: 2026-12-31 }',
      '- { rule: mislicensed-user, subject: carol, reason: GPU pilot, approved_by: Finance, expires: 2026-08-31 }',
      '- { rule: inactive-seat, subject: zoe, reason: Left, approved_by: HR, expires: 2026-12-31 }',
    ].join('\n') + '\n',
  );
  return file;
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  out: string;
}

function run(args: string[], env: Record<string, string | undefined> = { NO_COLOR: '1' }): Run {
  const out = path.join(tempDir(), 'out');
  const r = spawnSync(process.execPath, [BIN, 'run', '--out', out, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, out };
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const findings = (out: string): FindingsDocument => JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8'));

/** The report with what changes from run to run (time taken, --out) replaced. */
const normalise = (text: string, out: string) => text.replace(/ in \d+\.\d s$/m, ' in <t> s').replaceAll(out, '<out>');

/** The report the first test pins, for a run of bundle() with exceptions and --fail-on high. */
function expectedReport(input: string, doc: FindingsDocument, sha: string): string {
  return [
    `access-audit ${doc.tool.version}: audited ${input} (domino) in <t> s`,
    'As of      2026-09-30',
    'Window     activity 2026-07-02 to 2026-09-30 (90 days)',
    'Events     2026-01-01 to 2026-09-20 in the data',
    'Findings   4: 2 high · 2 medium (3 open, 1 excepted)',
    'Rules      inactive-seat                   1 finding',
    '           mislicensed-user                1 finding',
    '           overprivileged-project-manager  1 finding',
    '           sole-owner-risk                 1 finding',
    // Not evaluated: the reason as findings.json gives it, without its 'not evaluated:', wrapped under itself.
    '           late-deprovisioning             not evaluated: no HR roster or IdP',
    '                                           users file in the bundle',
    '           leaver-with-access              not evaluated: no HR roster or IdP',
    '                                           users file in the bundle',
    '           orphaned-account                not evaluated: no HR roster or IdP',
    '                                           users file in the bundle',
    'Warnings   1 about the data: dangling-reference',
    "           details: findings.json, the workbook's Summary sheet, the page",
    'Exceptions 1 applied · 1 expired · 1 stale',
    '           expired 2026-08-31: mislicensed-user carol (open again)',
    '           stale: inactive-seat zoe (matches no finding)',
    'Fail-on    exit 1: 2 open findings at high or above (2 high)',
    '             high  mislicensed-user  carol',
    '             high  sole-owner-risk   Legacy (p-old)',
    'Written    <out>',
    '           findings.json, access-review.xlsx, access-review.html, manifest.json',
    `manifest.json SHA-256 ${sha}`,
    '',
  ].join('\n');
}

describe('the console report of a run', () => {
  it('piped: the whole report on stderr, plain text, ending with the SHA-256 of manifest.json; stdout stays empty', () => {
    const input = bundle();
    const r = run(['--input', input, '--as-of', '2026-09-30', '--exceptions', exceptionsFile(), '--fail-on', 'high']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const doc = findings(r.out);
    expect(normalise(r.stderr, r.out)).toBe(expectedReport(input, doc, sha256(path.join(r.out, 'manifest.json'))));
    expect(r.stderr).not.toMatch(/\u001b/);
  });

  it('in a terminal: the same report on stdout, coloured, and plain with NO_COLOR', () => {
    const input = bundle();
    const exceptions = exceptionsFile();
    const inTerminal = (env: string) => {
      const out = path.join(tempDir(), 'out');
      const cmd = [process.execPath, BIN, 'run', '--input', input, '--out', out, '--as-of', '2026-09-30', '--exceptions', exceptions, '--fail-on', 'high']
        .map((a) => `'${a}'`)
        .join(' ');
      // `script` runs the command on a pseudo-terminal (stdin, stdout and stderr all a TTY);
      // 2>/dev/null inside it would hide the report if it went to stderr. CI=1 keeps the
      // progress spinner out of the transcript. Exit status: script -e passes the command's.
      const r = spawnSync('script', ['-qfec', `env ${env} CI=1 ${cmd} 2>/dev/null`, '/dev/null'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: undefined } });
      return { status: r.status, text: r.stdout.replace(/\r\n/g, '\n'), out };
    };
    const plainRun = run(['--input', input, '--as-of', '2026-09-30', '--exceptions', exceptions, '--fail-on', 'high']);
    const plain = normalise(plainRun.stderr, plainRun.out).replace(/^manifest.json SHA-256 .*$/m, 'manifest.json SHA-256 <sha>');

    const coloured = inTerminal('TERM=xterm-256color');
    expect(coloured.status).toBe(1);
    expect(coloured.text).toMatch(/\u001b\[31m\u001b\[1mexit 1: 2 open findings at high or above\u001b\[22m\u001b\[39m/);
    const stripped = coloured.text.replace(/\u001b\[[0-9;]*m/g, '');
    const sha = sha256(path.join(coloured.out, 'manifest.json'));
    expect(stripped.trimEnd().split('\n').at(-1)).toBe(`manifest.json SHA-256 ${sha}`);
    expect(normalise(stripped, coloured.out).replace(sha, '<sha>')).toBe(plain);

    const noColour = inTerminal('NO_COLOR=1');
    expect(noColour.status).toBe(1);
    expect(noColour.text).not.toMatch(/\u001b/);
    expect(normalise(noColour.text, noColour.out).replace(sha256(path.join(noColour.out, 'manifest.json')), '<sha>')).toBe(plain);
  });

  it('--fail-on that passes says so, and exits 0', () => {
    const r = run(['--input', bundle(), '--as-of', '2026-09-30', '--fail-on', 'critical']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^Fail-on {4}passed: no open finding at critical$/m);
  });

  it('--json: one line on stdout for schedulers, nothing on stderr', () => {
    const r = run(['--input', bundle(), '--as-of', '2026-09-30', '--exceptions', exceptionsFile(), '--fail-on', 'high', '--json']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({
      platform: 'domino',
      as_of: '2026-09-30',
      as_of_source: 'given',
      window: { from: '2026-07-02T00:00:00.000Z', to: '2026-09-30T23:59:59.999Z', inactive_days: 90 },
      findings: { total: 4, open: 3, excepted: 1, by_severity: { critical: 0, high: 2, medium: 2, low: 0, info: 0 } },
      warnings: { count: 1, kinds: { 'dangling-reference': 1 }, stale_data: null },
      exceptions: { excepted: 1, expired: { count: 1 }, stale: { count: 1, examples: [{ rule: 'inactive-seat', subject: 'zoe' }] } },
      fail_on: { severity: 'high', failed: true, count: 2, by_severity: { high: 2 } },
      out: r.out,
      outputs: ['findings.json', 'access-review.xlsx', 'access-review.html', 'manifest.json'],
      manifest_sha256: sha256(path.join(r.out, 'manifest.json')),
      exit_code: 1,
    });
    expect(j.fail_on.examples.map((e: { subject: string }) => e.subject)).toEqual(['carol', 'p-old']);
    // The four core rules ran; the roster's rules were not evaluated (no roster in this bundle).
    expect(j.rules.filter((x: { evaluated: boolean }) => x.evaluated).map((x: { id: string }) => x.id)).toEqual(['inactive-seat', 'mislicensed-user', 'overprivileged-project-manager', 'sole-owner-risk']);
    expect(j.rules.filter((x: { evaluated: boolean }) => !x.evaluated).every((x: { reason: string }) => /no HR roster or IdP users file/.test(x.reason))).toBe(true);
  });

  it('--json on a refused bundle: the one error line on stderr and a JSON line with it on stdout, nothing written', () => {
    const input = makeBundle({ 'users.csv': csv(USERS_HEADER, user('alice', 'alice', 'active', 'Data Analyst'), user('alice', 'alice2', 'active', 'Data Analyst')) });
    const r = run(['--input', input, '--as-of', '2026-09-30', '--json']);
    expect(r.status).toBe(2);
    const err = r.stderr.trim().split('\n');
    expect(err).toHaveLength(1);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    const j = JSON.parse(r.stdout);
    expect(j).toEqual({ tool_version: expect.any(String), exit_code: 2, error: err[0]!.replace(/^access-audit: error: /, '') });
    expect(j.error).toMatch(/users\.csv:3/);
    expect(existsSync(r.out)).toBe(false);
  });

  it('--quiet prints nothing at all, and refuses --json beside it', () => {
    const r = run(['--input', bundle(), '--as-of', '2026-09-30', '--fail-on', 'high', '--quiet']);
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toBe('');
    const both = run(['--input', bundle(), '--as-of', '2026-09-30', '--quiet', '--json']);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/--quiet.*cannot be used with.*--json/);
  });

  it('names each rule that was not evaluated, and why, wrapped under its reason', () => {
    // Dagster+ users alone: the team, service-user and audit-log rules cannot be evaluated.
    const input = makeBundle({ 'users.json': readFileSync(path.join(ROOT, 'sample-data/dagster/users.json')) });
    const r = run(['--input', input, '--as-of', '2026-09-30', '--platform', 'dagster']);
    expect(r.status).toBe(0);
    const skipped = findings(r.out).rules.filter((x) => !x.evaluated);
    expect(skipped.map((x) => x.id)).toEqual(expect.arrayContaining(['hidden-team-escalation', 'inactive-seat', 'privileged-service-user']));
    const lines = r.stderr.split('\n');
    expect(lines.every((l) => l.length <= 80 || /^manifest\.json SHA-256 /.test(l))).toBe(true);
    const unwrapped = r.stderr.replace(/\n {20,}/g, ' ');
    for (const x of skipped) {
      expect(x.reason).toMatch(/^not evaluated: /);
      expect(unwrapped).toMatch(new RegExp(`^(?:Rules)? +${x.id} +${x.reason!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    }
    expect(r.stderr).not.toMatch(/not evaluated: not evaluated/);
  });

  it('shows control and bidi characters from the export as escapes, never raw', () => {
    const hostile = 'carol\u001b[2J\u0007\u202etxt.exe';
    const r = run(['--input', bundle(hostile), '--as-of', '2026-09-30', '--fail-on', 'high']);
    expect(r.status).toBe(1); // carol's under-licensed GPU work is high
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/);
    expect(r.stderr).toContain('carol\\x1b[2J\\x07\\u202etxt.exe (carol)');
    const j = run(['--input', bundle(hostile), '--as-of', '2026-09-30', '--fail-on', 'high', '--json']);
    expect(j.stdout.trimEnd()).not.toMatch(/[\u0000-\u001f\u007f\u202e]/);
    const carol = JSON.parse(j.stdout).fail_on.examples.find((e: { subject: string }) => e.subject === 'carol');
    expect(carol.name).toBe(hostile); // escaped, not altered
  });
});

describe('--as-of left out', () => {
  const today = new Date().toISOString().slice(0, 10);
  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
  const withLogin = (date: string) =>
    makeBundle({
      'users.csv': csv(USERS_HEADER, user('alice', 'alice', 'active', 'Data Analyst')),
      'logins.csv': csv('user_id,timestamp', `alice,${date}T12:00:00Z`),
    });

  it('warns in the outputs and on the console when the newest event is more than a week old, with the --as-of to pass', () => {
    const old = daysAgo(30);
    const r = run(['--input', withLogin(old)]);
    expect(r.status).toBe(0);
    const doc = findings(r.out);
    expect(doc.as_of).toBe(today);
    const w = doc.warnings.filter((x) => x.kind === 'stale-data');
    expect(w).toEqual([
      {
        kind: 'stale-data',
        file: '(bundle)',
        count: 30,
        message: expect.stringContaining(`pass --as-of with the date the export was taken (e.g. --as-of ${old})`),
        examples: [`${old}T12:00:00.000Z`],
      },
    ]);
    expect(r.stderr).toMatch(new RegExp(`As of {6}${today} \\(today: --as-of was not given\\)`));
    expect(r.stderr.replace(/\n {11}/g, ' ')).toContain(`! the newest event is ${old}, 30 days before the as-of date`);
    expect(r.stderr.replace(/\n {11}/g, ' ')).toContain(`Pass --as-of ${old}`);
    expect(readFileSync(path.join(r.out, 'access-review.html'), 'utf8')).toContain('stale-data');
  });

  it('says nothing when the data is recent, or when --as-of is given', () => {
    const recent = run(['--input', withLogin(daysAgo(7))]);
    expect(findings(recent.out).warnings.map((w) => w.kind)).not.toContain('stale-data');
    expect(recent.stderr).not.toMatch(/newest event/);
    const given = run(['--input', withLogin('2026-01-15'), '--as-of', today]);
    expect(findings(given.out).warnings.map((w) => w.kind)).not.toContain('stale-data');
    expect(given.stderr).not.toMatch(/newest event/);
  });
});
