// Issue 11: a FIFO, a device, a folder or a dangling link where a file is expected, and a
// UTF-16 file, are refused at once by name (exit 2, one line, nothing written) — never a
// hang, a run that eats memory, or Node's own crash with exit 1.
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { USERS_HEADER, cli, csv, expectRefused, expectRefusedInput, makeBundle, tempDir } from './helpers.js';

const okUsers = csv(USERS_HEADER, 'u1,ana,,,active,Data Analyst,human,2024-01-01,,,', 'u2,ben,,,active,,human,2024-01-01,,,');

/** The CLI with a time limit: a hang is a failure here, not a stuck test run. */
const run = (args: string[]) => cli(args, { timeoutMs: 30_000 });

function mkfifo(p: string): void {
  const r = spawnSync('mkfifo', [p]);
  if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr}`);
}

/** Refused: exit 2 within the time limit, one line matching `expected`, --out untouched. */
const expectRefusedRun = (input: string, expected: RegExp, extra: string[] = []): void => expectRefusedInput(input, expected, extra, { timeoutMs: 30_000 });

describe('a bundle file that is not a regular file is refused before it is read', () => {
  it('a FIFO named logins.csv (today: the run hangs)', () => {
    const input = makeBundle({ 'users.csv': okUsers });
    mkfifo(path.join(input, 'logins.csv'));
    expectRefusedRun(input, /logins\.csv: the input file is a FIFO \(named pipe\), not a file/);
  });

  it('a FIFO named users.csv (read while telling the platform, before the ingest)', () => {
    const input = makeBundle({});
    mkfifo(path.join(input, 'users.csv'));
    expectRefusedRun(input, /users\.csv: the input file is a FIFO \(named pipe\), not a file/);
  });

  it('a symbolic link to /dev/zero (today: memory runs out)', () => {
    const input = makeBundle({ 'users.csv': okUsers });
    symlinkSync('/dev/zero', path.join(input, 'activity.csv'));
    expectRefusedRun(input, /activity\.csv: the input file is a symbolic link to a character device \(\/dev\/zero\), not a file/);
  });

  it('a folder named users.csv (today: Node crashes with exit 1)', () => {
    const input = makeBundle({});
    mkdirSync(path.join(input, 'users.csv'));
    expectRefusedRun(input, /users\.csv: the input file is a folder, not a file/);
  });

  it('a folder named like a native dump (Dagster+ users.json)', () => {
    const input = makeBundle({});
    mkdirSync(path.join(input, 'users.json'));
    expectRefusedRun(input, /users\.json: the input file is a folder, not a file/);
  });

  it('a dangling symbolic link is refused, not silently treated as a missing file', () => {
    const input = makeBundle({ 'users.csv': okUsers });
    symlinkSync(path.join(input, 'nowhere.csv'), path.join(input, 'logins.csv'));
    expectRefusedRun(input, /logins\.csv: the input file is a symbolic link to something that does not exist/);
  });
});

describe('files named on the command line', () => {
  it('a file (or FIFO) as --input is "not a folder", not "does not exist"', () => {
    const fifo = path.join(tempDir(), 'bundle');
    mkfifo(fifo);
    const r = run(['run', '--input', fifo, '--out', path.join(tempDir(), 'out'), '--as-of', '2026-09-30']);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bundle: the input bundle is not a folder/);
  });

  it('a FIFO as --config', () => {
    const input = makeBundle({ 'users.csv': okUsers });
    const fifo = path.join(tempDir(), 'config.yaml');
    mkfifo(fifo);
    expectRefusedRun(input, /config\.yaml: the config file is a FIFO \(named pipe\), not a file/, ['--config', fifo]);
  });

  it('/dev/zero as --exceptions', () => {
    const input = makeBundle({ 'users.csv': okUsers });
    expectRefusedRun(input, /\/dev\/zero: the exceptions file is a character device, not a file/, ['--exceptions', '/dev/zero']);
  });

  it('a folder as --previous', () => {
    const input = makeBundle({ 'users.csv': okUsers });
    const dir = tempDir();
    expectRefusedRun(input, /--previous is a folder without a findings\.json/, ['--previous', dir]);
  });

  it('a FIFO as --previous', () => {
    const input = makeBundle({ 'users.csv': okUsers });
    const fifo = path.join(tempDir(), 'findings.json');
    mkfifo(fifo);
    expectRefusedRun(input, /findings\.json: the previous findings file is a FIFO \(named pipe\), not a file/, ['--previous', fifo]);
  });
});

describe('UTF-16 files: "UTF-16, save as UTF-8"', () => {
  const utf16le = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
  const utf16be = (s: string) => {
    const le = Buffer.from(s, 'utf16le');
    for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
    return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
  };

  it('a users.csv saved as Excel "Unicode text" (UTF-16 LE with BOM)', () =>
    expectRefused({ 'users.csv': utf16le(okUsers) }, /users\.csv:1:1: the file is UTF-16 \(little-endian\), not UTF-8: save it as UTF-8/));

  it('UTF-16 BE with BOM', () =>
    expectRefused({ 'users.csv': okUsers, 'logins.csv': utf16be(csv('user_id,timestamp,outcome', 'u1,2026-09-01,success')) }, /logins\.csv:1:1: the file is UTF-16 \(big-endian\)/));

  it('UTF-16 LE without a BOM (NUL bytes between the letters)', () =>
    expectRefused({ 'users.csv': okUsers, 'roles.csv': Buffer.from(csv('user_id,role', 'u1,SysAdmin'), 'utf16le') }, /roles\.csv:1:1: the file is UTF-16 \(little-endian\), not UTF-8/));

  it('a native JSON dump in UTF-16 (PowerShell > redirection)', () =>
    expectRefused({ 'users.csv': okUsers, 'keycloak-events.json': utf16le('[{"time": 1767225600000, "type": "LOGIN", "userId": "x"}]') }, /keycloak-events\.json:1:1: the file is UTF-16/));

  it('an Excel workbook saved under the name users.csv', () =>
    expectRefused({ 'users.csv': Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1'), Buffer.alloc(64)]) }, /users\.csv:1:1: the file is a ZIP archive \(an Excel workbook\?\), not text/));

  it('a UTF-8 file with a BOM and non-ASCII names is read as before', () => {
    const input = makeBundle({ 'users.csv': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv(USERS_HEADER, 'u1,zoë,,Zoë Ünal,active,,human,2024-01-01,,,'))]) });
    const out = path.join(tempDir(), 'out');
    const r = run(['run', '--input', input, '--out', out, '--as-of', '2026-09-30', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('the returned workbook of `decisions`', () => {
  it('a FIFO as --workbook is refused at once, not waited on', () => {
    const audited = path.join(tempDir(), 'audit');
    expect(run(['run', '--input', makeBundle({ 'users.csv': okUsers }), '--out', audited, '--as-of', '2026-09-30', '--quiet']).status).toBe(0);
    const fifo = path.join(tempDir(), 'access-review.xlsx');
    mkfifo(fifo);
    const r = run(['decisions', '--workbook', fifo, '--run', audited, '--out', path.join(tempDir(), 'd')]);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/access-review\.xlsx: the workbook is a FIFO \(named pipe\), not a file/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
