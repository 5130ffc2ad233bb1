import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../src/errors.js';
import { jsonScan, locateJsonPath } from '../src/review/json-input.js';
import { applyPrevious, loadPrevious } from '../src/review/previous.js';
import { finding, findingsDoc, tempDir } from './fixtures/review/helpers.js';

async function writePrev(content: unknown): Promise<string> {
  const file = path.join(await tempDir(), 'findings.json');
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2) + '\n');
  return file;
}

async function refusal(content: unknown): Promise<Error> {
  const file = await writePrev(content);
  const e = await loadPrevious(file).then(
    () => null,
    (x: unknown) => x as Error,
  );
  expect(e, 'must be refused').toBeInstanceOf(InputError);
  return e!;
}

describe('loadPrevious', () => {
  it('reads a findings.json and ignores what it does not need', async () => {
    const q2 = findingsDoc('2026-06-30', [finding('inactive-seat', 'u-ana', 'medium', { first_seen: '2026-03-31' })]);
    const prev = await loadPrevious(await writePrev(q2));
    expect(prev).toMatchObject({ platform: 'domino', as_of: '2026-06-30' });
    expect(prev.findings).toEqual([
      { id: 'inactive-seat:user:u-ana', rule: 'inactive-seat', severity: 'medium', subject: { kind: 'user', id: 'u-ana', name: 'U-ANA' }, message: 'inactive-seat for u-ana', first_seen: '2026-03-31' },
    ]);
  });

  it('refuses text that is not JSON, with line and column', async () => {
    const e = (await refusal('{\n  "schema_version": 1,\n  "findings": [\n    {"id": "a",}\n  ]\n}\n')) as InputError;
    expect([e.line, e.column]).toEqual([4, 16]);
    expect(e.message).toMatch(/findings\.json:4:16: previous findings file is not valid JSON/);
    const cut = (await refusal('{"schema_version": 1, "findings": [')) as InputError;
    expect(cut.message).toMatch(/ends too early/);
  });

  it('refuses JSON that is not a findings.json (a manifest, say)', async () => {
    const e = await refusal({ schema_version: 1, outputs: [] });
    expect(e.message).toMatch(/is not a findings\.json written by access-audit/);
  });

  it('refuses another schema version and locates it', async () => {
    const doc = { ...findingsDoc('2026-06-30', []), schema_version: 2 };
    const e = (await refusal(doc)) as InputError;
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/schema_version: this access-audit reads findings\.json schema_version 1/);
  });

  it('refuses a finding without a usable severity, naming where', async () => {
    const doc = findingsDoc('2026-06-30', [finding('a', 'b', 'low'), { ...finding('a', 'c', 'low'), severity: 'urgent' as 'low' }]);
    const file = await writePrev(doc);
    const e = (await loadPrevious(file).catch((x: unknown) => x)) as InputError;
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/findings\[1\]\.severity/);
    const text = JSON.stringify(doc, null, 2);
    const lines = text.split('\n');
    expect(lines[e.line! - 1]).toContain('"severity": "urgent"');
  });

  it('refuses a bad as_of date and a duplicated finding id', async () => {
    expect((await refusal({ ...findingsDoc('2026-06-31', []) })).message).toMatch(/as_of: must be a date YYYY-MM-DD/);
    const f = finding('a', 'b', 'low');
    expect((await refusal(findingsDoc('2026-06-30', [f, f]))).message).toMatch(/the id "a:user:b" appears twice/);
  });
});

