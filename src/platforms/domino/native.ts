// Native Domino and Keycloak dumps: shapes checked with zod (extra fields are fine, as real
// API responses carry many), records flattened into staging tables, then converted by
// queries/domino/ingest/*.sql. Each file holds one API response or an array of pages.
import { z } from 'zod';
import type { Db } from '../../db.js';
import { readJson, type JsonDoc } from '../../ingest/json.js';
import { Stage, appendStage as append, cell, locator, type NativeLoad } from '../../ingest/stage.js';
import { checkStatedTotal, looksLikePageSize, uncheckable, type Completeness } from '../../ingest/population.js';
import { InputError } from '../../errors.js';
import { shown as forTerminal } from '../mixed.js';

export type { NativeLoad };

const text = z.string().nullish();
const id = z.union([z.string(), z.number()]).transform(String);
const grantList = <T extends z.ZodType>(item: T) => z.array(item).nullish().transform((v) => v ?? []);
/** One response, or a JSON array of paged responses. */
const pages = <T extends z.ZodType>(page: T) => z.union([z.array(page), page.transform((p) => [p])]);
/** A response that is itself an array, or an array of such pages. */
const arrayPages = <T extends z.ZodType>(item: T) =>
  z.union([z.array(z.array(item)), z.array(item).transform((a) => [a])]);
const stamp = z.union([z.string(), z.number()]).nullish().transform((v) => (v === null || v === undefined ? null : String(v)));

// domino.admin.usermanagement.api.UsersWithUsageResponse: `user.id` is nullable (the
// usage report's userId, else the idpId, is then the user's key); metadata.totalCount is
// the number of users the deployment has, whatever the page holds.
const UsersWithUsage = pages(
  z.object({
    metadata: z.object({ totalCount: z.number().int().nullish(), offset: z.number().nullish(), limit: z.number().nullish() }).nullish(),
    users: z.array(
      z.object({
        user: z.object({
          id: id.nullish(),
          username: z.string(),
          email: text,
          fullName: text,
          roles: grantList(z.string()),
          isActive: z.boolean(),
          licenseName: text,
          createdAtTimestampMs: stamp,
          idpId: text,
        }),
        usage: z.object({ userId: text, licenseType: text, mostRecentActivity: stamp }).nullish(),
      }),
    ),
  }),
);
const ServiceAccount = z.object({ id, idpId: text, username: text, email: text });
/** `/api/serviceAccounts/v1/serviceAccounts` wraps them; `GET /v4/serviceAccounts` returns a bare array. */
const ServiceAccounts = z.union([
  pages(z.object({ serviceAccounts: z.array(ServiceAccount) })),
  arrayPages(ServiceAccount).transform((ps) => ps.map((serviceAccounts) => ({ serviceAccounts }))),
]);
// `GET /v4/organizations` returns a bare array of Organization; some exports wrap it as
// {organizations:[…]}, and some give members as a list of ids (no roles).
const Organization = z.object({
  id,
  name: z.string(),
  organizationUserId: id.nullish(),
  members: grantList(z.union([z.object({ id, role: z.string() }), id.transform((m) => ({ id: m, role: null as string | null }))])),
});
const Organizations = z.union([
  arrayPages(Organization),
  pages(z.object({ organizations: z.array(Organization) })).transform((ps) => ps.map((p) => p.organizations)),
]);
// ProjectSummary. `collaborators` absent (e.g. GET /v4/gateway/projects) means the file
// cannot show who else owns the project; an empty list is a project without collaborators.
const ProjectSummary = z.object({
  id,
  name: z.string(),
  ownerId: id,
  collaborators: z.array(z.object({ collaboratorId: id, projectRole: z.string() })).nullish(),
  visibility: text,
  created: stamp,
  archived: z.boolean().nullish(),
});
/** A bare array (or array of arrays), or PaginatedProjectSummaryResults pages {page, totalMatches}. */
const Projects = z.union([
  arrayPages(ProjectSummary).transform((ps) => ({ pages: ps, totalMatches: null as number | null })),
  pages(z.object({ page: z.array(ProjectSummary), totalMatches: z.number().int().nullish() })).transform((ps) => ({
    pages: ps.map((p) => p.page),
    totalMatches: ps.reduce<number | null>((m, p) => (p.totalMatches === null || p.totalMatches === undefined ? m : Math.max(m ?? 0, p.totalMatches)), null),
  })),
]);
const Runs = pages(
  z.object({
    runs: z.array(
      z.object({
        userId: id,
        projectId: id.nullish(),
        runType: text,
        hardwareTier: text,
        startTime: stamp,
        queuedTime: stamp,
        computeClusterDetails: z.unknown().optional(),
      }),
    ),
    nextBatchId: z.union([z.string(), z.number()]).nullish(),
  }),
);
const KeycloakEvents = arrayPages(
  z.object({
    time: z.union([z.number(), z.string()]),
    type: z.string(),
    userId: text,
    details: z.object({ username: text }).passthrough().nullish(),
  }),
);

