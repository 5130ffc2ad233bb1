// The population section of the Evidence sheet and the page: per input file the records
// read against the total its source stated, how completeness was checked (or why it could
// not be), the span of its events; the files present but not read; the users outside the
// review. Both writers render the same rows.
import type { Population } from '../ingest/population.js';

export interface PopulationFileRow {
  file: string;
  kind: string;
  records: number;
  stated: number | null;
  /** The stated total for display: a number, or a dash when the source states none. */
  statedText: string;
  checked: string;
  how: string;
  span: string;
  collected: string;
}

export interface PopulationView {
  files: PopulationFileRow[];
  unread: Array<{ file: string; likely: string; why: string }>;
  outside: { users: number; text: string };
  notes: string[];
}

const day = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '');

export function populationView(p: Population | undefined): PopulationView | null {
  if (!p) return null;
  return {
    files: p.files.map((f) => ({
      file: f.file,
      kind: f.kind,
      records: f.records,
      stated: f.stated_total,
      statedText: f.stated_total === null ? '—' : f.stated_total.toLocaleString('en-US'),
      checked: f.checked ? 'yes' : 'no',
      how: f.how,
      span: f.first_event || f.last_event ? `${day(f.first_event)} – ${day(f.last_event)}` : '',
      collected: f.collected ? `${f.collected.endpoint}: ${f.collected.records} records, reported ${f.collected.reported_total ?? 'no total'}` : '',
    })),
    unread: p.unread_files.map((u) => ({ file: u.file, likely: u.likely ?? '', why: u.why })),
    outside: {
      users: p.outside_review.users,
      text: p.outside_review.users === 0
        ? 'No user was created after the evaluation instant.'
        : `${p.outside_review.users} user(s) created after the evaluation instant are outside this review (no findings, Review rows or seats); they are kept where other records name them${p.outside_review.examples.length ? `, e.g. ${p.outside_review.examples.join('; ')}` : ''}.`,
    },
    notes: p.notes,
  };
}

type Cell = string | number | null;

/** The section as sheet rows: [values, role] pairs; the workbook styles each role. */
export function populationSheetRows(p: Population | undefined): Array<{ values: Cell[]; role: 'heading' | 'header' | 'row' | 'text' | 'blank' }> {
  const v = populationView(p);
  if (!v) return [];
  const out: Array<{ values: Cell[]; role: 'heading' | 'header' | 'row' | 'text' | 'blank' }> = [];
  out.push({ values: [], role: 'blank' });
  out.push({ values: ['Population: is every record of the deployment here?'], role: 'heading' });
  out.push({ values: ['Input file', 'Kind', 'Total checked', 'Records read', 'Total stated', 'How completeness was checked; events (first – last)'], role: 'header' });
  for (const f of v.files) {
    const how = [f.how, f.span ? `events ${f.span}` : '', f.collected ? `collected from ${f.collected}` : ''].filter(Boolean).join('; ');
    out.push({ values: [f.file, f.kind, f.checked, f.records, f.stated, how], role: 'row' });
  }
  out.push({ values: [], role: 'blank' });
  out.push({ values: ['Files in the bundle not read', 'Likely meant', '', '', '', 'Why'], role: 'header' });
  if (v.unread.length === 0) out.push({ values: ['(none: every file in the bundle was read)'], role: 'row' });
  for (const u of v.unread) out.push({ values: [u.file, u.likely, '', null, null, u.why], role: 'row' });
  out.push({ values: [], role: 'blank' });
  out.push({ values: [`Users outside the review: ${v.outside.users}`], role: 'header' });
  out.push({ values: [v.outside.text], role: 'text' });
  for (const n of v.notes) out.push({ values: [n], role: 'text' });
  return out;
}
