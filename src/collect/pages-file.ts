// A native file written as a JSON array of the API's responses, each page as returned,
// appended as it arrives: memory holds one page whatever the number of pages. The
// SHA-256 and size are computed on the bytes written, for collection.json.
import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';

export class PagesFile {
  private readonly out: WriteStream;
  private readonly hash = createHash('sha256');
  private bytes = 0;
  pages = 0;

  constructor(readonly path: string) {
    this.out = createWriteStream(path, { flags: 'wx' });
  }

  private async write(s: string): Promise<void> {
    const buf = Buffer.from(s, 'utf8');
    this.hash.update(buf);
    this.bytes += buf.length;
    if (!this.out.write(buf)) await once(this.out, 'drain');
  }

  /** Append one response body, exactly as the API returned it (surrounding whitespace trimmed). */
  async page(body: string): Promise<void> {
    await this.write((this.pages === 0 ? '[\n' : ',\n') + body.trim());
    this.pages++;
  }

  /** Close the array and the file; returns its SHA-256 and size. */
  async close(): Promise<{ sha256: string; bytes: number }> {
    await this.write(this.pages === 0 ? '[]\n' : '\n]\n');
    await new Promise<void>((resolve, reject) => this.out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    return { sha256: this.hash.digest('hex'), bytes: this.bytes };
  }

  /** Close the file whatever state it is in, before its folder is removed (a failed collection). */
  async destroy(): Promise<void> {
    if (this.out.closed) return;
    const closed = once(this.out, 'close').catch(() => undefined);
    this.out.destroy();
    await closed;
  }

  /** Close and delete the file (it is left out of the bundle). */
  async remove(): Promise<void> {
    await new Promise<void>((resolve) => this.out.end(() => resolve()));
    await rm(this.path, { force: true });
  }
}
