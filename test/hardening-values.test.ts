// Issue 11: inputs a careful reader refuses or flags instead of misreading — a CSV record
// longer than the reader's line limit, a time-zone offset beyond ±18:00, a key given twice
// in one JSON object, an epoch value in the wrong unit, mixed line endings. Each refusal
// through the CLI: exit 2, one line naming file and line/column, --out untouched.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { USERS_HEADER, cli, csv, expectRefused, makeBundle, tempDir } from './helpers.js';

const okUsers = csv(USERS_HEADER, 'u1,ana,,,active,Data Analyst,human,2024-01-01,,,', 'u2,ben,,,active,,human,2024-01-01,,,');

describe('a CSV record longer than DuckDB\'s default line limit', () => {
  // DuckDB's default max_line_size is 2 MiB with a ~32 MB read buffer: a longer record at the
  // end of a file was dropped without an error (the SysAdmin at the end of users.csv vanished).
  it('a 33 MB record at the end of users.csv is read, not dropped', () => {
    const big = 'x'.repeat(33 * 1024 * 1024);
    const users = Buffer.concat([
      Buffer.from(`${USERS_HEADER},notes\nu1,ana,,,active,Data Analyst,human,2024-01-01,,,2026-09-01,\n`),
      Buffer.from(`u9,root,,,active,Data Analyst,human,2024-01-01,,,2025-01-01,"${big}"\n`),
    ]);
    const input = makeBundle({ 'users.csv': users, 'roles.csv': csv('user_id,role', 'u9,SysAdmin') });
    const out = path.join(tempDir(), 'out');
    const r = cli(['run', '--input', input, '--out', out, '--as-of', '2026-09-30', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { inputs: Array<{ file: string; rows: number }> };
    expect(manifest.inputs.find((i) => i.file === 'users.csv')!.rows).toBe(2);
    const findings = JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8')) as { findings: Array<{ id: string; severity: string }> };
    expect(findings.findings.find((f) => f.id === 'inactive-seat:u9')).toMatchObject({ severity: 'high' }); // a privileged, inactive seat
  });

  it('a record over the 64 MiB the reader takes is refused at its line, never dropped', () => {
    const big = Buffer.alloc(65 * 1024 * 1024, 'x');
    const users = Buffer.concat([Buffer.from(`${USERS_HEADER},notes\nu1,ana,,,active,,human,2024-01-01,,,,\nu2,ben,,,active,,human,2024-01-01,,,,\n`), Buffer.from('u9,root,,,active,,human,2024-01-01,,,,'), big, Buffer.from('\n')]);
    expectRefused({ 'users.csv': users }, /users\.csv:4:1: this record is 68,157,478 bytes long, more than the 64 MiB the reader takes for one record: refused/);
  });
});

describe('a time-zone offset beyond ±18:00 (DuckDB would shift the instant by it)', () => {
  it('+25:00 in a CSV timestamp, named at file:line:col', () =>
    expectRefused(
      { 'users.csv': okUsers, 'logins.csv': csv('user_id,timestamp,outcome', 'u1,2026-09-01T10:00:00+02:00,success', 'u2,2026-09-01T10:00:00+25:00,success') },
      /logins\.csv:3:2: cannot read "2026-09-01T10:00:00\+25:00" in column "timestamp" as an ISO-8601 timestamp: the time-zone offset \+25:00 is beyond ±18:00/,
    ));

  it('-18:30 in users.csv created_at', () =>
    expectRefused({ 'users.csv': csv(USERS_HEADER, 'u1,ana,,,active,,human,2024-01-01T00:00:00-18:30,,,') }, /users\.csv:2:8: .*the time-zone offset -18:30 is beyond ±18:00/));

  it('minutes past 59 (+05:75)', () =>
    expectRefused({ 'users.csv': okUsers, 'activity.csv': csv('user_id,timestamp,activity', 'u1,2026-09-01T10:00:00+05:75,run_job') }, /activity\.csv:2:2: .*the time-zone offset \+05:75 has more than 59 minutes/));

  it('in a native dump (projects.json created), at the record', () =>
    expectRefused(
      { 'users.csv': okUsers, 'projects.json': JSON.stringify([{ id: 'p1', name: 'One', ownerId: 'u1', collaborators: [], created: '2026-01-01T00:00:00+19:00' }], null, 1) },
      /projects\.json:\d+:\d+: created is not an ISO-8601 timestamp/,
    ));

  it('the edges ±18:00 and +05:45 are read', () => {
    const input = makeBundle({ 'users.csv': okUsers, 'logins.csv': csv('user_id,timestamp,outcome', 'u1,2026-09-01T10:00:00+18:00,success', 'u2,2026-09-01T10:00:00-18:00,success', 'u2,2026-09-01T10:00:00+05:45,success') });
    const r = cli(['run', '--input', input, '--out', path.join(tempDir(), 'out'), '--as-of', '2026-09-30', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('a key given twice in one JSON object (JSON.parse keeps only the last)', () => {
  it('users-with-usage.json with isActive twice: refused naming the key, at the second one', () =>
    expectRefused(
      { 'users-with-usage.json': '{"users": [\n  {"user": {"id": "u1", "username": "ana", "roles": ["SysAdmin"], "isActive": false,\n            "isActive": true}}\n]}' },
      /users-with-usage\.json:3:13: the key "isActive" appears twice in one object/,
    ));

  it('a Dagster+ users.json with organizationPermissionGrant twice', () =>
    expectRefused(
      {
        'users.json':
          '{"data": {"usersOrError": {"users": [{"user": {"userId": 1, "email": "a@ex.com"},\n "organizationPermissionGrant": {"grant": "ADMIN"},\n "organizationPermissionGrant": {"grant": "VIEWER"}}]}}}',
      },
      /users\.json:3:2: the key "organizationPermissionGrant" appears twice in one object/,
    ));

  it('the same key in two different objects, or inside a string, is fine', () => {
    const input = makeBundle({
      'users.csv': okUsers,
      'projects.json': JSON.stringify([
        { id: 'p1', name: '"id": "x"', ownerId: 'u1', collaborators: [{ collaboratorId: 'u2', projectRole: 'Contributor' }] },
        { id: 'p2', name: 'Two', ownerId: 'u2', collaborators: [] },
      ]),
    });
    const r = cli(['run', '--input', input, '--out', path.join(tempDir(), 'out'), '--as-of', '2026-09-30', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('an epoch value in the wrong unit, told by its magnitude', () => {
  const uwu = (created: unknown, recent: unknown) =>
    JSON.stringify({ users: [{ user: { id: 'u1', username: 'ana', roles: [], isActive: true, licenseName: 'Lite', createdAtTimestampMs: created }, usage: { mostRecentActivity: recent } }] }, null, 1);

  it('createdAtTimestampMs in seconds (it would fall in January 1970)', () =>
    expectRefused({ 'users-with-usage.json': uwu(1704067200, null) }, /users-with-usage\.json:\d+:\d+: createdAtTimestampMs is not epoch milliseconds: it is in epoch seconds \(read as milliseconds it would fall in 1970\)/));

  it('mostRecentActivity in seconds (as a string of digits)', () =>
    expectRefused({ 'users-with-usage.json': uwu(1704067200000, '1756684800') }, /users-with-usage\.json:\d+:\d+: mostRecentActivity is neither ISO-8601 nor epoch milliseconds: it is in epoch seconds/));

  it('Keycloak event time in seconds', () =>
    expectRefused(
      { 'users.csv': okUsers, 'keycloak-events.json': JSON.stringify([{ time: 1756684800000, type: 'LOGIN', details: { username: 'ana' } }, { time: 1756684800, type: 'LOGIN', details: { username: 'zed' } }], null, 1) },
      /keycloak-events\.json:\d+:\d+: time is not epoch milliseconds: it is in epoch seconds/,
    ));

  it('a Dagster+ audit log timestamp in milliseconds (past the year 3000 as seconds)', () =>
    expectRefused(
      { 'users.csv': csv('user_id,email', 'u1,a@ex.com'), 'audit-log.json': '{"data": {"auditLog": {"auditLogEntries": [\n {"id": "1", "eventType": "LOG_IN", "timestamp": 1790000000500}]}}}' },
      /audit-log\.json:2:50: timestamp is neither epoch seconds nor an ISO-8601 timestamp: it is in epoch milliseconds \(read as seconds it would be past the year 3000\)/,
    ));

  it('a Dagster+ audit log timestamp in microseconds', () =>
    expectRefused(
      { 'users.csv': csv('user_id,email', 'u1,a@ex.com'), 'audit-log.json': '{"data": {"auditLog": {"auditLogEntries": [\n {"id": "1", "eventType": "LOG_IN", "timestamp": "1790000000500000"}]}}}' },
      /audit-log\.json:2:50: .*it is in epoch microseconds or nanoseconds/,
    ));

  it('milliseconds where milliseconds are expected, and 0, are read', () => {
    const input = makeBundle({ 'users-with-usage.json': uwu(0, 1756684800000), 'keycloak-events.json': JSON.stringify([{ time: 1756684800000, type: 'LOGIN', details: { username: 'ana' } }]) });
    const r = cli(['run', '--input', input, '--out', path.join(tempDir(), 'out'), '--as-of', '2026-09-30', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('mixed line endings: said so, not "this row has 5 fields"', () => {
  // What the readers do (measured): DuckDB refuses any mix ("the CSV Parser state machine
  // reached an invalid state"); csv-parse takes the first line ending as the only one, so a
  // later LF or CR inside a "row" joins two rows (5 fields where the header has 3) or keeps a
  // CR in the last value. A file that is CR-only throughout is read by both.
  const rows = ['user_id,role', 'u1,Practitioner', 'u2,SysAdmin', 'u1,Librarian'];
  const join = (...seps: string[]) => rows.map((r, i) => r + (seps[i] ?? seps[seps.length - 1])).join('');

  it('CRLF, then a bare LF', () =>
    expectRefused({ 'users.csv': okUsers, 'roles.csv': join('\r\n', '\n', '\r\n') }, /roles\.csv:2:16: the file mixes line endings: line 1 ends with CRLF \(Windows\), this line with LF \(Unix\)/));

  it('LF, then a CRLF', () =>
    expectRefused({ 'users.csv': okUsers, 'roles.csv': join('\n', '\n', '\r\n', '\n') }, /roles\.csv:3:12: the file mixes line endings: line 1 ends with LF \(Unix\), this line with CRLF \(Windows\)/));

  it('LF, then a bare CR', () =>
    expectRefused({ 'users.csv': okUsers, 'roles.csv': join('\n', '\r', '\n') }, /roles\.csv:2:16: the file mixes line endings: line 1 ends with LF \(Unix\), this line with a bare CR/));

  it('a line break inside a quoted cell is part of the value (Excel: LF in cells, CRLF between rows)', () => {
    const input = makeBundle({ 'users.csv': csv(USERS_HEADER, 'u1,ana,,"Ana\nDiaz",active,,human,2024-01-01,,,').replace(/\n(?=u1|$)/g, '\r\n') });
    const r = cli(['run', '--input', input, '--out', path.join(tempDir(), 'out'), '--as-of', '2026-09-30', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('a file with bare CR throughout is read', () => {
    const input = makeBundle({ 'users.csv': okUsers, 'roles.csv': join('\r') });
    const r = cli(['run', '--input', input, '--out', path.join(tempDir(), 'out'), '--as-of', '2026-09-30', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
