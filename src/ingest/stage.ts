// Native dumps are flattened into staging tables (all text) before SQL converts them; each
// staged row remembers the JSON path it came from, so a value that fails a check later is
// reported at its line and column in the file.
import type { Db } from '../db.js';
import type { JsonDoc } from './json.js';
import type { Completeness } from './population.js';

export type Cell = string | null;
export type JsonPath = (string | number)[];

/** Rows for a staging table, each remembering the JSON path it came from. */
export class Stage {
  readonly rows: Cell[][] = [];
  readonly paths: JsonPath[] = [];
  add(path: JsonPath, ...cells: Cell[]): void {
    this.paths.push(path);
    this.rows.push(cells);
  }
}

/** Append staged rows: (idx, src, …cells), in the staging table's column order. */
export async function appendStage(db: Db, table: string, src: number, stage: Stage): Promise<void> {
  const app = await db.conn.createAppender(table);
  stage.rows.forEach((row, idx) => {
    app.appendBigInt(BigInt(idx));
    app.appendUSmallInt(src);
    for (const v of row) (v === null ? app.appendNull() : app.appendVarchar(v));
    app.endRow();
  });
  app.closeSync();
}

export interface NativeLoad {
  /** Records loaded (the row count reported in the manifest). */
  rows: number;
  /** Where staging row `idx` of a canonical table came from, for error messages. */
  locate: (table: string, idx: number, field?: JsonPath) => { line: number; column: number } | undefined;
  /** What the file's envelope said about its completeness (totals, cursors), when it says anything. */
  completeness?: Completeness;
  /** Things the reader noticed that the report must say (e.g. roles not exported): warnings. */
  /** Canonical inputs (or markers such as "projects_without_collaborators") this file provides beyond its kind. */
  alsoProvides?: string[];
  notes?: Array<{ kind: string; message: string; count: number; examples: string[] }>;
}

/** A NativeLoad.locate over the stages that fed each canonical table. */
export function locator(doc: JsonDoc<unknown>, byTable: Record<string, Stage>): NativeLoad['locate'] {
  return (table, idx, field = []) => {
    const path = byTable[table]?.paths[idx];
    return path ? doc.locate([...path, ...field]) : undefined;
  };
}

/** undefined and null both become SQL NULL. */
export const cell = (v: string | null | undefined): Cell => (v === undefined || v === null ? null : v);