const s = cell;

export async function stageUsersWithUsage(db: Db, file: string, shown: string, src: number): Promise<NativeLoad> {
  const doc = await readJson(file, shown, UsersWithUsage, 'users-with-usage response');
  const users = new Stage();
  const roles = new Stage();
  doc.value.forEach((page, p) =>
    page.users.forEach((u, i) => {
      const base = pagePath(doc, p, ['users', i]);
      // An empty name is no name, as an empty CSV cell is: fall back to the usage record.
      const license = u.user.licenseName || u.usage?.licenseType || null;
      // user.id is nullable in the API: the usage report's userId, else the idpId, keys the user.
      const userId = u.user.id || u.usage?.userId || u.user.idpId || null;
      users.add(base, userId, u.user.username, s(u.user.email), s(u.user.fullName), String(u.user.isActive), s(license),
        u.user.createdAtTimestampMs, s(u.user.idpId), u.usage?.mostRecentActivity ?? null);
      u.user.roles.forEach((r, k) => roles.add([...base, 'user', 'roles', k], userId, r));
    }),
  );
  const stated = doc.value.reduce<number | null>((m, pg) => (typeof pg.metadata?.totalCount === 'number' ? Math.max(m ?? 0, pg.metadata.totalCount) : m), null);
  const completeness = checkStatedTotal(shown, users.rows.length, stated, 'metadata.totalCount', 'users');
  await append(db, 'stage_users', src, users);
  await append(db, 'stage_user_roles', src, roles);
  return { rows: users.rows.length, locate: locator(doc, { users, user_roles: roles }), completeness };
}

/** Object-shaped responses: the file is paged when its top level is an array. */
function pagePath(doc: JsonDoc<unknown>, p: number, rest: (string | number)[]): (string | number)[] {
  return Array.isArray(doc.raw) ? [p, ...rest] : rest;
}

/** Array-shaped responses: the file is paged when its first element is itself an array. */
function itemPath(doc: JsonDoc<unknown>, p: number, i: number): (string | number)[] {
  const raw = doc.raw as unknown[];
  return raw.length > 0 && Array.isArray(raw[0]) ? [p, i] : [i];
}

export async function stageServiceAccounts(db: Db, file: string, shown: string, src: number): Promise<NativeLoad> {
  const doc = await readJson(file, shown, ServiceAccounts, 'service-accounts response');
  const st = new Stage();
  doc.value.forEach((page, p) =>
    page.serviceAccounts.forEach((a, i) => st.add(pagePath(doc, p, ['serviceAccounts', i]), a.id, s(a.idpId), s(a.username), s(a.email))),
  );
  await append(db, 'stage_service_accounts', src, st);
  const completeness = uncheckable('the service-accounts API', null, () => false);
  return { rows: st.rows.length, locate: locator(doc, { service_accounts: st }), completeness };
}

export async function stageOrganizations(db: Db, file: string, shown: string, src: number): Promise<NativeLoad> {
  const doc = await readJson(file, shown, Organizations, 'organizations response');
  const orgs = new Stage();
  const members = new Stage();
  const wrapped = !Array.isArray(doc.raw);
  const roleless: string[] = [];
  doc.value.forEach((page, p) =>
    page.forEach((o, i) => {
      const base = wrapped ? (Array.isArray(doc.raw) ? [p, 'organizations', i] : ['organizations', i]) : itemPath(doc, p, i);
      const orgId = o.organizationUserId ?? o.id;
      orgs.add(base, orgId, o.name);
      o.members.forEach((m, k) => {
        // Members given as bare ids: each is a Member (the export did not carry roles).
        if (m.role === null) roleless.push(`${o.name}: ${m.id}`);
        members.add([...base, 'members', k, 'role'], orgId, m.id, m.role ?? 'Member');
      });
    }),
  );
  await append(db, 'stage_organizations', src, orgs);
  await append(db, 'stage_organization_members', src, members);
  const notes = roleless.length
    ? [{ kind: 'organization-roles-not-exported', count: roleless.length, examples: roleless.slice(0, 5),
         message: `${roleless.length} organization member(s) are given as ids without a role: each is read as a Member, so organization Admins among them are not known (export members with their roles)` }]
    : [];
  const completeness = uncheckable('GET /v4/organizations', null, () => false);
  return { rows: orgs.rows.length, locate: locator(doc, { organizations: orgs, organization_members: members }), completeness, notes };
}