describe('applyPrevious', () => {
  const q2 = findingsDoc('2026-06-30', [
    finding('inactive-seat', 'u-ana', 'medium', { first_seen: '2026-03-31' }),
    finding('inactive-seat', 'u-bob', 'medium'),
    finding('privileged-user', 'u-zed', 'high'),
    finding('privileged-user', 'u-amy', 'critical'),
    finding('inactive-seat', 'u-cy', 'low'),
  ]);
  const q3 = findingsDoc('2026-09-30', [
    finding('inactive-seat', 'u-ana', 'medium'),
    finding('inactive-seat', 'u-bob', 'high'), // same id, severity changed: still persisting
    finding('privileged-user', 'u-new', 'critical'),
  ]);

  it('marks new and persisting, carries first_seen, lists the resolved in findings order', async () => {
    const prev = await loadPrevious(await writePrev(q2));
    const out = applyPrevious(q3, prev);
    expect(out.findings.map((f) => [f.id, f.change, f.first_seen])).toEqual([
      ['inactive-seat:user:u-ana', 'persisting', '2026-03-31'],
      ['inactive-seat:user:u-bob', 'persisting', '2026-06-30'],
      ['privileged-user:user:u-new', 'new', '2026-09-30'],
    ]);
    // rule, then severity (most severe first), then subject id
    expect(out.resolved!.map((r) => [r.id, r.first_seen])).toEqual([
      ['inactive-seat:user:u-cy', '2026-06-30'],
      ['privileged-user:user:u-amy', '2026-06-30'],
      ['privileged-user:user:u-zed', '2026-06-30'],
    ]);
    expect(out.resolved![0]).toEqual({
      id: 'inactive-seat:user:u-cy',
      rule: 'inactive-seat',
      severity: 'low',
      subject: { kind: 'user', id: 'u-cy', name: 'U-CY' },
      message: 'inactive-seat for u-cy',
      first_seen: '2026-06-30',
    });
  });

  it('is a usage error when the previous run is later than this one', async () => {
    const prev = await loadPrevious(await writePrev(q3));
    expect(() => applyPrevious(q2, prev)).toThrow(UsageError);
    expect(() => applyPrevious(q2, prev)).toThrow(/as of 2026-09-30, later than this run's as-of 2026-06-30/);
  });

  it('allows the same as-of (the quarter audited again)', async () => {
    const prev = await loadPrevious(await writePrev(q3));
    expect(applyPrevious(q3, prev).findings.every((f) => f.change === 'persisting')).toBe(true);
  });

  it('refuses a previous run of the other platform', async () => {
    const prev = await loadPrevious(await writePrev(findingsDoc('2026-06-30', [], 'dagster')));
    expect(() => applyPrevious(q3, prev)).toThrow(/--previous is a dagster audit, but this run audits domino/);
  });
});

describe('JSON locations', () => {
  it('finds the first syntax error and the value at a path', () => {
    expect(jsonScan('{"a": [1, 2, {"b": tru}]}', undefined).error).toBe(19);
    expect(jsonScan('{"a": 1}', undefined).error).toBe(-1);
    expect(jsonScan('{"a": 1} x', undefined).error).toBe(9);
    expect(locateJsonPath('{\n "a": [\n  1,\n  {"b\\"c": 5}\n ]\n}', ['a', 1, 'b"c'])).toEqual({ line: 4, column: 12 });
    expect(locateJsonPath('{"a": {"x": 1}}', ['a', 'missing'])).toEqual({ line: 1, column: 7 });
  });
});

describe('changesSinceLastReview', () => {
  it('says when there was nothing to compare with', async () => {
    const { changesSinceLastReview } = await import('../src/review/changes.js');
    const c = changesSinceLastReview(findingsDoc('2026-09-30', [finding('a', 'b', 'high')]));
    expect(c.compared).toBe(false);
    expect(c.new).toEqual([]);
  });
  it('puts new privileged findings first, then the most severe', async () => {
    const { changesSinceLastReview } = await import('../src/review/changes.js');
    const prev = await loadPrevious(await writePrev(findingsDoc('2026-06-30', [finding('a', 'old', 'low')])));
    const doc = applyPrevious(
      findingsDoc('2026-09-30', [finding('a', 'old', 'low'), finding('a', 'x', 'critical'), finding('b', 'y', 'low'), finding('z-admin', 'w', 'medium')]),
      prev,
    );
    const c = changesSinceLastReview(doc, (f) => f.rule === 'z-admin');
    expect(c.compared).toBe(true);
    expect(c.new.map((f) => f.subject.id)).toEqual(['w', 'x', 'y']);
    expect(c.counts.persisting).toBe(1);
  });
});
