// Input and environment problems are exit 2 naming the file; hostile text cannot rewrite
// the terminal or the page, or break the workbook; decisions reads what the reviewer saw.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillWorkbook, openpyxlRequired, pythonWithOpenpyxl } from './fixtures/review/helpers.js';
import { ROOT, USERS_HEADER, csv, expectRefused, makeBundle, tempDir } from './helpers.js';

const NODE = process.execPath;
const BIN = path.join(ROOT, 'bin/access-audit.js');
function run(args: string[]) {
  const r = spawnSync(NODE, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const USERS = csv(USERS_HEADER, 'u1,ana,ana@x.io,Ana,active,Data Analyst,human,2024-01-01,,,');
const py = openpyxlRequired();

describe('input and environment problems: exit 2, one line naming the file', () => {
  it('JSON nested 100,000 deep', () =>
    expectRefused({ 'users-with-usage.json': '['.repeat(100_000) + ']'.repeat(100_000) }, /users-with-usage\.json: the JSON is nested too deeply to be read/));

  it('a previous findings.json nested 100,000 deep', () => {
    const prev = path.join(tempDir(), 'findings.json');
    writeFileSync(prev, '{"a":' + '['.repeat(100_000) + ']'.repeat(100_000) + ',');
    expectRefused({ 'users.csv': USERS }, /findings\.json: the JSON is nested too deeply|findings\.json:\d+:\d+: .*not valid JSON/, ['--previous', prev]);
  });

  it('a YAML alias bomb in the config', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) {
      const p = String.fromCharCode(97 + i - 1);
      lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${p}`).join(', ')}]`);
    }
    const cfg = path.join(tempDir(), 'bomb.yaml');
    writeFileSync(cfg, lines.join('\n') + '\n');
    expectRefused({ 'users.csv': USERS }, /bomb\.yaml: config expands too many YAML aliases/, ['--config', cfg]);
  });

  it('a tiny memory_limit is blamed on the config, not on users.csv', () => {
    const cfg = path.join(tempDir(), 'config.yaml');
    writeFileSync(cfg, 'memory_limit: 1KB\n');
    expectRefused({ 'users.csv': USERS }, /config\.yaml: the audit needs more memory than memory_limit 1KB allows; raise memory_limit/, ['--config', cfg]);
  });

  it("the config's files: map reaching outside the bundle", () => {
    const outside = path.join(tempDir(), 'users.csv');
    writeFileSync(outside, USERS);
    const cfg = path.join(tempDir(), 'config.yaml');
    writeFileSync(cfg, `files:\n  users.csv: ../${path.basename(path.dirname(outside))}/users.csv\n`);
    expectRefused({ 'users.csv': USERS }, /config\.yaml: config files\.users\.csv: ".*" is outside the bundle folder/, ['--config', cfg]);
    writeFileSync(cfg, `files:\n  users.csv: ${outside}\n`);
    expectRefused({ 'users.csv': USERS }, /outside the bundle folder/, ['--config', cfg]);
  });
});

describe('text from the export cannot rewrite the terminal or the page', () => {
  it('escape sequences and bidi controls in an error message are shown escaped', () => {
    const r = run(['run', '--input', makeBundle({ 'users.csv': csv(USERS_HEADER, 'u1,ana,,,\u001b[2K\u001b[1Aall inputs OK\u202e,,human,,,,') }), '--out', path.join(tempDir(), 'o')]);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/[\u001b\u202e]/);
    expect(r.stderr).toMatch(/"\\u001b\[2K\\u001b\[1Aall inputs OK\\u202e"/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a U+202E in a username does not reverse the page: it is shown, inside an isolate', () => {
    const out = path.join(tempDir(), 'o');
    const users = csv(USERS_HEADER, 'u1,evil\u202etxt.exe,e@x.io,Evil,active,Data Analyst,human,2024-01-01,,,');
    const logins = csv('user_id,timestamp', 'u1,2025-01-01T00:00:00Z'); // an idle seat: a finding about this user
    expect(run(['run', '--input', makeBundle({ 'users.csv': users, 'logins.csv': logins }), '--out', out, '--as-of', '2026-09-30', '-q']).status).toBe(0);
    const html = readFileSync(path.join(out, 'access-review.html'), 'utf8');
    expect(html).not.toContain('\u202e');
    expect(html).toContain('\u2068evil[U+202E]txt.exe\u2069');
    expect(html).toMatch(/th, td, dd, li, code, \.sub \{ unicode-bidi: isolate; \}/);
  });
});

