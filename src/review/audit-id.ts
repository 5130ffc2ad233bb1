// The audit id: which audit a workbook or packet belongs to (docs/spec/outputs.md, "The
// review campaign"). Deterministic: a SHA-256 over the input hashes, the as-of, the config
// in force and the tool version, so that `decisions` recomputes it from the manifest of
// --run and refuses a packet of another audit (last quarter's, say), whatever its keys.
// It is written in the Sign-off sheet as text: document properties do not survive every
// spreadsheet application.
import { createHash } from 'node:crypto';

export interface AuditIdParts {
  inputs: ReadonlyArray<{ file: string; sha256: string }>;
  as_of: string;
  config: unknown;
  tool_version: string;
}

/** JSON with object keys sorted at every level (undefined members dropped, as JSON does). */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = canonical(x);
    }
    return out;
  }
  return v;
}

export function auditId(p: AuditIdParts): string {
  const inputs = [...p.inputs].map((i) => [i.file, i.sha256]).sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
  const config = canonical(JSON.parse(JSON.stringify(p.config ?? null)));
  const text = JSON.stringify({ as_of: p.as_of, config, inputs, tool_version: p.tool_version });
  return createHash('sha256').update(text).digest('hex');
}
