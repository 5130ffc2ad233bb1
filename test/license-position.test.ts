// The license position finance takes to the vendor (docs/spec/outputs.md, "The license
// position"): the seats array of findings.json, the same figures on the Licenses sheet and
// the page, Domino's own practitioner count, and with --previous the seats reclaimed since.
// Through the CLI, on a catalog where one license is over-deployed, one under-used, one has
// no purchased count and one no price.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import type { FindingsDocument } from '../src/model.js';
import { formattedLength } from '../src/report/fit-widths.js';
import { CHROMIUM, CHROMIUM_ARGS, tools } from './fixtures/report/tools.js';
import { ROOT, USERS_HEADER, cli, csv, makeBundle, tempDir } from './helpers.js';

const CONFIG = `
licenses:
  - { name: Lite, monthly_price: 0 }                                  # merged with the default Lite
  - { name: Data Analyst, monthly_price: 100, purchased_seats: 2 }    # over-deployed
  - { name: Data Science Professional, monthly_price: 500, purchased_seats: 5 }   # under-used
  - { name: Team Seat, tier: 1, monthly_price: 50 }                   # no purchased count
  - { name: Enterprise, tier: 2, purchased_seats: 4 }                 # no price
`;

const u = (id: string, license: string, opts: { status?: string; type?: string; created?: string } = {}) =>
  `${id},${id},${id}@ex.com,,${opts.status ?? 'active'},${license},${opts.type ?? 'human'},${opts.created ?? '2024-01-01'},,,`;

const USERS = [
  u('a1', 'Data Analyst'), u('a2', 'Data Analyst'), u('a3', 'DataAnalyst'),
  u('a4', 'Data Analyst', { status: 'deactivated' }),
  u('a5', 'Data Analyst', { created: '2026-10-05' }), // created after the as-of date: not in use
  u('p1', 'Data Science Professional'), u('p2', 'Practitioner'),
  u('t1', 'Team Seat'), u('svc1', 'Team Seat', { type: 'service' }),
  u('e1', 'Enterprise'), u('e2', 'Enterprise'),
  u('l1', ''), u('l2', 'Lite'),
  u('x1', 'Gold Plus'),
];
const LOGINS = [
  'a1,2026-09-15T00:00:00Z', 'a2,2026-01-01T00:00:00Z', 'a3,2026-09-05T00:00:00Z', 'p1,2026-09-25T00:00:00Z',
  'p2,2026-09-10T00:00:00Z', 't1,2026-09-28T00:00:00Z', 'svc1,2026-09-28T00:00:00Z', 'e1,2026-09-29T00:00:00Z',
  'e2,2025-12-01T00:00:00Z', 'l1,2026-09-01T00:00:00Z', 'l2,2026-09-20T00:00:00Z', 'x1,2026-09-20T00:00:00Z',
];
const ACTIVITY = [
  'a1,2026-09-20T00:00:00Z,job', 'a3,2026-09-05T00:00:00Z,workspace', 'p1,2026-09-25T00:00:00Z,model_api_publish',
  'p2,2026-09-11T00:00:00Z,app_view', 't1,2026-09-28T00:00:00Z,job', 'e1,2026-09-29T00:00:00Z,gpu_workload',
  'l1,2026-09-01T00:00:00Z,job', 'a3,2026-08-01T00:00:00Z,job',
];

function bundle(users = USERS, logins = LOGINS): string {
  return makeBundle({
    'users.csv': csv(USERS_HEADER, ...users),
    'logins.csv': csv('user_id,timestamp', ...logins),
    'activity.csv': csv('user_id,timestamp,activity', ...ACTIVITY),
  });
}

function run(input: string, extra: string[] = [], asOf = '2026-09-30'): { out: string; doc: FindingsDocument } {
  const dir = tempDir();
  const cfg = path.join(dir, 'config.yaml');
  writeFileSync(cfg, CONFIG);
  const out = path.join(dir, 'out');
  const r = cli(['run', '--input', input, '--out', out, '--as-of', asOf, '--config', cfg, '--quiet', ...extra]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return { out, doc: JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8')) as FindingsDocument };
}

/** The Licenses sheet as rows of header → value, by license. */
async function licensesSheet(out: string): Promise<Record<string, Record<string, unknown>>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.join(out, 'access-review.xlsx'));
  const values: unknown[][] = [];
  wb.getWorksheet('Licenses')!.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
  const h = values.findIndex((r) => r[0] === 'License');
  const header = values[h]!;
  return Object.fromEntries(values.slice(h + 1).map((r) => [r[0], Object.fromEntries(header.map((k, i) => [k, r[i] ?? null]))]));
}

