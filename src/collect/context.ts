// What every platform's collector shares: requests with the credential headers, the
// native files written page by page into the staging folder, the per-file record of
// collection.json, progress, and the completeness checks (a file never ends short of
// the total its API stated, or with a cursor still to follow).
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { Progress } from '../progress.js';
import { Cancelled, HttpStatusError, send, type HttpSettings, type Request } from './http.js';
import { PagesFile } from './pages-file.js';
import { clean } from './redact.js';
import type { CollectedFile, LeftOutFile } from './record.js';

/** How a source authenticates: headers for a request, what to say on 401/403, re-auth. */
export interface Auth {
  headers(): Promise<Record<string, string>>;
  /** The credential variable(s) a 401/403 names. */
  variable: string;
  /** On 401: get a fresh credential; true to try again. */
  refresh?: () => Promise<boolean>;
  /** What a 403 means for this source. */
  forbidden: string;
}

export interface RequestInit {
  method?: 'GET' | 'POST';
  body?: string;
  contentType?: string;
  /** How messages and the record name the request (default: its path and query). */
  endpoint?: string;
}

export class Collector {
  readonly files: CollectedFile[] = [];
  readonly leftOut: LeftOutFile[] = [];
  /** Stops every file's paging when one of them fails. */
  private readonly stop = new AbortController();
  /** Files being paged, for the progress line. */
  private readonly active = new Map<string, FileCollection>();

  constructor(
    readonly dir: string,
    readonly settings: HttpSettings,
    readonly progress: Progress,
  ) {}

  /**
   * Page several files side by side (each file's pages stay in order): a server's latency,
   * not its throughput, bounds a sequential export. The first failure stops the others;
   * it is thrown once they have all stopped, so nothing writes into a discarded folder.
   */
  async parallel(tasks: (() => Promise<void>)[]): Promise<void> {
    const results = await Promise.allSettled(
      tasks.map((t) =>
        t().catch((e: unknown) => {
          this.stop.abort();
          throw e;
        }),
      ),
    );
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
    const first = failed.find((e) => !(e instanceof Cancelled)) ?? failed[0];
    if (first !== undefined) throw first;
  }

  /** The progress line: each file being paged, its page and records so far. */
  report(f: FileCollection, active: boolean): void {
    if (active) this.active.set(f.file, f);
    else this.active.delete(f.file);
    const parts = [...this.active.values()].map((x) => `${x.file} · page ${x.pages} · ${x.records.toLocaleString('en-US')} records`);
    if (parts.length) this.progress.phase('Collecting', parts.join(' | '));
  }

  private readonly opened: PagesFile[] = [];

  /** Start a native file; `endpoint` is its first request's path and query. */
  open(file: string, endpoint: string): FileCollection {
    const out = new PagesFile(path.join(this.dir, file));
    this.opened.push(out);
    return new FileCollection(this, file, endpoint, out);
  }

  /** Close every file still open (a failed collection), so its folder can be removed whole. */
  async closeAll(): Promise<void> {
    this.stop.abort();
    await Promise.all(this.opened.map((f) => f.destroy()));
  }

  /** One request, JSON expected; the body text as returned and its parsed value. */
  async request(base: URL, pathAndQuery: string, auth: Auth, init: RequestInit = {}) {
    const url = join(base, pathAndQuery);
    const endpoint = init.endpoint ?? endpointOf(url);
    const headers: Record<string, string> = { accept: 'application/json', ...(await auth.headers()) };
    if (init.contentType) headers['content-type'] = init.contentType;
    const req: Request = { method: init.method ?? 'GET', url, headers, body: init.body, json: true };
    try {
      const res = await send(req, endpoint, this.settings, async (status) => {
        if (status !== 401 || !auth.refresh) return false;
        const ok = await auth.refresh();
        if (ok) req.headers = { ...req.headers, ...(await auth.headers()) };
        return ok;
      }, this.stop.signal, (what, attempt, wait) =>
        this.progress.phase('Collecting', `${endpoint}: ${what}; retry ${attempt} of ${this.settings.retries} in ${(wait / 1000).toFixed(1)} s`),
      );
      return { text: res.text, json: res.json, attempts: res.attempts, endpoint };
    } catch (e) {
      if (e instanceof HttpStatusError) throw statusError(e, auth);
      throw e;
    }
  }
}