export async function stageProjects(db: Db, file: string, shown: string, src: number): Promise<NativeLoad> {
  const doc = await readJson(file, shown, Projects, 'projects response');
  const projects = new Stage();
  const members = new Stage();
  const paged = doc.value.totalMatches !== null || isPaginatedProjects(doc.raw);
  let withoutCollaborators = 0;
  doc.value.pages.forEach((page, p) =>
    page.forEach((pr, i) => {
      const base = paged ? pagePath(doc, p, ['page', i]) : itemPath(doc, p, i);
      const listed = pr.collaborators !== null && pr.collaborators !== undefined;
      if (!listed) withoutCollaborators++;
      projects.add([...base, 'created'], pr.id, pr.name, pr.ownerId, s(pr.visibility),
        pr.archived === null || pr.archived === undefined ? null : String(pr.archived), pr.created);
      (pr.collaborators ?? []).forEach((c, k) => members.add([...base, 'collaborators', k, 'projectRole'], pr.id, c.collaboratorId, c.projectRole));
    }),
  );
  const completeness: Completeness = paged
    ? checkStatedTotal(shown, projects.rows.length, doc.value.totalMatches, 'totalMatches', 'projects')
    : uncheckable('a bare list of projects', null, () => false);
  await append(db, 'stage_projects', src, projects);
  await append(db, 'stage_project_members', src, members);
  // Without collaborator lists nobody but ownerId is known to hold the project.
  const alsoProvides = withoutCollaborators > 0 ? ['projects_without_collaborators'] : [];
  const notes = withoutCollaborators > 0
    ? [{ kind: 'collaborators-not-exported', count: withoutCollaborators, examples: [],
         message: `${withoutCollaborators} project(s) have no collaborators list (the key is absent): project ownership and membership cannot be shown, so sole-owner-risk and the ProjectManager reach are not evaluated (export GET /v4/projects, which lists collaborators)` }]
    : [];
  return { rows: projects.rows.length, locate: locator(doc, { projects, project_members: members }), completeness, notes, alsoProvides };
}

export async function stageRuns(db: Db, file: string, shown: string, src: number): Promise<NativeLoad> {
  const doc = await readJson(file, shown, Runs, 'runs response');
  // getByBatchId pages oldest first: a last page that still names a next batch means the
  // newest runs are missing, and everyone would look inactive.
  const last = doc.value[doc.value.length - 1];
  const next = last?.nextBatchId;
  if (next !== null && next !== undefined && String(next) !== '') {
    const read = doc.value.reduce((n, pg) => n + pg.runs.length, 0);
    throw new InputError(
      { file: shown, ...doc.locate(pagePath(doc, doc.value.length - 1, ['nextBatchId'])) },
      `incomplete export: the last page still has nextBatchId ${quoted(String(next))} (${read} runs read in ${doc.value.length} page(s)); fetch getByBatchId until nextBatchId is null`,
    );
  }
  const st = new Stage();
  doc.value.forEach((page, p) =>
    page.runs.forEach((r, i) => {
      const cluster = r.computeClusterDetails !== undefined && r.computeClusterDetails !== null;
      st.add(pagePath(doc, p, ['runs', i, 'startTime']), r.userId, s(r.projectId), s(r.runType), s(r.hardwareTier),
        r.startTime ?? r.queuedTime ?? null, String(cluster));
    }),
  );
  await append(db, 'stage_runs', src, st);
  const completeness: Completeness = {
    stated_total: null,
    checked: doc.value.length > 0 && last !== undefined && 'nextBatchId' in (Array.isArray(doc.raw) ? (doc.raw.at(-1) as object) : (doc.raw as object)),
    how: '',
  };
  completeness.how = completeness.checked
    ? `cursor: the last of ${doc.value.length} page(s) has no nextBatchId`
    : 'no nextBatchId in the file: completeness cannot be checked';
  return { rows: st.rows.length, locate: locator(doc, { activity: st }), completeness };
}

export async function stageKeycloak(db: Db, file: string, shown: string, src: number): Promise<NativeLoad> {
  const doc = await readJson(file, shown, KeycloakEvents, 'Keycloak events response');
  const st = new Stage();
  doc.value.forEach((page, p) =>
    page.forEach((e, i) => st.add([...itemPath(doc, p, i), 'time'], String(e.time), e.type, s(e.userId), s(e.details?.username))),
  );
  await append(db, 'stage_keycloak', src, st);
  const sizes = doc.value.map((pg) => pg.length);
  const lastSize = sizes.at(-1) ?? null;
  const completeness = uncheckable('Keycloak\'s events API', lastSize, (n) => looksLikePageSize(n, sizes));
  return { rows: st.rows.length, locate: locator(doc, { logins: st }), completeness };
}

