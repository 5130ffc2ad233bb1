// The identity tables in the outputs a reviewer opens: with a roster the workbook has the
// Identity match and Scheduled leavers sheets and the page their sections, roster text is
// neutralised and escaped like any export text; without a roster neither appears.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runAudit } from '../src/run.js';
import { csv, makeBundle, tempDir } from './helpers.js';
import { ROSTER_HEADER, platformFiles, type PlatformName } from './fixtures/identity/helpers.js';

async function outputs(files: Record<string, string>): Promise<{ sheets: Map<string, string[][]>; html: string }> {
  const out = tempDir('aa-out-');
  await runAudit({ input: makeBundle(files), out, asOf: '2026-09-30', quiet: true });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.join(out, 'access-review.xlsx'));
  const sheets = new Map<string, string[][]>();
  wb.eachSheet((ws) => {
    const rows: string[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v ?? '')))));
    sheets.set(ws.name, rows);
  });
  return { sheets, html: readFileSync(path.join(out, 'access-review.html'), 'utf8') };
}

describe.each<PlatformName>(['domino', 'dagster'])('%s', (platform) => {
  const accounts = [{ id: 'soon', email: 'soon@corp.example' }, { id: 'stays', email: 'stays@corp.example' }, { id: 'ghost', email: 'ghost@corp.example' }];

  it('lists scheduled leavers and the match summary, roster text made inert', async () => {
    const { sheets, html } = await outputs({
      ...platformFiles(platform, accounts),
      'hr-roster.csv': csv(ROSTER_HEADER,
        'soon@corp.example,active,E1,,"=HYPERLINK(""http://evil.example"",""x"")",2020-01-01,2026-10-15,stays@corp.example,<b>Risk</b>,',
        'stays@corp.example,active,E2,,Stay Er,2020-01-01,,,Risk,'),
    });
    const leavers = sheets.get('Scheduled leavers')!;
    const header = leavers.findIndex((r) => r[0] === 'User');
    expect(leavers[header]).toEqual(['User', 'User ID', 'Full name', 'E-mail', 'Employee ID', 'Termination date', 'Days until', 'HR status', 'Department', 'Manager', 'Last seen', 'Roles', 'Privileged']);
    const row = leavers[header + 1]!;
    expect(row.slice(1, 8)).toEqual(['soon', `'=HYPERLINK("http://evil.example","x")`, 'soon@corp.example', 'E1', '2026-10-15', '15', 'active']);
    expect(row[9]).toBe(platform === 'domino' ? 'stays' : 'stays@corp.example');
    const match = sheets.get('Identity match')!;
    const m = match.findIndex((r) => r[0] === 'Source');
    expect(match[m + 1]!.slice(0, 8)).toEqual(['hr-roster.csv', '2', '3', '2', '2', '0', '0', '1']);
    expect([...sheets.keys()]).toEqual(expect.arrayContaining(['leaver-with-access', 'orphaned-account', 'late-deprovisioning']));
    expect(html).toContain('id="scheduled-leavers"');
    expect(html).toContain('id="identity-match"');
    expect(html).not.toContain('<b>Risk</b>');
    expect(html).toContain('&lt;b&gt;Risk&lt;/b&gt;');
  });

  it('without a roster has neither table', async () => {
    const { sheets, html } = await outputs(platformFiles(platform, accounts));
    expect(sheets.has('Scheduled leavers')).toBe(false);
    expect(sheets.has('Identity match')).toBe(false);
    expect(html).not.toContain('id="scheduled-leavers"');
    expect(sheets.get('leaver-with-access')!.flat().join(' ')).toMatch(/no HR roster or IdP users file in the bundle/);
  });
});
