// Native Domino and Keycloak dumps: shapes checked with zod (extra fields are fine, as real
// API responses carry many), records flattened into staging tables, then converted by
// queries/domino/ingest/*.sql. Each file holds one API response or an array of pages.
import { z } from 'zod';
import type { Db } from '../../db.js';
import { readJson, type JsonDoc } from '../../ingest/json.js';
import { Stage, appendStage as append, cell, locator, type NativeLoad } from '../../ingest/stage.js';

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

const UsersWithUsage = pages(
  z.object({
    users: z.array(
      z.object({
        user: z.object({
          id,
          username: z.string(),
          email: text,
          fullName: text,
          roles: grantList(z.string()),
          isActive: z.boolean(),
          licenseName: text,
          createdAtTimestampMs: stamp,
          idpId: text,
        }),
        usage: z.object({ licenseType: text, mostRecentActivity: stamp }).nullish(),
      }),
    ),
  }),
);
const ServiceAccounts = pages(
  z.object({ serviceAccounts: z.array(z.object({ id, idpId: text, username: text, email: text })) }),
);
const Organizations = arrayPages(
  z.object({
    id,
    name: z.string(),
    organizationUserId: id.nullish(),
    members: grantList(z.object({ id, role: z.string() })),
  }),
);
const Projects = arrayPages(
  z.object({
    id,
    name: z.string(),
    ownerId: id,
    collaborators: grantList(z.object({ collaboratorId: id, projectRole: z.string() })),
    visibility: text,
    created: stamp,
    archived: z.boolean().nullish(),
  }),
);
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
      users.add(base, u.user.id, u.user.username, s(u.user.email), s(u.user.fullName), String(u.user.isActive), s(license),
        u.user.createdAtTimestampMs, s(u.user.idpId), u.usage?.mostRecentActivity ?? null);
      u.user.roles.forEach((r, k) => roles.add([...base, 'user', 'roles', k], u.user.id, r));
    }),
  );
  await append(db, 'stage_users', src, users);
  await append(db, 'stage_user_roles', src, roles);
  return { rows: users.rows.length, locate: locator(doc, { users, user_roles: roles }) };
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
  return { rows: st.rows.length, locate: locator(doc, { service_accounts: st }) };
}

export async function stageOrganizations(db: Db, file: string, shown: string, src: number): Promise<NativeLoad> {
  const doc = await readJson(file, shown, Organizations, 'organizations response');
  const orgs = new Stage();
  const members = new Stage();
  doc.value.forEach((page, p) =>
    page.forEach((o, i) => {
      const base = itemPath(doc, p, i);
      const orgId = o.organizationUserId ?? o.id;
      orgs.add(base, orgId, o.name);
      o.members.forEach((m, k) => members.add([...base, 'members', k, 'role'], orgId, m.id, m.role));
    }),
  );
  await append(db, 'stage_organizations', src, orgs);
  await append(db, 'stage_organization_members', src, members);
  return { rows: orgs.rows.length, locate: locator(doc, { organizations: orgs, organization_members: members }) };
}

export async function stageProjects(db: Db, file: string, shown: string, src: number): Promise<NativeLoad> {
  const doc = await readJson(file, shown, Projects, 'projects response');
  const projects = new Stage();
  const members = new Stage();
  doc.value.forEach((page, p) =>
    page.forEach((pr, i) => {
      const base = itemPath(doc, p, i);
      projects.add([...base, 'created'], pr.id, pr.name, pr.ownerId, s(pr.visibility),
        pr.archived === null || pr.archived === undefined ? null : String(pr.archived), pr.created);
      pr.collaborators.forEach((c, k) => members.add([...base, 'collaborators', k, 'projectRole'], pr.id, c.collaboratorId, c.projectRole));
    }),
  );
  await append(db, 'stage_projects', src, projects);
  await append(db, 'stage_project_members', src, members);
  return { rows: projects.rows.length, locate: locator(doc, { projects, project_members: members }) };
}

export async function stageRuns(db: Db, file: string, shown: string, src: number): Promise<NativeLoad> {
  const doc = await readJson(file, shown, Runs, 'runs response');
  const st = new Stage();
  doc.value.forEach((page, p) =>
    page.runs.forEach((r, i) => {
      const cluster = r.computeClusterDetails !== undefined && r.computeClusterDetails !== null;
      st.add(pagePath(doc, p, ['runs', i, 'startTime']), r.userId, s(r.projectId), s(r.runType), s(r.hardwareTier),
        r.startTime ?? r.queuedTime ?? null, String(cluster));
    }),
  );
  await append(db, 'stage_runs', src, st);
  return { rows: st.rows.length, locate: locator(doc, { activity: st }) };
}

export async function stageKeycloak(db: Db, file: string, shown: string, src: number): Promise<NativeLoad> {
  const doc = await readJson(file, shown, KeycloakEvents, 'Keycloak events response');
  const st = new Stage();
  doc.value.forEach((page, p) =>
    page.forEach((e, i) => st.add([...itemPath(doc, p, i), 'time'], String(e.time), e.type, s(e.userId), s(e.details?.username))),
  );
  await append(db, 'stage_keycloak', src, st);
  return { rows: st.rows.length, locate: locator(doc, { logins: st }) };
}
