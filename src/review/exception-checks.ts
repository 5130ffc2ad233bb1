// Exceptions that can never match: refused instead of silently becoming "stale".
//   - a rule id that is not a rule of the platform (a misspelling) → input error at the rule
//     value's line and column, with the closest id;
//   - a subject that matches no finding but is a user's name, e-mail or username (the id
//     belongs there) → input error at the subject's line and column, naming the id.
// A stale exception whose subject is an id (the finding was resolved) stays stale.
import { loadQuery, type Db } from '../db.js';
import { InputError } from '../errors.js';
import type { ExceptionRecord, FindingsDocument } from '../model.js';
import { exceptionPosition } from './exceptions.js';
import { editDistance } from '../edit-distance.js';

export function checkExceptionRules(exceptions: readonly ExceptionRecord[], ruleIds: readonly string[], shown: string): void {
  const known = new Set(ruleIds);
  for (const e of exceptions) {
    if (known.has(e.rule)) continue;
    const best = [...known].map((id) => [id, editDistance(e.rule.toLowerCase(), id)] as const).sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))[0];
    const hint = best && best[1] <= Math.max(3, Math.floor(e.rule.length / 3)) ? `; did you mean "${best[0]}"?` : '';
    throw new InputError(
      { file: shown, ...(exceptionPosition(e)?.rule ?? {}) },
      `rule "${e.rule}" is not a rule of this audit (the rules are ${[...known].sort().join(', ')})${hint}`,
    );
  }
}

export async function checkExceptionSubjects(db: Db, doc: FindingsDocument, shown: string): Promise<void> {
  const stale = doc.stale_exceptions ?? [];
  if (stale.length === 0) return;
  // the stale exceptions of the document are copies: find the originals' positions by rule + subject
  const rows = await db.all<{ name: string; user_id: string }>(loadQuery(`${doc.platform}/report/user-names.sql`));
  const byName = new Map<string, Set<string>>();
  for (const r of rows) {
    const k = r.name.trim().toLowerCase();
    if (!byName.has(k)) byName.set(k, new Set());
    byName.get(k)!.add(r.user_id);
  }
  const findingsOf = new Map<string, Set<string>>();
  for (const f of doc.findings) {
    if (!findingsOf.has(f.rule)) findingsOf.set(f.rule, new Set());
    findingsOf.get(f.rule)!.add(f.subject.id);
  }
  for (const e of stale) {
    const ids = [...(byName.get(e.subject.trim().toLowerCase()) ?? [])].filter((id) => id !== e.subject).sort();
    if (ids.length === 0) continue;
    const withFinding = ids.filter((id) => findingsOf.get(e.rule)?.has(id));
    const suggest = (withFinding.length ? withFinding : ids).map((id) => `"${id}"`).join(' or ');
    const pos = positionOf(e);
    throw new InputError(
      { file: shown, ...(pos ?? {}) },
      `subject "${e.subject}" matches no finding of ${e.rule} but is a user's name; subject takes the user's id: write subject: ${suggest}`,
    );
  }
}

const originals = new Map<string, ExceptionRecord>();
/** Remember the parsed records so that copies can be located (see checkExceptionSubjects). */
export function rememberExceptions(exceptions: readonly ExceptionRecord[]): void {
  originals.clear();
  for (const e of exceptions) originals.set(`${e.rule}\u0000${e.subject}`, e);
}
function positionOf(e: ExceptionRecord): { line?: number; column?: number } | undefined {
  const o = originals.get(`${e.rule}\u0000${e.subject}`);
  return o ? exceptionPosition(o)?.subject : undefined;
}
