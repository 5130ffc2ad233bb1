// verify an auditor can rely on, signed manifests, every input listed, byte-reproducible outputs.
import { spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, USERS_HEADER, csv, makeBundle, tempDir } from './helpers.js';

const NODE = process.execPath;
const BIN = path.join(ROOT, 'bin/access-audit.js');
function run(args: string[]) {
  const r = spawnSync(NODE, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const BUNDLE = {
  'users.csv': csv(USERS_HEADER, 'u1,ana,ana@x.io,Ana,active,Data Analyst,human,2024-01-01,,,', 'u2,bo,bo@x.io,Bo,active,Data Analyst,human,2024-01-01,,,'),
  'logins.csv': csv('user_id,timestamp', 'u1,2026-09-01T00:00:00Z'),
  'roles.csv': csv('user_id,role', 'u1,SysAdmin'),
};
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
type ManifestLike = Record<string, unknown> & { outputs: Array<{ file: string; sha256: string; bytes: number }> };
const readJson = <T = ManifestLike>(f: string): T => JSON.parse(readFileSync(f, 'utf8')) as T;

/** root/bundle and root/audit: the usual hand-over of an audit with its bundle. */
function audit(extra: string[] = []) {
  const root = tempDir('aa-ev-');
  const bundle = path.join(root, 'bundle');
  mkdirSync(bundle);
  for (const [n, c] of Object.entries(BUNDLE)) writeFileSync(path.join(bundle, n), c);
  const out = path.join(root, 'audit');
  const r = run(['run', '--input', bundle, '--out', out, '--as-of', '2026-09-30', '-q', ...extra]);
  expect(r.stderr).toBe('');
  return { root, bundle, out };
}

/** Edit findings.json and put its new hash into the manifest, as a forger would. */
function forgeFindings(out: string): void {
  const f = path.join(out, 'findings.json');
  const text = readFileSync(f, 'utf8').replace('"findings": [', '"findings": [ ').replace(/"severity": "critical"/g, '"severity": "low"');
  writeFileSync(f, text);
  const m = readJson(path.join(out, 'manifest.json'));
  const e = m.outputs.find((o) => o.file === 'findings.json')!;
  e.sha256 = sha(text);
  e.bytes = Buffer.byteLength(text);
  writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(m, null, 2) + '\n');
}

describe('verify', () => {
  it('says which audit the folder holds and checks the inputs in a bundle folder beside it', () => {
    const { out } = audit();
    const r = run(['verify', out]);
    const m = readFileSync(path.join(out, 'manifest.json'));
    expect(r.stdout).toMatch(new RegExp(`holds the audit of domino as of 2026-09-30 \\(access-audit [^)]+\\); manifest\\.json sha256 ${sha(m)}`));
    expect(r.stdout).toMatch(/verify: all 6 files match manifest\.json \(3 outputs .*, 3 inputs/);
    expect(r.status).toBe(0);
  });

  it('refuses an emptied manifest instead of "all 0 files match"', () => {
    const { out } = audit();
    const f = path.join(out, 'manifest.json');
    const m = readJson(f);
    writeFileSync(f, JSON.stringify({ ...m, inputs: [], outputs: [] }, null, 2));
    const r = run(['verify', out]);
    expect(r.stderr).toMatch(/manifest\.json: lists no outputs: an empty manifest proves nothing/);
    expect(r.status).toBe(2);
    writeFileSync(f, JSON.stringify({ ...m, inputs: [] }, null, 2));
    expect(run(['verify', out]).stderr).toMatch(/lists no inputs/);
  });

  it('reports files in the folder that the manifest does not list', () => {
    const { out } = audit();
    writeFileSync(path.join(out, 'approved-by-ciso.txt'), 'looks good');
    mkdirSync(path.join(out, 'extra'));
    writeFileSync(path.join(out, 'extra', 'note.csv'), 'x');
    const r = run(['verify', out]);
    expect(r.stdout).toMatch(/^UNLISTED file approved-by-ciso\.txt/m);
    expect(r.stdout).toMatch(/^UNLISTED file extra\/note\.csv/m);
    expect(r.status).toBe(1);
  });

  it('never follows an input_dir elsewhere from a received manifest; hashes inputs only in --input', () => {
    const { root, out } = audit();
    const f = path.join(out, 'manifest.json');
    const m = readJson<{ input_dir: string; inputs: Array<{ file: string }> }>(f);
    const secret = tempDir('aa-secret-');
    writeFileSync(path.join(secret, 'users.csv'), 'the auditor\'s own file');
    m.input_dir = secret;
    writeFileSync(f, JSON.stringify(m, null, 2) + '\n');
    const r = run(['verify', out]);
    expect(r.stdout).toMatch(/NOT CHECKED {2}3 inputs: the folder they were read from \(.*aa-secret-.*\) is not beside .*; give it with --input/);
    expect(r.stdout).not.toMatch(new RegExp(sha('the auditor\'s own file')));
    expect(r.status).toBe(0);
    expect(run(['verify', out, '--input', path.join(root, 'bundle')]).status).toBe(0);
  });

  it('refuses an input that is a symbolic link out of the bundle folder', () => {
    const { root, out } = audit();
    const elsewhere = tempDir('aa-link-');
    const bundle = path.join(elsewhere, 'b');
    mkdirSync(bundle);
    for (const n of ['logins.csv', 'roles.csv']) writeFileSync(path.join(bundle, n), readFileSync(path.join(root, 'bundle', n)));
    symlinkSync('/etc/hostname', path.join(bundle, 'users.csv'));
    const r = run(['verify', out, '--input', bundle]);
    expect(r.stderr).toMatch(/the input users\.csv resolves outside .* \(a symbolic link\)/);
    expect(r.status).toBe(2);
  });

  it('--rerun re-performs the audit: a findings.json edited together with its hash is caught', () => {
    const { out } = audit();
    let r = run(['verify', out, '--rerun']);
    expect(r.stdout).toMatch(/rerun: the audit re-performed from the inputs writes 3 of the outputs byte for byte/);
    expect(r.status).toBe(0);
    forgeFindings(out);
    expect(run(['verify', out]).status).toBe(0); // the hashes alone cannot tell
    r = run(['verify', out, '--rerun']);
    expect(r.stdout).toMatch(/^DIFFERS {2}findings\.json: re-performed from the inputs/m);
    expect(r.status).toBe(1);
  });

  it('follows a decisions folder to its audit: re-running the audit into the same folder breaks the chain, and verify says so', () => {
    const { root, bundle, out } = audit();
    const decided = path.join(root, 'decisions');
    const d = run(['decisions', '--workbook', path.join(out, 'access-review.xlsx'), '--run', out, '--out', decided]);
    expect(d.stderr).toBe('');
    let r = run(['verify', decided]);
    expect(r.stdout).toMatch(/chain: the decisions were made on the audit in .*audit, which still matches its manifest\.json/);
    expect(r.status).toBe(0);
    expect(run(['run', '--input', bundle, '--out', out, '--as-of', '2026-10-31', '--replace', '-q']).status).toBe(0);
    r = run(['verify', decided]);
    expect(r.stdout).toMatch(/^CHAIN {2}.*audit now holds another audit \(manifest\.json sha256 [0-9a-f]{64}\); these decisions were made on the audit whose manifest\.json had sha256 [0-9a-f]{64}/m);
    expect(r.status).toBe(1);
  });
});

describe('signed runs', () => {
  const keys = () => {
    const dir = tempDir('aa-keys-');
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const other = generateKeyPairSync('ed25519').publicKey;
    writeFileSync(path.join(dir, 'audit.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(path.join(dir, 'audit.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(path.join(dir, 'other.pub'), other.export({ type: 'spki', format: 'pem' }));
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    writeFileSync(path.join(dir, 'rsa.key'), rsa.export({ type: 'pkcs8', format: 'pem' }));
    return dir;
  };

  it('run --sign-key writes manifest.sig; verify --public-key checks it, and catches a forged findings.json', () => {
    const k = keys();
    const { out } = audit(['--sign-key', path.join(k, 'audit.key')]);
    expect(readdirSync(out)).toContain('manifest.sig');
    let r = run(['verify', out, '--public-key', path.join(k, 'audit.pub')]);
    expect(r.stdout).toMatch(/signature: manifest\.sig is a valid Ed25519 signature of manifest\.json/);
    expect(r.status).toBe(0);
    r = run(['verify', out, '--public-key', path.join(k, 'other.pub')]);
    expect(r.stdout).toMatch(/^BAD SIGNATURE/m);
    expect(r.status).toBe(1);
    forgeFindings(out);
    r = run(['verify', out, '--public-key', path.join(k, 'audit.pub')]);
    expect(r.stdout).toMatch(/^BAD SIGNATURE {2}manifest\.sig does not match manifest\.json/m);
    expect(r.status).toBe(1);
  });

  it('an unsigned audit fails a check with --public-key; a key that is not Ed25519 is refused before any work', () => {
    const k = keys();
    const { out } = audit();
    const r = run(['verify', out, '--public-key', path.join(k, 'audit.pub')]);
    expect(r.stdout).toMatch(/^UNSIGNED/m);
    expect(r.status).toBe(1);
    const bad = run(['run', '--input', makeBundle(BUNDLE), '--out', path.join(tempDir(), 'o'), '--sign-key', path.join(k, 'rsa.key')]);
    expect(bad.stderr).toMatch(/rsa\.key: is a rsa key; access-audit signs with Ed25519 keys/);
    expect(bad.status).toBe(2);
  });
});

describe('every file the run read is in the manifest', () => {
  it('lists and hashes the config, the exceptions file and the previous findings', () => {
    const prev = audit();
    const files = tempDir('aa-files-');
    const cfg = path.join(files, 'config.yaml');
    writeFileSync(cfg, 'inactive_days: 60\n');
    const exc = path.join(files, 'exceptions.yaml');
    writeFileSync(exc, '- {rule: inactive-seat, subject: u2, reason: leave, approved_by: ciso, expires: 2027-01-01}\n');
    const out = path.join(tempDir(), 'audit');
    const previous = path.join(prev.out, 'findings.json');
    const r = run(['run', '--input', prev.bundle, '--out', out, '--as-of', '2026-09-30', '--config', cfg, '--exceptions', exc, '--previous', previous, '-q']);
    expect(r.stderr).toBe('');
    const m = readJson<{ other_inputs: Array<{ role: string; file: string; sha256: string }> }>(path.join(out, 'manifest.json'));
    expect(m.other_inputs.map((o) => [o.role, o.file, o.sha256])).toEqual([
      ['config', cfg, sha(readFileSync(cfg))],
      ['exceptions', exc, sha(readFileSync(exc))],
      ['previous', previous, sha(readFileSync(previous))],
    ]);
  });
});

describe('byte-reproducible outputs', () => {
  it('the same inputs, as-of and config give the same bytes for every output, the workbook included', async () => {
    const input = makeBundle(BUNDLE);
    const a = path.join(tempDir(), 'a');
    const b = path.join(tempDir(), 'b');
    expect(run(['run', '--input', input, '--out', a, '--as-of', '2026-09-30', '-q']).status).toBe(0);
    await new Promise((r) => setTimeout(r, 2100)); // zip times have a 2-second resolution
    expect(run(['run', '--input', input, '--out', b, '--as-of', '2026-09-30', '-q']).status).toBe(0);
    for (const f of ['findings.json', 'access-review.xlsx', 'access-review.html', 'manifest.json']) {
      expect(sha(readFileSync(path.join(b, f))), f).toBe(sha(readFileSync(path.join(a, f))));
    }
  });
});
