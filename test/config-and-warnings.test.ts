// The config file in use (renamed native dumps, thresholds, prices) and the data-quality
// warnings a reviewer sees in findings.json.
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, USERS_HEADER, audit, csv, ofRule, tempDir } from './helpers.js';
import { runAudit } from '../src/run.js';
import { readFileSync } from 'node:fs';

const NATIVE = path.resolve(ROOT, 'docs/spec/examples/domino-native');

describe('config', () => {
  it('finds native dumps saved under other names through the files mapping', async () => {
    const input = tempDir('aa-renamed-');
    cpSync(path.join(NATIVE, 'users-with-usage.json'), path.join(input, 'users-2026-09-30.json'));
    cpSync(path.join(NATIVE, 'keycloak-events.json'), path.join(input, 'kc-export.json'));
    const cfg = path.join(tempDir(), 'cfg.yaml');
    writeFileSync(cfg, 'files:\n  users-with-usage.json: users-2026-09-30.json\n  keycloak-events.json: kc-export.json\n');
    const out = tempDir('aa-out-');
    await runAudit({ input, out, asOf: '2026-09-30', config: cfg, quiet: true });
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.inputs.map((i: { file: string; kind: string }) => `${i.file}:${i.kind}`)).toEqual(['users-2026-09-30.json:users', 'kc-export.json:logins']);
    const doc = JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8'));
    expect(doc.rules.find((r: { id: string }) => r.id === 'inactive-seat').evaluated).toBe(true);
  });

  it('applies thresholds and prices from the config, and states them as the parameters in force', async () => {
    const u = (id: string) => `${id},${id},,,active,Data Analyst,human,2024-01-01,,,`;
    const cfg = path.join(tempDir(), 'cfg.json');
    writeFileSync(cfg, JSON.stringify({ inactive_days: 30, licenses: [{ name: 'Lite', tier: 0, aliases: [''], monthly_price: 0 }, { name: 'Data Analyst', tier: 1, monthly_price: 199.5 }] }));
    const doc = await audit(
      { 'users.csv': csv(USERS_HEADER, u('a'), u('b')), 'logins.csv': csv('user_id,timestamp', 'a,2026-08-15T00:00:00Z', 'b,2026-09-15T00:00:00Z') },
      { config: cfg },
    );
    expect(doc.parameters).toMatchObject({ inactive_days: 30, grace_days: 30 });
    expect(ofRule(doc, 'inactive-seat').map((f) => [f.subject.id, f.evidence.monthly_cost])).toEqual([['a', 199.5]]);
  });
});

describe('warnings', () => {
  it('counts dangling references and unknown role names per file, with examples, and keeps the rows', async () => {
    const doc = await audit({
      'users.csv': csv(USERS_HEADER, 'u1,ana,,,active,Data Analyst,human,2024-01-01,,,'),
      'roles.csv': csv('user_id,role', 'u1,DataSteward', 'ghost,Practitioner'),
      'projects.csv': csv('project_id,name,owner_id', 'p1,One,nobody'),
      'project_members.csv': csv('project_id,member_id,role', 'p1,u1,Contributor', 'p1,u404,Contributor'),
    });
    const byKind = (kind: string, file: string) => doc.warnings.find((w) => w.kind === kind && w.file === file);
    expect(byKind('unknown-role', 'roles.csv')).toMatchObject({ count: 1, examples: ['DataSteward'] });
    expect(byKind('dangling-reference', 'roles.csv')).toMatchObject({ count: 1, examples: ['role of unknown user ghost'] });
    expect(byKind('dangling-reference', 'project_members.csv')).toMatchObject({ count: 1, examples: ['member u404 of project p1'] });
    expect(byKind('dangling-reference', 'projects.csv')).toMatchObject({ count: 1 });
    // kept, not dropped: the project whose owner nobody defines is still judged
    expect(ofRule(doc, 'sole-owner-risk').map((f) => [f.subject.id, f.evidence.owner_status])).toEqual([['p1', 'absent']]);
  });
});
