// Config values the platform does not use are said, not silently ignored: a Dagster+ audit
// has one license, its seat (seat_price, purchased_seats), so prices or purchased seats
// given to the `licenses` catalog have no effect there.
import path from 'node:path';
import type { Config } from '../config.js';
import type { FindingsDocument, Warning } from '../model.js';

export function withConfigWarnings(doc: FindingsDocument, config: Config, configFile: string | undefined): FindingsDocument {
  if (doc.platform !== 'dagster' || !configFile) return doc;
  const priced = config.licenses.filter((l) => l.monthly_price !== null || l.purchased_seats !== undefined);
  if (priced.length === 0) return doc;
  const warning: Warning = {
    kind: 'config-ignored',
    file: path.basename(configFile),
    count: priced.length,
    message: 'Dagster+ has one license, its seat: the prices and purchased seats of the licenses catalog are not used; set seat_price (monthly) and purchased_seats instead',
    examples: priced.map((l) => l.name).slice(0, 5),
  };
  const warnings = [...doc.warnings, warning].sort((a, b) => (a.kind !== b.kind ? (a.kind < b.kind ? -1 : 1) : a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { ...doc, warnings };
}