describe.skipIf(py.skip)('the workbook', () => {
  it('a U+FFFE/U+FFFF in a project name keeps the workbook valid XML; decisions reads the audit\'s own workbook', () => {
    const root = tempDir();
    const out = path.join(root, 'audit');
    const bundle = makeBundle({
      'users.csv': USERS,
      'projects.csv': csv('project_id,name,owner_id', 'p1,Churn\uFFFE model\uFFFF,u1'),
      'project_members.csv': csv('project_id,member_id,role', 'p1,u1,Contributor'),
    });
    expect(run(['run', '--input', bundle, '--out', out, '--as-of', '2026-09-30', '-q']).stderr).toBe('');
    const names = execFileSync(pythonWithOpenpyxl()!, ['-c', 'import openpyxl,sys\nwb=openpyxl.load_workbook(sys.argv[1])\nprint("|".join(str(c.value) for ws in wb for r in ws.iter_rows() for c in r if c.value and "Churn" in str(c.value)))', path.join(out, 'access-review.xlsx')], { encoding: 'utf8' });
    expect(names).toContain('Churn\uFFFD model\uFFFD');
    const d = run(['decisions', '--workbook', path.join(out, 'access-review.xlsx'), '--run', out, '--out', path.join(root, 'decided')]);
    expect(d.stderr).toBe('');
    expect(d.status).toBe(0);
  });
});

/** An audit whose Review rows hold hostile names, and the key of each row by user id. */
function reviewAudit() {
  const root = tempDir('aa-dec-');
  const out = path.join(root, 'audit');
  const bundle = makeBundle({
    'users.csv': csv(USERS_HEADER, 'u1,tom&amp;jerry,t@x.io,Tom,active,Data Analyst,human,2024-01-01,,,', '-42,@alice,a@x.io,Alice,active,Data Analyst,human,2024-01-01,,,'),
    'roles.csv': csv('user_id,role', 'u1,SysAdmin', '-42,SysAdmin'),
  });
  expect(run(['run', '--input', bundle, '--out', out, '--as-of', '2026-09-30', '-q']).stderr).toBe('');
  const keys = execFileSync(
    pythonWithOpenpyxl()!,
    ['-c', 'import openpyxl,sys,json\nws=openpyxl.load_workbook(sys.argv[1])["Review"]\nh={c.value:c.column for c in ws[1]}\nprint(json.dumps({ws.cell(r,h["User ID"]).value:[ws.cell(r,h["Key"]).value, ws.cell(r,h["Decision"]).coordinate] for r in range(2,ws.max_row+1)}))', path.join(out, 'access-review.xlsx')],
    { encoding: 'utf8' },
  );
  return { root, out, rows: JSON.parse(keys) as Record<string, [string, string]> };
}
const unquote = (s: string) => (s.startsWith("'") ? s.slice(1) : s);
const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' }).status === 0;

describe.skipIf(py.skip || !soffice)('a workbook saved unchanged by LibreOffice', () => {
  it('is accepted: a name with "&amp;" in it is not "changed"', () => {
    const { root, out } = reviewAudit();
    const lo = path.join(root, 'lo');
    execFileSync('soffice', ['--headless', '--calc', '--convert-to', 'xlsx', '--outdir', lo, path.join(out, 'access-review.xlsx')], { env: { ...process.env, HOME: root }, stdio: 'ignore', timeout: 120_000 });
    const d = run(['decisions', '--workbook', path.join(lo, 'access-review.xlsx'), '--run', out, '--out', path.join(root, 'decided')]);
    expect(d.stderr).toBe('');
    expect(d.stdout).toMatch(/decisions: 0 of 2 rows decided/);
    expect(d.status).toBe(0);
  });
});

