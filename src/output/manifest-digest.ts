// The SHA-256 of the manifest.json a run committed, over the file's bytes as they are on
// disk (whatever writes the manifest): the one value that pins every input and output of
// the audit, printed last on the console so it can be pasted into a ticket or a change record.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export async function manifestSha256(outDir: string): Promise<string> {
  const bytes = await readFile(path.join(outDir, 'manifest.json'));
  return createHash('sha256').update(bytes).digest('hex');
}