export class FileCollection {
  records = 0;
  requests = 0;
  private done = false;

  constructor(
    private readonly c: Collector,
    readonly file: string,
    readonly endpoint: string,
    private readonly out: PagesFile,
  ) {}

  get pages(): number {
    return this.out.pages;
  }

  /** Fetch one page and append it to the file as returned; `count` says how many records it holds. */
  async page<T>(base: URL, pathAndQuery: string, auth: Auth, count: (json: unknown, endpoint: string) => T & { records: number }, init?: RequestInit): Promise<T & { records: number }> {
    const res = await this.c.request(base, pathAndQuery, auth, init);
    this.requests += res.attempts;
    const counted = count(res.json, res.endpoint);
    await this.out.page(res.text);
    this.records += counted.records;
    this.c.report(this, true);
    return counted;
  }

  /**
   * Close the file. A stated total the records fall short of, or a cursor left on the
   * last page, is refused: collect never writes a bundle `run` would refuse.
   */
  async finish(reportedTotal: number | null, leftCursor: string | null = null): Promise<CollectedFile> {
    if (reportedTotal !== null && this.records < reportedTotal) {
      throw new UsageError(
        `${this.endpoint}: the API stated ${reportedTotal} records but paging ended after ${this.records} (${this.out.pages} pages); the export would be incomplete, so nothing was written`,
      );
    }
    if (leftCursor !== null) {
      throw new UsageError(
        `${this.endpoint}: paging ended on an empty page that still carries a cursor (${clean(leftCursor).slice(0, 80)}) after ${this.records} records in ${this.out.pages} pages; the export would be incomplete, so nothing was written`,
      );
    }
    const { sha256, bytes } = await this.out.close();
    this.done = true;
    this.c.report(this, false);
    const rec: CollectedFile = {
      file: this.file,
      endpoint: this.endpoint,
      requests: this.requests,
      pages: this.out.pages,
      records: this.records,
      reported_total: reportedTotal,
      sha256,
      bytes,
    };
    this.c.files.push(rec);
    return rec;
  }

  /** Leave the file out of the bundle, for a reason collection.json records. */
  async leaveOut(reason: string): Promise<void> {
    if (!this.done) await this.out.remove();
    this.done = true;
    this.c.leftOut.push({ file: this.file, endpoint: this.endpoint, reason });
  }
}

/** `base` (which may carry a path prefix) joined with an absolute path and query. */
export function join(base: URL, pathAndQuery: string): URL {
  const prefix = base.pathname.replace(/\/+$/, '');
  return new URL(prefix + pathAndQuery, base.origin);
}

/** Path and query of a URL: no scheme, host or credential. */
export function endpointOf(url: URL): string {
  return url.pathname + url.search;
}

function statusError(e: HttpStatusError, auth: Auth): UsageError {
  const api = e.apiText ? ` ("${e.apiText}")` : '';
  if (e.status === 401) return new UsageError(`${e.endpoint}: answered 401 Unauthorized${api}: the credential in ${auth.variable} was not accepted`);
  if (e.status === 403) return new UsageError(`${e.endpoint}: answered 403 Forbidden${api}: ${auth.forbidden} (${auth.variable})`);
  return new UsageError(`${e.endpoint}: answered ${e.status}${api}`);
}

/** Check a response's shape: a wrong one stops with the endpoint and what was expected. */
export function expectShape(ok: boolean, endpoint: string, expected: string): void {
  if (!ok) throw new UsageError(`${endpoint}: the response is not ${expected}; is --url the right server?`);
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
