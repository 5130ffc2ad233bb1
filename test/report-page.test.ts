// access-review.html: escaping, self-containment, bounded size, and a real browser
// (Debian chromium driven by playwright-core) with the network blocked.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { writePage } from '../src/report/page.js';
import { fixtureDocument, fixtureFindings, HOSTILE } from './fixtures/report/findings.js';
import { buildFixture, loadFindings } from './fixtures/report/helpers.js';
import { fillScale, scaleDocument } from './fixtures/report/scale.js';
import { CHROMIUM, CHROMIUM_ARGS, tools } from './fixtures/report/tools.js';

const t = tools();
let dir: string;
let file: string;
let html: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'report-page-'));
  file = path.join(dir, 'access-review.html');
  const fx = await buildFixture();
  try {
    await writePage(fx.ctx, file);
  } finally {
    fx.close();
  }
  html = readFileSync(file, 'utf8');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const between = (s: string, a: string, b: string): string[] => {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    const start = s.indexOf(a, i);
    if (start < 0) return out;
    const end = s.indexOf(b, start + a.length);
    out.push(s.slice(start + a.length, end));
    i = end + b.length;
  }
};

describe('the page as a file', () => {
  test('hostile values are escaped everywhere: only our own two script elements exist', () => {
    expect(html.match(/<script/gi)).toHaveLength(2);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>v2');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(3)&gt;');
    expect(html).toContain('&#x3D;HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)');
  });

  test('inline JSON cannot end its script element and parses back', () => {
    const [json] = between(html, '<script type="application/json" id="report-data">', '</script>');
    expect(json).not.toMatch(/[<>]/);
    const data = JSON.parse(json!) as { as_of: string; warnings: Array<{ examples: string[] }>; rules: Array<{ id: string; findings: number }> };
    expect(data.as_of).toBe('2026-09-30');
    expect(data.warnings[0]!.examples[0]).toContain(HOSTILE.script2);
    expect(data.rules.find((r) => r.id === 'inactive-seat')!.findings).toBe(4);
  });

  test('self-contained: no URL is loaded, the CSP forbids loads and allows only our script and style by hash', () => {
    expect(html).not.toMatch(/\s(src|href)\s*=\s*["']?(https?:|\/\/|data:)/i);
    expect(html).not.toMatch(/<link|<iframe|<object|<embed|@import|url\(/i);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/
      .exec(html)![1]!.replace(/&#x27;/g, "'").replace(/&#x3D;/g, '=');
    expect(csp).toContain("default-src 'none'");
    const [js] = between(html, '<script>', '</script>');
    const [css] = between(html, '<style>', '</style>');
    const b64 = (s: string) => createHash('sha256').update(s).digest('base64');
    expect(csp).toContain(`script-src 'sha256-${b64(js!)}'`);
    expect(csp).toContain(`style-src 'sha256-${b64(css!)}'`);
    expect(csp).not.toContain('unsafe');
  });

  test('summary, charts as inline SVG, a table per rule, review and evidence', () => {
    expect(html.match(/<svg /g)!.length).toBe(3);
    for (const id of ['summary', 'licenses', 'rule-inactive-seat', 'rule-overprivileged-project-manager', 'rule-mislicensed-user', 'rule-sole-owner-risk', 'review', 'evidence']) {
      expect(html).toContain(`id="${id}"`);
    }
    // Savings include a reclaimable seat of unknown price: the card says the sum is partial;
    // the upgrade cost is fully known and says nothing of the kind.
    expect(html).toMatch(/USD 16,200<\/div><div class="what">Savings per year \(recommended changes\)<\/div><div class="sub">known values only/);
    expect(html).toMatch(/USD 3,600<\/div><div class="what">Upgrade cost per year \(under-licensed users\)<\/div><\/div>/);
    expect(html).toContain('a'.repeat(64)); // an input hash
  });

  test('a rule that was not evaluated is named as such', async () => {
    const fx = await buildFixture({ doc: fixtureDocument(fixtureFindings(), { notEvaluated: ['mislicensed-user'] }) });
    const out = path.join(dir, 'not-evaluated.html');
    try {
      await writePage(fx.ctx, out);
    } finally {
      fx.close();
    }
    const page = readFileSync(out, 'utf8');
    expect(page).toContain('Not evaluated:</strong> activity.csv is missing');
    expect(page).toContain('mislicensed-user was not evaluated');
    // The true-up columns it feeds are unknown, not zero, and the Licenses section says so.
    expect(page).toMatch(/<p class="callout bad">mislicensed-user was not evaluated \(activity\.csv is missing[^<]*Under-licensed users, Over-licensed users/);
    expect(page).toMatch(/Upgrade cost per year \(under-licensed users\)<\/div><div class="sub">unknown/);
  });

  test('past the row limit a table shows the most severe rows and points to the workbook', async () => {
    const many = scaleDocument(400, 40);
    const fx = await buildFixture({ doc: { ...many, findings: [] } });
    const out = path.join(dir, 'cut.html');
    try {
      await loadFindings(fx.ctx.db, many);
      fx.ctx.doc = many;
      fx.ctx.config = { ...fx.ctx.config, report: { html_rows_per_table: 30 } };
      await writePage(fx.ctx, out);
    } finally {
      fx.close();
    }
    const page = readFileSync(out, 'utf8');
    expect(page).toContain('Showing the 30 most severe of 100 rows. The full list is in <strong>access-review.xlsx</strong>, sheet <strong>inactive-seat</strong>.');
    const table = between(page, '<table class="data" id="t-inactive-seat">', '</table>')[0]!;
    const sev = [...table.matchAll(/data-severity="(\w+)"/g)].map((m) => m[1]);
    expect(sev).toHaveLength(30);
    // Of its 100 findings 20 are critical and 20 high: the cut keeps the criticals, then highs.
    expect(sev.slice(0, 20).every((s) => s === 'critical')).toBe(true);
    expect(sev.slice(20).every((s) => s === 'high')).toBe(true);
  });
});

describe('size stays bounded', () => {
  test('100k findings and ~220k review rows: page under 10 MB, also with a huge row limit', async () => {
    const doc = scaleDocument(100_000, 40_000);
    const fx = await buildFixture({ doc: { ...doc, findings: [] } });
    try {
      await fillScale(fx.ctx.db, { users: 40_000, projects: 20_000, membersPerProject: 8, orgs: 200 });
      await loadFindings(fx.ctx.db, doc);
      fx.ctx.doc = doc;
      const a = path.join(dir, 'big.html');
      await writePage(fx.ctx, a);
      const defaultSize = statSync(a).size;
      expect(defaultSize).toBeLessThan(10 * 1024 * 1024);
      expect(defaultSize).toBeLessThan(3 * 1024 * 1024); // 500 rows a table
      fx.ctx.config = { ...fx.ctx.config, report: { html_rows_per_table: 100_000 } };
      const b = path.join(dir, 'big-unlimited.html');
      await writePage(fx.ctx, b);
      const size = statSync(b).size;
      expect(size).toBeLessThan(10 * 1024 * 1024);
      const page = readFileSync(b, 'utf8');
      expect(page).toMatch(/Showing the [\d,]+ most severe of 25,000 rows/);
      console.log(`page with 100k findings: ${(defaultSize / 1e6).toFixed(2)} MB (500 rows a table), ${(size / 1e6).toFixed(2)} MB (limit 100,000 rows a table)`);
    } finally {
      fx.close();
    }
  }, 300_000);
});

describe.skipIf(!t.chromium.available)('in a browser with the network blocked', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 60_000);
  afterAll(async () => browser?.close());

  test('no request leaves the page, no console error, no injected script runs', async () => {
    const context = await browser.newContext({ javaScriptEnabled: true });
    const requests: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url === pathToFileURL(file).href) return route.continue();
      requests.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('dialog', async (d) => {
      problems.push(`dialog: ${d.message()}`);
      await d.dismiss();
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.waitForTimeout(300);
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
    // Our script ran (it shows the filter boxes) and nothing else did.
    expect(await page.locator('.filter:not([hidden])').count()).toBeGreaterThan(0);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(2);
    // The policy is in force: a script injected into the page does not run.
    const ran = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = 1';
      document.body.appendChild(s);
      return (window as unknown as { __injected?: number }).__injected;
    });
    expect(ran).toBeUndefined();
    expect(problems.join('\n')).toMatch(/Content Security Policy/);
    await context.close();
  });

  test('sort and filter work', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    const table = page.locator('#t-inactive-seat');
    const days = async () => (await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLTableRowElement).cells[7]!.textContent!.trim())));
    const headers = await table.locator('thead th').allTextContents();
    expect(headers[7]).toBe('Days since seen');
    await table.locator('thead th').nth(7).locator('button').click();
    expect(await days()).toEqual(['152', '200', '241', '']); // ascending, blanks last
    await table.locator('thead th').nth(7).locator('button').click();
    expect(await days()).toEqual(['241', '200', '152', '']);
    expect(await table.locator('thead th').nth(7).getAttribute('aria-sort')).toBe('descending');

    const filter = page.locator('.filter[data-for="t-inactive-seat"]');
    await filter.locator('input').fill('svc-etl');
    expect(await table.locator('tbody tr:visible').count()).toBe(1);
    expect(await filter.locator('.count').textContent()).toBe('1 of 4 rows shown');
    await filter.locator('input').fill('');
    await filter.locator('select').selectOption('high');
    expect(await table.locator('tbody tr:visible').count()).toBe(2);
    await page.close();
  });

  test('with scripts off the tables are complete and readable', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);
    expect(await page.locator('#t-inactive-seat tbody tr').count()).toBe(4);
    expect(await page.locator('.filter:visible').count()).toBe(0);
    expect(await page.locator('#t-inactive-seat').textContent()).toContain(HOSTILE.script2);
    await context.close();
  });

  test('print to PDF works (print stylesheet)', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.toc').isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });
});