/** PaginatedProjectSummaryResults: an object (or array of objects) with a `page` list. */
function isPaginatedProjects(raw: unknown): boolean {
  const first = Array.isArray(raw) ? raw[0] : raw;
  return typeof first === 'object' && first !== null && !Array.isArray(first) && 'page' in first;
}

// GET /v4/hardwareTier?show_archived=true: domino.hardwaretier.api.HardwareTierEnvelope
// {hardwareTiers: [HardwareTierDto {id, name, gpuConfiguration?: {numberOfGpus, gpuKey}}]},
// or a bare list of HardwareTierDto.
const HardwareTier = z.object({
  id,
  name: text,
  gpuConfiguration: z.object({ numberOfGpus: z.number().int().nullish() }).passthrough().nullish(),
});
const HardwareTiers = z.union([
  pages(z.object({ hardwareTiers: z.array(HardwareTier) })).transform((ps) => ({ pages: ps.map((p) => p.hardwareTiers), wrapped: true })),
  arrayPages(HardwareTier).transform((ps) => ({ pages: ps, wrapped: false })),
]);

export async function stageHardwareTiers(db: Db, file: string, shown: string, src: number): Promise<NativeLoad> {
  const doc = await readJson(file, shown, HardwareTiers, 'hardware tiers response (HardwareTierEnvelope)');
  const st = new Stage();
  doc.value.pages.forEach((page, p) =>
    page.forEach((t, i) => {
      const base = doc.value.wrapped ? pagePath(doc, p, ['hardwareTiers', i]) : itemPath(doc, p, i);
      const gpus = t.gpuConfiguration?.numberOfGpus;
      st.add(base, t.id, s(t.name), gpus === null || gpus === undefined ? '0' : String(gpus));
    }),
  );
  await append(db, 'stage_hardware_tiers', src, st);
  return { rows: st.rows.length, locate: locator(doc, { hardware_tiers: st }), completeness: uncheckable('GET /v4/hardwareTier', null, () => false) };
}

// GET /api/audittrail/v1/auditevents pages: {events: [{timestamp (epoch ms), actor {id, name},
// action {eventName}, in {entityType, id, name}, targets [...]}]}, read like audit-trail.csv.
const named = z.object({ id: id.nullish(), name: text }).passthrough().nullish();
const AuditEvents = pages(
  z.object({
    events: z.array(
      z.object({
        timestamp: z.union([z.number(), z.string()]),
        actor: named,
        action: z.object({ eventName: z.string() }).passthrough(),
        in: z.object({ entityType: text, id: id.nullish(), name: text }).passthrough().nullish(),
        targets: z.array(z.unknown()).nullish(),
      }),
    ),
  }),
);

/** A target's name, where the event names one: {entity: {name}} or {name}. */
function targetName(t: unknown): string | null {
  if (typeof t !== 'object' || t === null) return null;
  const o = t as { name?: unknown; entity?: { name?: unknown } };
  const n = o.entity?.name ?? o.name;
  return typeof n === 'string' ? n : null;
}

export async function stageAuditEvents(db: Db, file: string, shown: string, src: number): Promise<NativeLoad> {
  const doc = await readJson(file, shown, AuditEvents, 'audit events response');
  const st = new Stage();
  doc.value.forEach((page, p) =>
    page.events.forEach((e, i) => {
      const project = e.in && (e.in.entityType ?? '').toLowerCase() === 'project' ? s(e.in.name) : null;
      st.add(pagePath(doc, p, ['events', i]), String(e.timestamp), s(e.actor?.id), s(e.actor?.name), e.action.eventName,
        targetName(e.targets?.[0]), project);
    }),
  );
  await append(db, 'stage_audit_events', src, st);
  const sizes = doc.value.map((pg) => pg.events.length);
  return {
    rows: st.rows.length,
    locate: locator(doc, { stage_audit_trail: st }),
    completeness: uncheckable('The audit-events API', sizes.at(-1) ?? null, (n) => looksLikePageSize(n, sizes)),
  };
}

/** A value quoted for a one-line message, control characters escaped. */
function quoted(v: string): string {
  const t = forTerminal(v);
  return t.startsWith('"') ? t : `"${t}"`;
}