const EXPECTED = [
  { license: 'Lite', tier: 0, monthly_price: 0, purchased: null, in_use: 2, idle: 0, over_deployed: null, unused_purchased: null,
    projected: 2, cost_in_use_year: 0, cost_purchased_year: 0 }, // l1 moves up to Data Analyst, p2 down to Lite
  { license: 'Data Analyst', tier: 1, monthly_price: 100, purchased: 2, in_use: 3, idle: 1, over_deployed: 1, unused_purchased: 0,
    projected: 3, cost_in_use_year: 3600, cost_purchased_year: 2400 }, // − a2 (idle) + l1
  { license: 'Team Seat', tier: 1, monthly_price: 50, purchased: null, in_use: 2, idle: 0, over_deployed: null, unused_purchased: null,
    projected: 2, cost_in_use_year: 1200, cost_purchased_year: null }, // a person and a service account
  { license: 'Data Science Professional', tier: 2, monthly_price: 500, purchased: 5, in_use: 2, idle: 0, over_deployed: 0, unused_purchased: 3,
    projected: 1, cost_in_use_year: 12000, cost_purchased_year: 30000 }, // − p2 (over-licensed)
  { license: 'Enterprise', tier: 2, monthly_price: null, purchased: 4, in_use: 2, idle: 1, over_deployed: 0, unused_purchased: 2,
    projected: 1, cost_in_use_year: null, cost_purchased_year: null },
  { license: 'Unknown license', tier: null, monthly_price: null, purchased: null, in_use: 1, idle: 0, over_deployed: null, unused_purchased: null,
    projected: 1, cost_in_use_year: null, cost_purchased_year: null },
];

describe('the seats array', () => {
  let q3: { out: string; doc: FindingsDocument };
  beforeAll(() => {
    q3 = run(bundle());
  });

  test('one entry per catalog license (Lite included, config merged with the defaults) and one for unknown names; figures exact', () => {
    expect(q3.doc.seats).toEqual(EXPECTED);
  });

  test('the Licenses sheet carries the same figures, never netted, and a Total that sums per license', async () => {
    const rows = await licensesSheet(q3.out);
    const col = {
      in_use: 'In use', idle: 'Idle', purchased: 'Purchased', over_deployed: 'Over-deployed', unused_purchased: 'Unused purchased',
      projected: 'Projected after changes', cost_in_use_year: 'Cost in use per year', cost_purchased_year: 'Cost purchased per year', monthly_price: 'Price per month',
    } as const;
    expect(Object.keys(rows)).toEqual([...EXPECTED.map((e) => e.license), 'Total']);
    for (const e of EXPECTED) {
      for (const [k, h] of Object.entries(col)) expect(rows[e.license]![h], `${e.license} ${k}`).toEqual(e[k as keyof typeof e]);
    }
    // 1 over on Data Analyst and 3 + 2 unused elsewhere: summed per license, not netted to 4 unused.
    expect(rows.Total).toMatchObject({ [col.over_deployed]: 1, [col.unused_purchased]: 5, [col.in_use]: 12, [col.purchased]: 11, [col.projected]: 10 });
  });

  test("Domino's practitioner count (a run or a model published in the last 30 days) beside ours", async () => {
    const rows = await licensesSheet(q3.out);
    const count = (l: string) => rows[l]!["Practitioners (Domino's count)"];
    // a1 (job), a3 (workspace); p1 (model API); t1 (job); e1 (GPU); l1, a Lite user who ran a job.
    expect(['Lite', 'Data Analyst', 'Team Seat', 'Data Science Professional', 'Enterprise', 'Unknown license', 'Total'].map(count)).toEqual([1, 2, 1, 1, 1, 0, 6]);
  });

  test('the page shows the money, and an unknown amount as unknown', () => {
    const html = readFileSync(path.join(q3.out, 'access-review.html'), 'utf8');
    const section = html.slice(html.indexOf('<section id="licenses">'), html.indexOf('</section>', html.indexOf('<section id="licenses">')));
    const row = (name: string) => section.slice(section.indexOf(`<td class="text">${name}</td>`)).split('</tr>')[0]!;
    expect(row('Data Analyst')).toContain('USD 3,600');
    expect(row('Data Analyst')).toContain('USD 2,400');
    expect(row('Enterprise')).toMatch(/<td class="num unk">unknown<\/td>/);
    expect(section).not.toMatch(/USD 0<\/div><div class="what">Savings/);
  });

  test('practitioner_days changes the window', async () => {
    const dir = tempDir();
    const cfg = path.join(dir, 'c.yaml');
    writeFileSync(cfg, CONFIG + 'practitioner_days: 7\n');
    const out = path.join(dir, 'out');
    expect(cli(['run', '--input', bundle(), '--out', out, '--as-of', '2026-09-30', '--config', cfg, '-q']).status).toBe(0);
    const rows = await licensesSheet(out);
    // Since 2026-09-24: p1, t1, e1 only.
    expect(rows.Total!["Practitioners (Domino's count)"]).toBe(3);
    expect(rows['Data Analyst']!["Practitioners (Domino's count)"]).toBe(0);
  });
});

