// The benchmark's baseline, in its own process: DuckDB reading every CSV of a bundle into
// tables and nothing else. Prints {seconds, max_rss_mib} as JSON.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Db, loadQuery, sqlIdent, sqlString } from '../db.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: floor <bundle-dir>');
const started = performance.now();
const db = await Db.open();
const files = readdirSync(dir).filter((f) => f.endsWith('.csv')).sort();
for (const [i, f] of files.entries()) {
  await db.exec(loadQuery('bench/floor.sql', { table: sqlIdent(`t${i}`), path: sqlString(path.join(dir, f)) }));
}
db.close();
process.stdout.write(
  JSON.stringify({ seconds: (performance.now() - started) / 1000, max_rss_mib: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n',
);
