// Size check of `decisions` (not part of the normal run): REVIEW_BENCH=<rows> npx vitest run test/review-bench.test.ts
// Builds an audit folder with <rows> Review rows (exceljs streaming writer, 200,000 rows a
// sheet), a returned copy with every tenth row decided, runs `decisions` and prints time and memory.
// REVIEW_BENCH_DIR=<dir> keeps the files there (to time the CLI under /usr/bin/time).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runDecisions } from '../src/review/decisions.js';
import { HEADERS, findingsDoc, keyOf, tempDir, writeAuditFolder, writeBundle, type Entitlement } from './fixtures/review/helpers.js';

const N = Number(process.env.REVIEW_BENCH ?? 0);
const PER_SHEET = 200_000;

describe.skipIf(!N)('decisions at size', () => {
  it(`reads ${N} rows twice and writes the results`, { timeout: 1_800_000 }, async () => {
    const root = process.env.REVIEW_BENCH_DIR ?? (await tempDir());
    await mkdir(root, { recursive: true });
    const rows: Entitlement[] = Array.from({ length: N }, (_, i) => ({
      user_id: `5f3c${String(i).padStart(20, '0')}`,
      user_name: `Person Müller ${i}`,
      scope: i % 10 === 0 ? 'system' : 'project',
      scope_id: i % 10 === 0 ? 'domino' : `64a1b2c3d4e5f6${String(i % 5000).padStart(10, '0')}`,
      scope_name: i % 10 === 0 ? 'Domino' : `project-${i % 5000}`,
      role: i % 3 === 0 ? 'Owner' : 'Contributor',
      reviewer: `owner-${i % 400}@example.com`,
      related_findings: i % 7 === 0 ? `inactive-seat:user:${i}` : '',
    }));
    let t = Date.now();
    await writeBundle(path.join(root, 'bundle'), ['u1']);
    await writeAuditFolder(path.join(root, 'run'), { doc: findingsDoc('2026-09-30', []), rows, inputDir: path.join(root, 'bundle'), rowsPerSheet: PER_SHEET, streaming: true });
    const returned = path.join(root, 'returned.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: returned, useSharedStrings: true, useStyles: false });
    wb.addWorksheet('Summary').addRow(['Access review']).commit();
    for (let s = 0; s * PER_SHEET < N; s++) {
      const ws = wb.addWorksheet(s === 0 ? 'Review' : `Review (${s + 1})`);
      ws.addRow(HEADERS).commit();
      for (let i = s * PER_SHEET; i < Math.min(N, (s + 1) * PER_SHEET); i++) {
        const e = rows[i]!;
        const d = i % 10 === 0 ? (i % 20 === 0 ? 'Revoke' : 'Keep') : null;
        ws.addRow([keyOf(e), e.user_id, e.user_name, e.scope, e.scope_id, e.scope_name, e.role, e.reviewer, e.related_findings, d, d ? `reviewed ${i}` : null]).commit();
      }
      ws.commit();
    }
    await wb.commit();
    console.log(`built in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    t = Date.now();
    const r = await runDecisions({ workbook: returned, run: path.join(root, 'run'), out: path.join(root, 'decisions') });
    clearInterval(timer);
    console.log(`decisions: ${N} rows in ${((Date.now() - t) / 1000).toFixed(1)} s, peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`);
    expect(r.status.totals.rows).toBe(N);
    expect(r.status.totals.decided).toBe(Math.ceil(N / 10));
  });
});