describe('with --previous', () => {
  test('seats reclaimed since last quarter beside the potential, and the in-use trend', async () => {
    const q2 = run(bundle(), [], '2026-06-30');
    const prevFile = path.join(tempDir(), 'q2-findings.json');
    writeFileSync(prevFile, readFileSync(path.join(q2.out, 'findings.json')));
    // Q3: the idle Data Analyst a2 was deactivated, the idle Enterprise e2 removed.
    const users = USERS.filter((x) => !x.startsWith('e2,')).map((x) => (x.startsWith('a2,') ? u('a2', 'Data Analyst', { status: 'deactivated' }) : x));
    const q3 = run(bundle(users), ['--previous', prevFile]);
    const q2idle = q2.doc.findings.filter((f) => f.rule === 'inactive-seat').map((f) => f.subject.id).sort();
    expect(q2idle).toEqual(expect.arrayContaining(['a2', 'e2']));
    const by = Object.fromEntries(q3.doc.seats_realized!.map((r) => [r.license, r]));
    expect(by['Data Analyst']).toMatchObject({ reclaimed: 1, realized_savings_year: 1200, in_use: 2 });
    expect(by['Enterprise']).toMatchObject({ reclaimed: 1, realized_savings_year: null }); // no price: unknown, not 0
    expect(by['Data Science Professional']).toMatchObject({ reclaimed: 0, realized_savings_year: 0, potential_savings_year: 6000 });
    expect(q3.doc.seats_history).toEqual([{ as_of: '2026-06-30', seats: q2.doc.seats!.map((s) => ({ license: s.license, in_use: s.in_use, purchased: s.purchased })) }]);

    // The workbook and the page show it (a sheet of its own); without --previous they do not.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(q3.out, 'access-review.xlsx'));
    const since = wb.getWorksheet('Licenses since last review')!;
    const rows: unknown[][] = [];
    since.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const da = rows.find((r) => r[0] === 'Data Analyst')!;
    expect(da.slice(0, 8)).toEqual(['Data Analyst', 3, 2, -1, 1, 0, 1200, 0]); // nothing idle left to reclaim
    expect(da[8]).toBe('2026-06-30: 3 → 2026-09-30: 2');
    expect(readFileSync(path.join(q3.out, 'access-review.html'), 'utf8')).toContain('id="licenses-since"');
    const plain = new ExcelJS.Workbook();
    await plain.xlsx.readFile(path.join(q2.out, 'access-review.xlsx'));
    expect(plain.getWorksheet('Licenses since last review')).toBeUndefined();

    // A third quarter carries the history forward.
    const prev3 = path.join(tempDir(), 'q3-findings.json');
    writeFileSync(prev3, readFileSync(path.join(q3.out, 'findings.json')));
    const q4 = run(bundle(users), ['--previous', prev3], '2026-12-31');
    expect(q4.doc.seats_history!.map((h) => h.as_of)).toEqual(['2026-06-30', '2026-09-30']);
  });
});

