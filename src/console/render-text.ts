// The console report of a run: a dozen lines, one screen for the sample, most important
// facts first and the manifest's SHA-256 last (to paste into a ticket). Every text that
// comes from the export or the command line (ids, names, paths) goes through
// safeForTerminal; long ones are clipped.
import { SEVERITIES, type Severity } from '../model.js';
import { safeForTerminal } from '../terminal-text.js';
import type { RunSummary, SeverityCounts, SubjectRef } from './summary.js';
import type { Style } from './style.js';

const LABEL = 11; // "Exceptions " — the widest label and its space
const WIDTH = 80; // lists wrap here: an 80-column terminal shows every line whole
const LISTED = 3; // exceptions named per kind

/** Export text made safe, and clipped so one hostile name cannot fill the screen. */
export function shown(s: string, max = 60): string {
  const safe = safeForTerminal(s);
  return safe.length > max ? safe.slice(0, max - 1) + '…' : safe;
}

const day = (instant: string | null): string => (instant ? instant.slice(0, 10) : '-');
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function severities(c: SeverityCounts, st: Style): string {
  return SEVERITIES.filter((s) => c[s] > 0)
    .map((s) => st.severity(s, `${c[s]} ${s}`))
    .join(' · ');
}

function subject(r: SubjectRef): string {
  const id = shown(r.subject, 40);
  return r.name && r.name !== r.subject ? `${shown(r.name, 40)} (${id})` : id;
}

/** Items joined by ", ", wrapped at WIDTH, continuation lines indented under the label. */
function wrapList(first: string, items: string[]): string[] {
  const lines: string[] = [];
  let cur = first;
  items.forEach((item, i) => {
    const piece = item + (i < items.length - 1 ? ',' : '');
    if (cur.trim() === '') cur += piece;
    else if (cur.length + 1 + piece.length > WIDTH) {
      lines.push(cur);
      cur = ' '.repeat(LABEL) + piece;
    } else cur = `${cur} ${piece}`;
  });
  lines.push(cur);
  return lines;
}

/** `text` broken at spaces into lines of at most `width` characters (a longer word stays whole). */
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const word of text.split(' ')) {
    if (cur !== '' && cur.length + 1 + word.length > width) {
      lines.push(cur);
      cur = word;
    } else cur = cur === '' ? word : `${cur} ${word}`;
  }
  lines.push(cur);
  return lines;
}

