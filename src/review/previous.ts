// The previous review (--previous <findings.json>): what changed since last quarter.
//
// Every finding of this run gets `change` ("new" | "persisting", by finding id — ids are
// stable: same rule + same subject ⇒ same id) and `first_seen` (the as-of date it was first
// reported, carried forward from the previous run's `first_seen`, else that run's as-of).
// Previous findings whose ids are gone are listed in `resolved`.
import { z } from 'zod';
import { InputError, UsageError } from '../errors.js';
import { SEVERITIES, compareFindings, type Finding, type FindingsDocument, type PlatformId, type Severity } from '../model.js';
import { isCalendarDate } from './exceptions.js';
import { checkJsonShape, parseJsonText, readTextInput, shownPath } from './json-input.js';
import { previousFindingsPath } from './previous-path.js';

const DateString = z.string().refine(isCalendarDate, { message: 'must be a date YYYY-MM-DD' });

const PreviousFinding = z.object({
  id: z.string().min(1),
  rule: z.string().min(1),
  severity: z.enum(SEVERITIES as unknown as [Severity, ...Severity[]]),
  subject: z.object({ kind: z.string(), id: z.string(), name: z.string().nullable() }),
  message: z.string(),
  first_seen: DateString.optional(),
});

const PreviousSeat = z.object({
  license: z.string(),
  in_use: z.number().nullable().optional(),
  purchased: z.number().nullable().optional(),
  idle: z.number().nullable().optional(),
  projected: z.number().nullable().optional(),
});

const PreviousDocument = z.object({
  schema_version: z.literal(1, { message: 'this access-audit reads findings.json schema_version 1' }),
  tool: z.object({ name: z.literal('access-audit', { message: 'not written by access-audit' }) }),
  platform: z.enum(['domino', 'dagster']),
  as_of: DateString,
  findings: z.array(PreviousFinding),
  seats: z.array(PreviousSeat).optional(),
  seats_history: z.array(z.object({ as_of: DateString, seats: z.array(PreviousSeat) })).optional(),
});

type PrevFinding = z.infer<typeof PreviousFinding>;

/** A previous run's findings, as much of them as the comparison needs. */
export interface PreviousRun {
  /** The file as shown in messages. */
  file: string;
  platform: PlatformId;
  as_of: string;
  findings: PrevFinding[];
  /** Its findings on seat holders, as the license position reads them (src/license/position.ts). */
  seat_findings?: SeatFinding[];
  /** The previous run's license position and its history (absent before issue 16). */
  seats?: z.infer<typeof PreviousSeat>[];
  seats_history?: Array<{ as_of: string; seats: z.infer<typeof PreviousSeat>[] }>;
}

export interface SeatFinding {
  rule: string;
  subject_id: string;
  status: string | null;
  license: string | null;
  direction: string | null;
}

/** The previous run's inactive-seat and mislicensed-user findings with the license they named. */
function seatFindings(raw: unknown): SeatFinding[] {
  const list = (raw as { findings?: unknown }).findings;
  if (!Array.isArray(list)) return [];
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  const out: SeatFinding[] = [];
  for (const f of list as Array<Record<string, unknown>>) {
    if (f.rule !== 'inactive-seat' && f.rule !== 'mislicensed-user') continue;
    const ev = f.evidence !== null && typeof f.evidence === 'object' ? (f.evidence as Record<string, unknown>) : {};
    const subject = f.subject as { id?: unknown };
    if (typeof subject?.id !== 'string') continue;
    out.push({ rule: f.rule, subject_id: subject.id, status: str(f.status), license: str(ev.license_name) ?? str(ev.license), direction: str(ev.direction) });
  }
  return out;
}

export type ResolvedFinding = NonNullable<FindingsDocument['resolved']>[number];

/** Load a previous findings.json (or the one in an audit folder); anything but an access-audit findings.json of schema 1 is an InputError. */
export async function loadPrevious(value: string): Promise<PreviousRun> {
  const file = previousFindingsPath(value);
  const shown = shownPath(file);
  const text = await readTextInput(file, shown, 'previous findings file');
  const raw = parseJsonText(text, shown, 'previous findings file');
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || !('findings' in raw) || !('schema_version' in raw)) {
    throw new InputError({ file: shown, line: 1, column: 1 }, 'is not a findings.json written by access-audit (no schema_version and findings); pass the findings.json of the last review');
  }
  const doc = checkJsonShape(PreviousDocument, raw, text, shown, 'previous findings file');
  const ids = new Set<string>();
  for (const [i, f] of doc.findings.entries()) {
    if (ids.has(f.id)) {
      throw new InputError({ file: shown }, `previous findings file findings[${i}]: the id "${f.id}" appears twice; the file was edited or is not a findings.json`);
    }
    ids.add(f.id);
  }
  return { file: shown, platform: doc.platform, as_of: doc.as_of, findings: doc.findings, seat_findings: seatFindings(raw), seats: doc.seats, seats_history: doc.seats_history };
}

/**
 * Compare this run with the previous one; returns a new document with `change`,
 * `first_seen` on every finding and `resolved` (sorted like findings).
 * A previous run of another platform is an InputError; one with a later as-of than this
 * run is a UsageError (the arguments are the wrong way round). An equal as-of is allowed
 * (the same quarter audited again).
 */
export function applyPrevious(doc: FindingsDocument, prev: PreviousRun): FindingsDocument {
  if (prev.platform !== doc.platform) {
    throw new InputError({ file: prev.file }, `--previous is a ${prev.platform} audit, but this run audits ${doc.platform}`);
  }
  if (prev.as_of > doc.as_of) {
    throw new UsageError(
      `--previous ${prev.file} is the audit as of ${prev.as_of}, later than this run's as-of ${doc.as_of}; pass the findings.json of an earlier review`,
    );
  }
  const before = new Map<string, PrevFinding>();
  for (const f of prev.findings) before.set(f.id, f);
  const now = new Set<string>();
  const findings = doc.findings.map((f): Finding => {
    now.add(f.id);
    const p = before.get(f.id);
    return p
      ? { ...f, change: 'persisting', first_seen: p.first_seen ?? prev.as_of }
      : { ...f, change: 'new', first_seen: doc.as_of };
  });
  const resolved: ResolvedFinding[] = prev.findings
    .filter((p) => !now.has(p.id))
    .map((p) => ({
      id: p.id,
      rule: p.rule,
      severity: p.severity,
      subject: { kind: p.subject.kind as Finding['subject']['kind'], id: p.subject.id, name: p.subject.name },
      message: p.message,
      first_seen: p.first_seen ?? prev.as_of,
    }));
  resolved.sort(compareFindings);
  return { ...doc, findings, resolved };
}
