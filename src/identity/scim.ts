// scim-users.json: the IdP's SCIM 2.0 `GET /Users` responses (RFC 7644 §3.4.2) saved as
// returned, one ListResponse or a JSON array of them (one per page). Shapes are checked with
// zod (IdPs add many fields: extra ones are fine), resources are flattened into
// stage_scim_users, and queries/common/identity/scim.sql maps them onto the roster.
import { z } from 'zod';
import type { Db } from '../db.js';
import { InputError } from '../errors.js';
import { readJson } from '../ingest/json.js';
import { Stage, appendStage, cell, locator, type NativeLoad } from '../ingest/stage.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const text = z.string().nullish();
const id = z.union([z.string().min(1), z.number()]).transform(String);
/** Booleans as JSON booleans; a few IdPs send "True"/"False". */
const bool = z.union([z.boolean(), z.enum(['true', 'false', 'True', 'False', 'TRUE', 'FALSE'])]).transform((v) => String(v).toLowerCase() === 'true');

const Email = z.object({ value: text, primary: bool.nullish(), type: text });
const Resource = z.object({
  id,
  userName: text,
  externalId: text,
  active: bool,
  displayName: text,
  name: z.object({ formatted: text, givenName: text, familyName: text }).nullish(),
  emails: z.array(Email).nullish(),
  meta: z.object({ lastModified: text }).nullish(),
  [ENTERPRISE]: z
    .object({
      employeeNumber: z.union([z.string(), z.number()]).transform(String).nullish(),
      department: text,
      costCenter: text,
      // `{value, $ref, displayName}`; a bare id string from some IdPs.
      manager: z.union([z.object({ value: text }), z.string()]).nullish(),
    })
    .nullish(),
});
const ListResponse = z.object({
  totalResults: z.number().int().nonnegative(),
  startIndex: z.number().int().nullish(),
  itemsPerPage: z.number().int().nullish(),
  // RFC 7644: Resources may be left out when there are none.
  Resources: z.array(Resource).nullish().transform((v) => v ?? []),
});
const ScimFile = z.union([z.array(ListResponse).min(1), ListResponse.transform((p) => [p])]);

type ScimResource = z.infer<typeof Resource>;

/** The person's e-mail: the primary emails[].value, else the first, else userName when it is an e-mail. */
function emailOf(r: ScimResource): string | null {
  const emails = (r.emails ?? []).filter((e) => e.value && e.value.trim() !== '');
  const chosen = emails.find((e) => e.primary === true) ?? emails[0];
  if (chosen?.value) return chosen.value;
  return r.userName && /^[^@\s]+@[^@\s]+$/.test(r.userName.trim()) ? r.userName : null;
}

function fullNameOf(r: ScimResource): string | null {
  const n = r.name;
  const parts = [n?.givenName, n?.familyName].filter((x): x is string => !!x && x.trim() !== '');
  return n?.formatted || r.displayName || (parts.length ? parts.join(' ') : null);
}

/** Stage scim-users.json into stage_scim_users; refuses a file whose pages do not add up to totalResults. */
export async function stageScimUsers(db: Db, file: string, shown: string, src: number): Promise<NativeLoad> {
  const doc = await readJson(file, shown, ScimFile, 'SCIM ListResponse (GET /Users) or a JSON array of them');
  const paged = Array.isArray(doc.raw);
  const pagePath = (p: number) => (paged ? [p] : []);
  const pages = doc.value;
  const held = pages.reduce((n, p) => n + p.Resources.length, 0);
  const stated = pages[0]!.totalResults;
  if (held !== stated) {
    throw new InputError(
      { file: shown, ...doc.locate([...pagePath(0), 'totalResults']) },
      `incomplete: totalResults of the first page is ${stated}, but the file holds ${held} users over ${pages.length} page(s); ` +
        'save every page of GET /Users (startIndex, count) as one JSON array',
    );
  }
  const st = new Stage();
  pages.forEach((page, p) => {
    page.Resources.forEach((r, i) => {
      const ent = r[ENTERPRISE];
      const manager = typeof ent?.manager === 'string' ? ent.manager : (ent?.manager?.value ?? null);
      st.add(
        [...pagePath(p), 'Resources', i],
        r.id,
        cell(r.userName),
        cell(r.externalId),
        String(r.active),
        fullNameOf(r),
        emailOf(r),
        cell(r.meta?.lastModified),
        cell(ent?.employeeNumber),
        cell(ent?.department),
        cell(ent?.costCenter),
        cell(manager),
      );
    });
  });
  await appendStage(db, 'stage_scim_users', src, st);
  const locate = locator(doc, { roster: st });
  return {
    rows: st.rows.length,
    // The field of a check is relative to the resource; meta.lastModified is check 1.
    locate: (table, idx, field) => locate(table, idx, field),
  };
}
