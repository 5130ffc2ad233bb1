// The Review-sheet reader on workbooks written by exceljs (what the audit writes).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReviewSheets } from '../src/review/review-sheet.js';
import { keyOf, tempDir, writeAuditWorkbook, type Entitlement } from './fixtures/review/helpers.js';

function rows(n: number, name: (i: number) => string = (i) => `User ${i}`): Entitlement[] {
  return Array.from({ length: n }, (_, i) => ({
    user_id: `u${i}`,
    user_name: name(i),
    scope: i % 3 === 0 ? 'system' : 'project',
    scope_id: i % 3 === 0 ? 'domino' : `p${i % 17}`,
    scope_name: i % 3 === 0 ? 'Domino' : `project ${i % 17}`,
    role: i % 2 ? 'Contributor' : 'Owner',
    reviewer: `reviewer-${i % 5}`,
  }));
}

async function readAll(file: string) {
  const got: Array<{ sheet: string; row: number; key: string; user: string; ref: string }> = [];
  const summary = await readReviewSheets(file, path.basename(file), ['key', 'user_name', 'decision'], (r) =>
    got.push({ sheet: r.sheet, row: r.row, key: r.text('key'), user: r.text('user_name'), ref: r.ref('decision') }),
  );
  return { summary, got };
}

describe('readReviewSheets', () => {
  it('reads every sheet of an exceljs workbook, every time (exceljs issue #3064 drops entries)', async () => {
    const file = path.join(await tempDir(), 'access-review.xlsx');
    const data = rows(10);
    await writeAuditWorkbook(file, data, { rowsPerSheet: 3 });
    for (let i = 0; i < 25; i++) {
      const { summary, got } = await readAll(file);
      expect(summary).toEqual({ sheets: ['Review', 'Review (2)', 'Review (3)', 'Review (4)'], rows: 10 });
      expect(got.map((g) => g.key)).toEqual(data.map(keyOf));
    }
    const { got } = await readAll(file);
    expect(got[3]).toMatchObject({ sheet: 'Review (2)', row: 2, ref: "'Review (2)'!J2" });
  });

  it('keeps characters whole across chunk boundaries, shared or inline strings', async () => {
    const dir = await tempDir();
    for (const streaming of [false, true]) {
      // (exceljs's non-streaming writer itself breaks an occasional emoji in shared strings,
      // so emoji are only in the workbook of its streaming writer)
      const data = rows(6000, (i) => `Zoë Ñúñez-Łukasz 日本 ${i}${streaming ? ' 🙂' : ''}`);
      const file = path.join(dir, `big-${streaming}.xlsx`);
      await writeAuditWorkbook(file, data, { streaming });
      const { got } = await readAll(file);
      expect(got.length).toBe(data.length);
      const bad = got.filter((g, i) => g.user !== data[i]!.user_name);
      expect(bad).toEqual([]);
    }
  });
});