describe('the catalog: a config entry merges with the default license it names', () => {
  test('pricing one license keeps the others (Lite stays Lite, not an unknown paid seat)', async () => {
    const { loadConfig } = await import('../src/config.js');
    const file = path.join(tempDir(), 'c.yaml');
    writeFileSync(file, 'licenses:\n  - { name: analyst, monthly_price: 250, purchased_seats: 40, aliases: [DA] }\n');
    const cfg = await loadConfig(file);
    expect(cfg.licenses.map((l) => [l.name, l.tier, l.seat, l.monthly_price, l.purchased_seats ?? null])).toEqual([
      ['Lite', 0, false, null, null],
      ['analyst', 1, true, 250, 40],
      ['Data Science Professional', 2, true, null, null],
    ]);
    expect(cfg.licenses[1]!.aliases).toEqual(['DA', 'Data Analyst']); // DataAnalyst is the same name, Analyst the entry's own
    // Through the run: the Lite holders stay Lite.
    const { doc } = run(bundle());
    expect(doc.seats!.find((s) => s.license === 'Lite')!.in_use).toBe(2);
  });

  test('a license the defaults do not have needs its tier: refused with line and column', () => {
    const dir = tempDir();
    const cfg = path.join(dir, 'c.yaml');
    writeFileSync(cfg, 'inactive_days: 90\nlicenses:\n  - { name: Gold, monthly_price: 10 }\n');
    const r = cli(['run', '--input', bundle(), '--out', path.join(dir, 'out'), '--config', cfg]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/c\.yaml:3:5: config licenses\[0\]: "Gold" is not a license of the default catalog; give its tier/);
  });
});

describe('layout: the money is visible', () => {
  let out: string;
  beforeAll(() => {
    out = path.join(tempDir(), 'out');
    const sample = path.join(ROOT, 'sample-data');
    const r = cli(['run', '--input', sample, '--out', out, '--as-of', '2026-09-30', '--config', path.join(sample, 'access-audit.config.yaml'), '-q']);
    expect(r.status).toBe(0);
  });

  test('every numeric column of the Licenses and Chargeback sheets is as wide as its widest value (no ###)', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, 'access-review.xlsx'));
    for (const name of ['Licenses', 'Chargeback']) {
      const ws = wb.getWorksheet(name)!;
      let checked = 0;
      ws.eachRow((row) => {
        row.eachCell((cell, col) => {
          if (typeof cell.value !== 'number') return;
          const money = /USD/.test(cell.numFmt ?? '');
          const len = formattedLength(cell.value, money ? 'money' : 'integer', money ? 'USD' : '');
          expect(ws.getColumn(col).width!, `${name} ${cell.address} ${cell.value}`).toBeGreaterThanOrEqual(len * 1.1);
          checked++;
        });
      });
      expect(checked, name).toBeGreaterThan(10);
    }
  });

  test.skipIf(!tools().chromium.available)('at 1440 px the Licenses table needs no horizontal scrolling', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(pathToFileURL(path.join(out, 'access-review.html')).href);
      const box = await page.evaluate(() => {
        const scroll = document.querySelector('#licenses .scroll')!;
        const cells = [...document.querySelectorAll('#t-licenses thead th')].map((th) => th.textContent!.trim());
        return { scrollWidth: scroll.scrollWidth, clientWidth: scroll.clientWidth, cells, doc: document.documentElement.scrollWidth };
      });
      expect(box.cells).toEqual(expect.arrayContaining(['Price per month', 'Cost in use per year', 'Cost purchased per year', 'Savings per year (changes)']));
      expect(box.scrollWidth).toBeLessThanOrEqual(box.clientWidth);
      expect(box.doc).toBeLessThanOrEqual(1440);
    } finally {
      await browser.close();
    }
  });
});

describe('Dagster+ money', () => {
  test('seat_price and purchased_seats price the seat; a priced licenses catalog is said to be unused', () => {
    const dir = tempDir();
    const cfg = path.join(dir, 'dg.yaml');
    writeFileSync(cfg, 'purchased_seats: 38\nseat_price: 45\nlicenses:\n  - { name: Data Analyst, monthly_price: 250 }\n');
    const out = path.join(dir, 'out');
    const r = cli(['run', '--input', path.join(ROOT, 'sample-data/dagster'), '--out', out, '--as-of', '2026-09-30', '--config', cfg, '-q']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8')) as FindingsDocument;
    expect(doc.seats).toEqual([
      { license: 'Dagster+ seat', tier: null, monthly_price: 45, purchased: 38, in_use: 40, idle: 8, over_deployed: 2, unused_purchased: 0, projected: 32,
        cost_in_use_year: 45 * 12 * 40, cost_purchased_year: 45 * 12 * 38 },
    ]);
    expect(doc.warnings.find((w) => w.kind === 'config-ignored')).toMatchObject({ file: 'dg.yaml', count: 1, examples: ['Data Analyst'] });
  });
});
