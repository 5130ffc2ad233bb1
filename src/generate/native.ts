// Native JSON dumps: DuckDB writes one JSON record per line (fast, streaming, any size);
// this module wraps those lines into the response envelope each API returns, streaming
// too, so memory stays bounded by one chunk whatever the file size.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';

export type Layout =
  /** `[rec, rec, …]` — e.g. GET /v4/projects, the Keycloak events API. */
  | { type: 'array' }
  /** One response object `{key: [rec, …], …footer(count)}`. */
  | { type: 'object'; key: string; footer: (count: number) => Record<string, unknown> }
  /**
   * Paged responses `[{key: [rec, …], …footer}, …]`, pageSize records each. With `single`,
   * the caller knows everything fits one page and gets one bare response object instead.
   */
  | {
      type: 'pages';
      key: string;
      pageSize: number;
      single?: boolean;
      footer: (page: { index: number; offset: number; count: number; last: boolean }) => Record<string, unknown>;
    };

/** The members of a JSON object, without its braces, to append after a `]`. */
const tail = (extra: Record<string, unknown>): string => {
  const s = JSON.stringify(extra);
  return s.length > 2 ? ',' + s.slice(1, -1) : '';
};

/** Read `linesFile` (one JSON record per line) and write `outFile` in the given layout. */
export async function wrapLines(linesFile: string, outFile: string, layout: Layout): Promise<number> {
  const out = createWriteStream(outFile);
  let buffered: string[] = [];
  let bufferedBytes = 0;
  const emit = async (s: string): Promise<void> => {
    buffered.push(s);
    bufferedBytes += s.length;
    if (bufferedBytes > 1 << 20) {
      const ok = out.write(buffered.join(''));
      buffered = [];
      bufferedBytes = 0;
      if (!ok) await once(out, 'drain');
    }
  };

  const pageSize = layout.type === 'pages' ? layout.pageSize : Number.POSITIVE_INFINITY;
  const paged = layout.type === 'pages' && !layout.single;
  const key = layout.type === 'array' ? undefined : layout.key;
  let count = 0;
  let inPage = 0;

  const open = async (): Promise<void> => {
    if (layout.type === 'array') await emit('[\n');
    else await emit((paged && count === 0 ? '[\n' : '') + `{${JSON.stringify(key)}:[\n`);
  };
  const closePage = async (last: boolean): Promise<void> => {
    if (layout.type !== 'pages') return;
    const index = Math.floor((count - 1) / pageSize);
    const footer = layout.footer({ index, offset: index * pageSize, count: inPage, last });
    await emit(`\n]${tail(footer)}}${paged ? (last ? '\n]\n' : ',\n') : '\n'}`);
    inPage = 0;
  };

  // One record of lookahead: a page is closed only when we know whether another follows.
  let pending: string | undefined;
  const flushPending = async (last: boolean): Promise<void> => {
    if (pending === undefined) return;
    if (inPage === 0) await open();
    else await emit(',\n');
    await emit(pending);
    count++;
    inPage++;
    pending = undefined;
    if (inPage === pageSize || last) await closePage(last);
  };

  const input = createReadStream(linesFile, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let rest = '';
  for await (const chunk of input as AsyncIterable<string>) {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    for (const line of parts) {
      if (line === '') continue;
      await flushPending(false);
      pending = line;
    }
  }
  if (rest !== '') {
    await flushPending(false);
    pending = rest;
  }
  await flushPending(true);

  if (count === 0) {
    // No records: an empty array, an empty response, or one empty page.
    if (layout.type === 'array') await emit('[]\n');
    else if (layout.type === 'object') await emit(`{${JSON.stringify(layout.key)}:[]${tail(layout.footer(0))}}\n`);
    else {
      const body = `{${JSON.stringify(layout.key)}:[]${tail(layout.footer({ index: 0, offset: 0, count: 0, last: true }))}}`;
      await emit(paged ? `[\n${body}\n]\n` : body + '\n');
    }
  } else if (layout.type === 'array') {
    await emit('\n]\n');
  } else if (layout.type === 'object') {
    await emit(`\n]${tail(layout.footer(count))}}\n`);
  }
  out.end(buffered.join(''));
  await once(out, 'finish');
  return count;
}
