// Db.streamText reads a text result one packed string per row (the Review sheet's path):
// the rows must come back as the query gives them, NULL told apart from ''.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { Db } from '../src/db.js';
import { ROOT } from './helpers.js';

describe('streaming a result as packed text rows', () => {
  it('keeps column names, order, NULL and empty text, and drops only the separator characters', async () => {
    const db = await Db.open({ threads: 2 });
    try {
      const { columns, chunks } = await db.streamText(readFileSync(path.join(ROOT, 'test/fixtures/db/text-values.sql'), 'utf8'));
      expect(columns).toEqual(['n', 'label', 'at', 'always_null']);
      const rows: Array<Array<string | null>> = [];
      for await (const chunk of chunks) rows.push(...chunk);
      expect(rows).toHaveLength(5000);
      expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 5000 }, (_, i) => String(5000 - i)));
      const byN = new Map(rows.map((r) => [r[0], r]));
      expect(byN.get('1')).toEqual(['1', null, null, null]);
      expect(byN.get('2')).toEqual(['2', '', '2026-09-30 12:00:00+00', null]);
      expect(byN.get('3')![1]).toBe('ab');
      expect(byN.get('4')![1]).toBe('');
      expect(byN.get('5')![1]).toBe('x, "y"\nz');
      expect(byN.get('6')![1]).toBe('ünï ✓ 𝔘');
      expect(byN.get('4999')).toEqual(['4999', 'row 4999', null, null]);
    } finally {
      db.close();
    }
  });

  it('lets a reader stop early without leaving the connection unusable', async () => {
    const db = await Db.open({ threads: 2 });
    try {
      const { chunks } = await db.streamText(readFileSync(path.join(ROOT, 'test/fixtures/db/text-values.sql'), 'utf8'));
      for await (const chunk of chunks) {
        expect(chunk.length).toBeGreaterThan(0);
        break;
      }
      const { chunks: again } = await db.streamText(readFileSync(path.join(ROOT, 'test/fixtures/db/text-values.sql'), 'utf8'));
      let n = 0;
      for await (const chunk of again) n += chunk.length;
      expect(n).toBe(5000);
    } finally {
      db.close();
    }
  });
});
