// Login and activity logs are summarised as DuckDB reads them (per file, user and outcome
// or kind), never held row by row. What a user sees must not change: warnings count
// events, not summary rows; examples are exact; a bad value deep in a long log is named at
// its physical line; the manifest counts the log's rows.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAudit } from '../src/run.js';
import { USERS_HEADER, audit, csv, expectRefused, makeBundle, subjects, tempDir } from './helpers.js';

const user = (id: string) => `${id},${id},${id}@example.com,${id},active,Data Analyst,human,2024-01-01,,,`;

describe('event logs, summarised as they are read', () => {
  it('count events, not users or kinds, in the future-events, dangling-reference and unknown-kind warnings, with exact examples', async () => {
    // Six future logins of one user, five of them at the same instant: the examples are the
    // first five *distinct* instants across users, outcomes and files.
    const future = ['2026-10-05T00:00:00Z', '2026-10-05T00:00:00Z', '2026-10-05T00:00:00Z', '2026-10-05T00:00:00Z', '2026-10-05T00:00:00Z', '2026-10-09T00:00:00Z'];
    const doc = await audit({
      'users.csv': csv(USERS_HEADER, user('u1'), user('u2')),
      'logins.csv': csv(
        'user_id,timestamp,outcome',
        ...future.map((t) => `u1,${t},success`),
        'u2,2026-10-07T00:00:00Z,failure',
        'u2,2026-10-06T00:00:00Z,success',
        'u2,2026-10-08T00:00:00Z,success',
        'ghost,2026-09-01T00:00:00Z,success',
        'ghost,2026-09-02T00:00:00Z,failure',
        'ghost,2026-09-03T00:00:00Z,success',
        'u1,2026-09-20T00:00:00Z,success',
      ),
      'activity.csv': csv(
        'user_id,timestamp,activity',
        'u2,2026-10-01T00:00:00Z,job',
        'u2,2026-09-01T00:00:00Z,notebook_magic',
        'u2,2026-09-02T00:00:00Z,notebook_magic',
        'u2,2026-09-03T00:00:00Z,Notebook_Magic',
        'u1,2026-09-03T00:00:00Z,other_magic',
      ),
    });
    const warning = (kind: string, file: string) => doc.warnings.find((w) => w.kind === kind && w.file === file);
    expect(warning('future-events', 'logins.csv')).toMatchObject({
      count: 9,
      examples: ['2026-10-05T00:00:00.000Z', '2026-10-06T00:00:00.000Z', '2026-10-07T00:00:00.000Z', '2026-10-08T00:00:00.000Z', '2026-10-09T00:00:00.000Z'],
    });
    expect(warning('future-events', 'activity.csv')).toMatchObject({ count: 1, examples: ['2026-10-01T00:00:00.000Z'] });
    expect(warning('dangling-reference', 'logins.csv')).toMatchObject({ count: 3, examples: ['events of unknown user ghost'] });
    expect(warning('unknown-activity-kind', 'activity.csv')).toMatchObject({ count: 4, examples: ['notebook_magic', 'other_magic'] });
    // u1 was seen on 09-20 (its future logins do not count), u2 only in activity on 09-03.
    expect(subjects(doc, 'inactive-seat')).toEqual([]);
  });

  it('name the physical line and column of a bad value deep in a long log, after multi-line fields', () => {
    const rows: string[] = [];
    for (let i = 0; i < 30_000; i++) rows.push(`u1,2026-09-01T00:00:${String(i % 60).padStart(2, '0')}Z,job,p1,"a\nsmall"`);
    rows.push('u1,2026-13-01T00:00:00Z,job,p1,x');
    expectRefused(
      {
        'users.csv': csv(USERS_HEADER, user('u1')),
        'activity.csv': csv('user_id,timestamp,activity,project_id,hardware_tier', ...rows),
      },
      /^access-audit: error: activity\.csv:60002:2: cannot read "2026-13-01T00:00:00Z" in column "timestamp" as an ISO-8601 timestamp/,
    );
  });

  it("state each log's row count in the manifest", async () => {
    const input = makeBundle({
      'users.csv': csv(USERS_HEADER, user('u1')),
      'logins.csv': csv('user_id,timestamp', 'u1,2026-09-01T00:00:00Z', 'u1,2026-09-01T00:00:00Z', 'u1,2026-09-02T00:00:00Z'),
      'activity.csv': csv('user_id,timestamp,activity', 'u1,2026-09-01T00:00:00Z,job', 'u1,2026-09-01T00:00:00Z,job'),
    });
    const out = tempDir();
    await runAudit({ input, out, asOf: '2026-09-30', quiet: true });
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    const rows = Object.fromEntries(manifest.inputs.map((i: { file: string; rows: number }) => [i.file, i.rows]));
    expect(rows).toMatchObject({ 'logins.csv': 3, 'activity.csv': 2 });
  });
});
