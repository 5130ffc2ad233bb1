// manifest.sig: an Ed25519 signature of manifest.json's exact bytes (base64, one line), so
// that an auditor holding the public key knows who wrote the manifest, not only that the
// files match it. `run --sign-key <private key PEM>` writes it; `verify --public-key <PEM>`
// checks it. Keys: `openssl genpkey -algorithm ed25519 -out audit.key` and
// `openssl pkey -in audit.key -pubout -out audit.pub`.
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';
import { shownPath } from '../review/json-input.js';

export const SIGNATURE_FILE = 'manifest.sig';

async function readKey(file: string, kind: 'private' | 'public'): Promise<KeyObject> {
  const shown = shownPath(path.resolve(file));
  let pem: Buffer;
  try {
    pem = await readFile(file);
  } catch (e) {
    throw new InputError({ file: shown }, `cannot read the ${kind} key (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let key: KeyObject;
  try {
    key = kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
  } catch {
    throw new InputError({ file: shown }, `is not a PEM ${kind} key; make an Ed25519 key with: openssl genpkey -algorithm ed25519`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new InputError({ file: shown }, `is a ${key.asymmetricKeyType ?? 'symmetric'} key; access-audit signs with Ed25519 keys (openssl genpkey -algorithm ed25519)`);
  }
  return key;
}

export const loadSigningKey = (file: string): Promise<KeyObject> => readKey(file, 'private');
export const loadPublicKey = (file: string): Promise<KeyObject> => readKey(file, 'public');

/** Sign `<dir>/manifest.json` into `<dir>/manifest.sig`. */
export async function signManifest(dir: string, key: KeyObject): Promise<void> {
  const bytes = await readFile(path.join(dir, 'manifest.json'));
  await writeFile(path.join(dir, SIGNATURE_FILE), sign(null, bytes, key).toString('base64') + '\n');
}

/** 'valid', 'invalid' (wrong key, or manifest.json or the signature changed) or 'missing'. */
export async function checkSignature(dir: string, key: KeyObject): Promise<'valid' | 'invalid' | 'missing'> {
  let sig: string;
  try {
    sig = (await readFile(path.join(dir, SIGNATURE_FILE), 'utf8')).trim();
  } catch {
    return 'missing';
  }
  const bytes = await readFile(path.join(dir, 'manifest.json'));
  const raw = Buffer.from(sig, 'base64');
  if (raw.length !== 64 || raw.toString('base64') !== sig) return 'invalid';
  return verify(null, bytes, key, raw) ? 'valid' : 'invalid';
}
