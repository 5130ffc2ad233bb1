// Every bad input of the spec's "Bad input" section: exit 2, one message naming file, line
// and column, no stack trace, and --out exactly as it was.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { USERS_HEADER, cli, csv, makeBundle, tempDir, expectRefused, withoutReport } from './helpers.js';

const okUsers = csv(USERS_HEADER, 'u1,ana,,,active,Data Analyst,human,2024-01-01,,,', 'u2,ben,,,active,,human,2024-01-01,,,');

const refuse = expectRefused;

describe('bad input is refused with exit 2 and file:line:column', () => {
  it('a bundle without a users file', () => refuse({ 'roles.csv': csv('user_id,role') }, /no users file/));

  it('a missing required column', () =>
    refuse({ 'users.csv': csv('user_id,username', 'u1,ana') }, /users\.csv:1: required column "status" is missing/));

  it('a file that is not UTF-8', () =>
    refuse(
      { 'users.csv': okUsers, 'roles.csv': Buffer.concat([Buffer.from('user_id,role\nu1,Pract'), Buffer.from([0xe9]), Buffer.from('\n')]) },
      /roles\.csv:2:9: the file is not valid UTF-8/,
    ));

  it('an unterminated quote', () =>
    refuse({ 'users.csv': okUsers, 'roles.csv': 'user_id,role\nu1,Practitioner\nu2,"SysAdmin\nu1,Librarian\n' }, /roles\.csv:3:1: a quoted field starts here and is never closed/));

  it('a row of the wrong shape', () =>
    refuse({ 'users.csv': okUsers, 'roles.csv': 'user_id,role\nu1,Practitioner\nu2,SysAdmin,extra\n' }, /roles\.csv:3:3: this row has 3 fields but the header has 2/));

  it('an unparseable timestamp, on the physical line even after a multi-line field', () =>
    refuse(
      {
        'users.csv': csv(USERS_HEADER, 'u1,ana,,"Ana\nDiaz",active,,human,2024-01-01,,,', 'u2,ben,,,active,,human,2024-13-45,,,'),
      },
      /users\.csv:4:8: cannot read "2024-13-45" in column "created_at" as an ISO-8601 timestamp/,
    ));

  it('a word DuckDB would take for a timestamp ("infinity"), in an event log', () =>
    refuse({ 'users.csv': okUsers, 'logins.csv': csv('user_id,timestamp,outcome', 'u1,2026-09-01,success', 'u1,infinity,success') }, /logins\.csv:3:2: cannot read "infinity" in column "timestamp" as an ISO-8601 timestamp/));

  it('an unparseable boolean', () =>
    refuse({ 'users.csv': okUsers, 'projects.csv': csv('project_id,name,owner_id,archived', 'p1,One,u1,maybe') }, /projects\.csv:2:4: cannot read "maybe".*boolean/));

  it('an unknown status', () =>
    refuse({ 'users.csv': csv(USERS_HEADER, 'u1,ana,,,enabled,,human,,,,') }, /users\.csv:2:5: cannot read "enabled" in column "status" as one of active, deactivated/));

  it('an unknown login outcome', () =>
    refuse({ 'users.csv': okUsers, 'logins.csv': csv('user_id,timestamp,outcome', 'u1,2026-09-01,ok') }, /logins\.csv:2:3: .*"ok".*success, failure/));

  it('an unknown account type', () =>
    refuse({ 'users.csv': csv(USERS_HEADER, 'u1,ana,,,active,,robot,,,,') }, /users\.csv:2:7: .*"robot".*human, service/));

  it('an unknown project member role', () =>
    refuse({ 'users.csv': okUsers, 'project_members.csv': csv('project_id,member_id,role', 'p1,u1,Owner', 'p1,u2,Boss') }, /project_members\.csv:3:3: .*"Boss"/));

  it('an unknown organization role', () =>
    refuse({ 'users.csv': okUsers, 'organization_members.csv': csv('organization_id,user_id,role', 'o1,u1,Owner') }, /organization_members\.csv:2:3: .*"Owner".*Admin, Member/));

  it('an empty required value', () =>
    refuse({ 'users.csv': okUsers, 'activity.csv': csv('user_id,timestamp,activity', 'u1,2026-09-01,') }, /activity\.csv:2:3: required value "activity" is empty/));

  it('the same user twice', () =>
    refuse({ 'users.csv': csv(USERS_HEADER, 'u1,ana,,,active,,,,,,', 'u2,ben,,,active,,,,,,', 'u1,ana2,,,active,,,,,,') }, /users\.csv:4:1: duplicate user_id "u1"/));

  it('the same project twice', () =>
    refuse({ 'users.csv': okUsers, 'projects.csv': csv('owner_id,project_id,name', 'u1,p1,One', 'u1,p1,Again') }, /projects\.csv:3:2: duplicate project_id "p1"/));

  it('the same member twice in one project', () =>
    refuse({ 'users.csv': okUsers, 'project_members.csv': csv('project_id,member_id,role', 'p1,u1,Owner', 'p1,u1,Contributor') }, /project_members\.csv:3:2: duplicate member of this project "p1 \/ u1"/));

  it('the same member twice in one organization', () =>
    refuse({ 'users.csv': okUsers, 'organization_members.csv': csv('organization_id,user_id,role', 'o1,u1,Admin', 'o1,u1,Member') }, /organization_members\.csv:3:2: duplicate member of this organization/));

  it('malformed JSON', () => refuse({ 'users-with-usage.json': '{"users": [\n  {"user": }\n]}' }, /users-with-usage\.json:2:12: malformed JSON/));

  it('wrongly shaped JSON', () =>
    refuse({ 'users-with-usage.json': '{"users": [\n  {"user": {"id": "u1", "username": "a", "roles": [], "isActive": "yes"}}\n]}' }, /users-with-usage\.json:2:\d+: not a users-with-usage response: at users\[0\]\.user\.isActive/));

  it('an unparseable native timestamp', () =>
    refuse(
      { 'users.csv': okUsers, 'runs.json': '{"runs": [\n {"userId": "u1", "runType": "Batch",\n  "startTime": "yesterday"}], "nextBatchId": null}' },
      /runs\.json:3:16: neither startTime nor queuedTime/,
    ));

  it('the same entity in both shapes', () =>
    refuse({ 'users.csv': okUsers, 'users-with-usage.json': '{"users": []}' }, /users are given twice/));

  it('a config with a wrong value, at its line and column', () => {
    const input = makeBundle({ 'users.csv': okUsers, 'cfg.yaml': 'inactive_days: 90\ngrace_days: -3\n' });
    const r = cli(['run', '--input', input, '--out', path.join(tempDir(), 'o'), '--config', path.join(input, 'cfg.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cfg\.yaml:2:13: config grace_days: /);
  });
});

describe('usage errors exit 2', () => {
  it('refuses unknown flags instead of ignoring them', () => {
    const r = cli(['run', '--input', '.', '--out', 'x', '--as-off', '2026-01-01']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--as-off'/);
  });
  it('refuses an impossible as-of date', () => {
    const input = makeBundle({ 'users.csv': okUsers });
    const r = cli(['run', '--input', input, '--out', path.join(tempDir(), 'o'), '--as-of', '2026-02-30']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--as-of must be a date/);
  });
  it('answers --help with exit 0 on every command', () => {
    expect(cli(['--help']).status).toBe(0);
    const r = cli(['run', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/--as-of <date>/);
  });
  it('a run that succeeds writes nothing but its outputs', () => {
    const input = makeBundle({ 'users.csv': okUsers });
    const out = path.join(tempDir(), 'fresh', 'out');
    const r = cli(['run', '--input', input, '--out', out, '--as-of', '2026-09-30']);
    expect(withoutReport(r.stderr)).toBe('');
    expect(r.status).toBe(0);
    expect(existsSync(path.join(out, 'findings.json'))).toBe(true);
    expect(readdirSync(path.dirname(out))).toEqual(['out']);
  });
});
