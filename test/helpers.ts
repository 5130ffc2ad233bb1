// Test helpers: tiny bundles written to temporary folders, the audit run in-process or
// through the real CLI (for exit status and messages).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Finding, FindingsDocument } from '../src/model.js';
import { runAudit, type RunOptions } from '../src/run.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function tempDir(prefix = 'aa-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Write files (name → content; Buffers verbatim) into a fresh folder. */
export function makeBundle(files: Record<string, string | Buffer>): string {
  const dir = tempDir('aa-bundle-');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** A CSV text from a header line and rows (rows are written as given: quote them yourself). */
export const csv = (header: string, ...rows: string[]): string => [header, ...rows].join('\n') + '\n';

export async function audit(files: Record<string, string | Buffer>, opts: Partial<RunOptions> = {}): Promise<FindingsDocument> {
  const input = makeBundle(files);
  const out = tempDir('aa-out-');
  await runAudit({ input, out, asOf: '2026-09-30', quiet: true, ...opts });
  return JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8')) as FindingsDocument;
}

export const ofRule = (doc: FindingsDocument, rule: string): Finding[] => doc.findings.filter((f) => f.rule === rule);
export const subjects = (doc: FindingsDocument, rule: string): string[] => ofRule(doc, rule).map((f) => f.subject.id);

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Set when the run was killed (by `timeoutMs`). */
  signal?: NodeJS.Signals | null;
}

/** Run the built CLI (npm test builds first). */
/** The CLI; with `timeoutMs` a hang is killed and shows as `signal`, not a stuck test run. */
export function cli(args: string[], opts: { cwd?: string; timeoutMs?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/access-audit.js'), ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    ...(opts.timeoutMs ? { timeout: opts.timeoutMs } : {}),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

export const USERS_HEADER = 'user_id,username,email,full_name,status,license,account_type,created_at,deactivated_at,idp_id,last_activity_at';

/**
 * Run the CLI on a bundle and expect a refusal: exit 2, one line matching `expected`, no
 * stack trace, and an --out that already held last quarter's report left exactly as it was
 * (no staging folder left behind either).
 */
export function expectRefused(files: Record<string, string | Buffer>, expected: RegExp, extraArgs: string[] = []): void {
  expectRefusedInput(makeBundle(files), expected, extraArgs);
}

/** expectRefused on a bundle folder made by the caller (a FIFO, a link, …); `timeoutMs` turns a hang into a failure. */
export function expectRefusedInput(input: string, expected: RegExp, extraArgs: string[] = [], opts: { timeoutMs?: number } = {}): void {
  const out = path.join(tempDir(), 'out');
  mkdirSync(out);
  writeFileSync(path.join(out, 'findings.json'), 'previous');
  // --replace: the refusal must leave the previous audit as it was even when overwriting it is allowed.
  const r = cli(['run', '--input', input, '--out', out, '--replace', '--as-of', '2026-09-30', ...extraArgs], opts);
  expect(r.signal ?? null).toBeNull(); // not killed by the time limit
  expect(r.stderr).toMatch(expected);
  expect(r.status).toBe(2);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(readdirSync(out)).toEqual(['findings.json']);
  expect(readFileSync(path.join(out, 'findings.json'), 'utf8')).toBe('previous');
  expect(readdirSync(path.dirname(out)).filter((f) => f.includes('partial'))).toEqual([]);
  expect(readdirSync(path.dirname(out))).toEqual(['out']);
}

/**
 * A run's stderr without its console report (which goes to stderr when stdout is not a
 * terminal, as under spawnSync): '' when the run printed nothing else.
 */
export function withoutReport(stderr: string): string {
  return stderr.replace(/^access-audit \S+: audited [\s\S]*?\nmanifest\.json SHA-256 [0-9a-f]{64}\n/, '');
}