export function renderRunReport(s: RunSummary, st: Style): string[] {
  const label = (l: string) => st.bold(l.padEnd(LABEL));
  const cont = ' '.repeat(LABEL);
  const out: string[] = [];

  out.push(`access-audit ${s.tool_version}: audited ${shown(s.input, 80)} (${s.platform}) in ${s.elapsed_seconds.toFixed(1)} s`);

  // The review period first: every finding depends on it.
  out.push(label('As of') + s.as_of + (s.as_of_source === 'given' ? '' : st.dim(' (today: --as-of was not given)')));
  const days = s.window.inactive_days === null ? '' : ` (${s.window.inactive_days} days)`;
  out.push(label('Window') + `activity ${day(s.window.from)} to ${day(s.window.to)}${days}`);
  out.push(label('Events') + (s.events.latest === null ? 'none in the data' : `${day(s.events.earliest)} to ${day(s.events.latest)} in the data`));
  const stale = s.warnings.stale_data;
  if (stale) {
    const newest = day(stale.latest_event);
    const words = `! the newest event is ${newest}, ${stale.days_before_as_of} days before the as-of date: users look inactive for days the export does not cover. Pass --as-of ${newest} (or the date the export was taken).`;
    out.push(...wrapWords(words, WIDTH - LABEL).map((l) => cont + st.yellow(l)));
  }

  // What was found.
  const f = s.findings;
  if (f.total === 0) out.push(label('Findings') + 'none');
  else {
    const split = f.excepted > 0 ? ` (${f.open} open, ${f.excepted} excepted)` : '';
    out.push(label('Findings') + `${f.total}: ${severities(f.by_severity, st)}${split}`);
  }
  const idWidth = Math.max(0, ...s.rules.map((r) => r.id.length));
  s.rules.forEach((r, i) => {
    const head = (i === 0 ? label('Rules') : cont) + `${r.id.padEnd(idWidth)}  `;
    if (r.evaluated) {
      out.push(head + plural(r.findings, 'finding'));
      return;
    }
    // The reason (it already reads "not evaluated: …" in findings.json), wrapped under itself.
    const reason = safeForTerminal(r.reason ?? 'no reason given').replace(/^not evaluated:\s*/, '');
    const indent = ' '.repeat(LABEL + idWidth + 2);
    const lines = wrapWords(`not evaluated: ${reason}`, WIDTH - indent.length);
    out.push(head + st.yellow(lines[0]!), ...lines.slice(1).map((l) => indent + st.yellow(l)));
  });

  // How far to trust it.
  const w = s.warnings;
  if (w.count === 0) out.push(label('Warnings') + 'none: the bundle read cleanly');
  else {
    const kinds = Object.entries(w.kinds)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, n]) => (n > 1 ? `${k} (${n})` : k));
    out.push(...wrapList('Warnings'.padEnd(LABEL) + `${w.count} about the data:`, kinds).map((l) => st.yellow(l)));
    out.push(cont + st.dim("details: findings.json, the workbook's Summary sheet, the page"));
  }

  if (s.exceptions) {
    const e = s.exceptions;
    out.push(label('Exceptions') + `${e.excepted} applied · ${e.expired.length} expired · ${e.stale.length} stale`);
    const list = (what: string, refs: SubjectRef[], label: (r: SubjectRef) => string, note: string) => {
      refs.slice(0, LISTED).forEach((r) => out.push(cont + st.yellow(`${label(r)}: ${shown(r.rule, 40)} ${subject(r)}`) + st.dim(` (${note})`)));
      if (refs.length > LISTED) out.push(cont + st.dim(`… and ${refs.length - LISTED} more ${what} (findings.json)`));
    };
    list('expired', e.expired, (r) => `expired ${r.expires ?? ''}`.trim(), 'open again');
    list('stale', e.stale, () => 'stale', 'matches no finding');
  }

  if (s.changes) {
    const c = s.changes;
    out.push(label('Changes') + `${c.new} new · ${c.persisting} persisting · ${c.resolved} resolved since the previous review`);
  }

  if (s.fail_on) {
    const fo = s.fail_on;
    const at = fo.severity === 'critical' ? 'critical' : `${fo.severity} or above`;
    if (!fo.failed) out.push(label('Fail-on') + st.green(`passed: no open finding at ${at}`));
    else {
      out.push(
        label('Fail-on') +
          st.red(st.bold(`exit 1: ${plural(fo.count, 'open finding')} at ${at}`)) +
          ` (${severities(fo.by_severity, st)})`,
      );
      const sevWidth = Math.max(...fo.examples.map((r) => r.severity!.length));
      const ruleWidth = Math.max(...fo.examples.map((r) => r.rule.length));
      for (const r of fo.examples) {
        out.push(cont + `  ${st.severity(r.severity as Severity, r.severity!.padEnd(sevWidth))}  ${r.rule.padEnd(ruleWidth)}  ${subject(r)}`);
      }
      if (fo.count > fo.examples.length) out.push(cont + st.dim(`  … and ${fo.count - fo.examples.length} more in findings.json`));
    }
  }

  const files = s.outputs.length > 6 ? [...s.outputs.slice(0, 6), `and ${s.outputs.length - 6} more`] : s.outputs;
  out.push(label('Written') + shown(s.out, 80), ...wrapList(cont, files));
  out.push(`manifest.json SHA-256 ${st.bold(s.manifest_sha256)}`);
  return out;
}