describe.skipIf(py.skip)('decisions reads what the reviewer saw', () => {
  it('a name with "&amp;" saved unchanged by another spreadsheet is not "changed"; no guard apostrophe in remediation', () => {
    const { root, out, rows } = reviewAudit();
    const returned = path.join(root, 'returned.xlsx');
    fillWorkbook(path.join(out, 'access-review.xlsx'), returned, [
      { op: 'decide', key: unquote(rows["'-42"]?.[0] ?? rows['-42']![0]), decision: 'Revoke', comment: 'left' },
      { op: 'decide', key: unquote(rows.u1![0]), decision: 'Revoke', comment: 'moved' },
    ]);
    const d = run(['decisions', '--workbook', returned, '--run', out, '--out', path.join(root, 'decided')]);
    expect(d.stderr).toBe('');
    expect(d.status).toBe(0);
    const rem = JSON.parse(readFileSync(path.join(root, 'decided', 'remediation.json'), 'utf8')) as { items: Array<{ user_id: string; user_name: string }> };
    expect(rem.items.map((i) => [i.user_id, i.user_name]).sort()).toEqual([['-42', '@alice'], ['u1', 'tom&amp;jerry']]);
    const csvText = readFileSync(path.join(root, 'decided', 'remediation.csv'), 'utf8');
    expect(csvText).toContain(",'-42,'@alice,"); // the CSV's own formula guard, once
    expect(csvText).not.toContain("''");
  });

  it('a formula in a Decision cell is refused, naming sheet and cell, whatever its saved result', () => {
    const { root, out, rows } = reviewAudit();
    const [, cell] = rows.u1!;
    // A formula with a cached result, as Excel saves it: <f>…</f><v>Revoke</v>.
    const returned = path.join(root, 'returned.xlsx');
    execFileSync(pythonWithOpenpyxl()!, ['-c', `
import zipfile, re, sys
src, dst, cell = sys.argv[1], sys.argv[2], sys.argv[3]
zin = zipfile.ZipFile(src)
names = [n for n in zin.namelist()]
wb = zin.read('xl/workbook.xml').decode()
rels = zin.read('xl/_rels/workbook.xml.rels').decode()
rid = re.search(r'<sheet[^>]*name="Review"[^>]*r:id="([^"]+)"', wb) or re.search(r'<sheet[^>]*r:id="([^"]+)"[^>]*name="Review"', wb)
target = re.search(r'<Relationship[^>]*Id="%s"[^>]*Target="([^"]+)"' % rid.group(1), rels) or re.search(r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="%s"' % rid.group(1), rels)
part = 'xl/' + target.group(1).lstrip('/').replace('xl/', '', 1)
zout = zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED)
for n in names:
    data = zin.read(n)
    if n == part:
        x = data.decode()
        new = '<c r="%s" t="str"><f>"Kee"&amp;"p"</f><v>Revoke</v></c>' % cell
        x, k = re.subn(r'<c r="%s"(?:[^>]*?/>|[^>]*>.*?</c>)' % cell, new, x, count=1)
        if k == 0:  # an empty Decision cell is not written at all: add it at the end of its row
            row = re.sub(r'[A-Z]+', '', cell)
            x, k = re.subn(r'(<row r="%s"[^>]*>.*?)(</row>)' % row, lambda m: m.group(1) + new + m.group(2), x, count=1)
        assert k == 1, 'no row for ' + cell
        data = x.encode()
    zout.writestr(n, data)
zout.close()
`, path.join(out, 'access-review.xlsx'), returned, cell]);
    const d = run(['decisions', '--workbook', returned, '--run', out, '--out', path.join(root, 'decided')]);
    expect(d.stderr).toMatch(new RegExp(`returned\\.xlsx: Review!${cell}: the Decision cell holds a formula \\(="Kee"&"p"\\), whose saved result cannot be trusted`));
    expect(d.status).toBe(2);
  });

  it('a shared-strings bomb is refused before it is inflated', () => {
    const { root, out } = reviewAudit();
    const returned = path.join(root, 'bomb.xlsx');
    execFileSync(pythonWithOpenpyxl()!, ['-c', `
import zipfile, sys
zin = zipfile.ZipFile(sys.argv[1])
zout = zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED)
for n in zin.namelist():
    if n != 'xl/sharedStrings.xml':
        zout.writestr(n, zin.read(n))
chunk = b'<si><t>' + b'A' * 1000 + b'</t></si>'
with zout.open('xl/sharedStrings.xml', 'w', force_zip64=True) as f:
    f.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
    for _ in range(200_000):
        f.write(chunk)
    f.write(b'</sst>')
zout.close()
`, path.join(out, 'access-review.xlsx'), returned]);
    const d = run(['decisions', '--workbook', returned, '--run', out, '--out', path.join(root, 'decided')]);
    expect(d.stderr).toMatch(/bomb\.xlsx: its shared strings \(xl\/sharedStrings\.xml\) expand to \d+ MiB, more than the 128 MiB a review workbook needs/);
    expect(d.status).toBe(2);
  });
});
