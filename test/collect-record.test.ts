// collection.json as `run` reads it back: carried into the manifest (tested end to end in
// collect-*.test.ts), per file for the population section, and refused when malformed.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectionByFile, readCollection } from '../src/collect/record.js';
import { ROOT, expectRefused, makeBundle } from './helpers.js';

const SAMPLE = path.join(ROOT, 'sample-data/dagster');
const sampleFiles = (): Record<string, string> =>
  Object.fromEntries(readdirSync(SAMPLE).filter((f) => f.endsWith('.json')).map((f) => [f, readFileSync(path.join(SAMPLE, f), 'utf8')]));

const record = {
  schema_version: 1,
  tool: { name: 'access-audit', version: '0.1.0' },
  platform: 'dagster',
  source: { url: 'https://acme.dagster.cloud', keycloak_url: null, realm: null },
  started_at: '2026-10-01T08:00:00.000Z',
  finished_at: '2026-10-01T08:01:00.000Z',
  since: '2025-08-26',
  as_of: '2026-09-30',
  files: [
    { file: 'users.json', endpoint: '/graphql (query AccessAuditUsers)', requests: 1, pages: 1, records: 12, reported_total: null, sha256: 'a'.repeat(64), bytes: 100 },
    { file: 'projects.json', endpoint: '/v4/projects/billingtags/projects?offset=0&pageSize=1000', requests: 3, pages: 2, records: 1500, reported_total: 1500, sha256: 'b'.repeat(64), bytes: 200 },
  ],
  left_out: [{ file: 'teams.json', endpoint: '/graphql (query AccessAuditTeams)', reason: 'not on the plan' }],
};

describe('collection.json read back by run', () => {
  it('gives the population section each file\'s endpoint, records and reported total', async () => {
    const dir = makeBundle({ 'collection.json': JSON.stringify(record) });
    const byFile = await collectionByFile(dir);
    expect(byFile?.get('projects.json')).toEqual({ file: 'projects.json', endpoint: '/v4/projects/billingtags/projects?offset=0&pageSize=1000', records: 1500, reported_total: 1500 });
    expect(byFile?.get('users.json')?.reported_total).toBeNull();
    const c = await readCollection(dir);
    expect(c?.left_out).toEqual(record.left_out);
    expect(c?.collection_file.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await collectionByFile(makeBundle({ 'users.csv': 'x' }))).toBeNull();
  });

  it('a malformed collection.json stops the run, naming the file, line and column', () => {
    const broken = JSON.stringify({ ...record, schema_version: 2 }, null, 2);
    expectRefused({ ...sampleFiles(), 'collection.json': broken }, /collection\.json:2:\d+: .*schema_version 1/, ['--platform', 'dagster']);
    expectRefused({ ...sampleFiles(), 'collection.json': '{"schema_version": 1,' }, /collection\.json:1:\d+/, ['--platform', 'dagster']);
  });
});
