// A commit of many staged files (run --packets: tens of thousands) flushes their file system
// once instead of an fsync per file (src/output/atomic.ts): every file still arrives, whole,
// in its folder, the staging folder and the commit record are gone, and a second run with
// --replace takes the place of the first one's files.
import { existsSync, readFileSync, readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMIT_FILE, STAGING_PREFIX, StagedOutput } from '../src/output/atomic.js';
import { tempDir } from './helpers.js';

async function stage(out: string, n: number, tag: string, replace = false): Promise<string[]> {
  const staged = await StagedOutput.create(out, { replace });
  mkdirSync(staged.file('packets'), { recursive: true });
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    const name = `packets/r${i}.xlsx`;
    writeFileSync(staged.file(name), `${tag} ${i}\n`.repeat(100));
    names.push(name);
  }
  writeFileSync(staged.file('manifest.json'), JSON.stringify({ outputs: names.map((file) => ({ file })) }));
  await staged.commit([...names, 'manifest.json']);
  return names;
}

describe('a commit of many files', () => {
  it('moves every file in whole, and leaves no staging folder or commit record', async () => {
    const out = path.join(tempDir('aa-commit-many-'), 'audit');
    const names = await stage(out, 300, 'first');
    expect(readdirSync(path.join(out, 'packets'))).toHaveLength(300);
    for (const [i, n] of names.entries()) expect(readFileSync(path.join(out, n), 'utf8')).toBe(`first ${i}\n`.repeat(100));
    expect(readdirSync(out).filter((f) => f.startsWith(STAGING_PREFIX) || f === COMMIT_FILE)).toEqual([]);
    // a smaller second audit replaces the first one's files, leaving none of them behind
    await stage(out, 100, 'second', true);
    expect(readdirSync(path.join(out, 'packets'))).toHaveLength(100);
    expect(readFileSync(path.join(out, 'packets/r99.xlsx'), 'utf8')).toBe('second 99\n'.repeat(100));
    expect(existsSync(path.join(out, 'packets/r100.xlsx'))).toBe(false);
  });
});
