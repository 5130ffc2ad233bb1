// Native Dagster+ dumps: the GraphQL responses of docs/spec/dagster.md, saved as
// returned (`{"data": {...}}`), one response or a JSON array of paged responses per file.
// Shapes are checked with zod (extra fields are fine: real responses carry many), records
// are flattened into staging tables, then converted by queries/dagster/ingest/native-*.sql
// with the same value parsers the canonical CSV uses.
import { z } from 'zod';
import type { Db } from '../../db.js';
import { InputError } from '../../errors.js';
import { readJson, type JsonDoc } from '../../ingest/json.js';
import { Stage, appendStage as append, cell, locator, type JsonPath, type NativeLoad } from '../../ingest/stage.js';

export type { NativeLoad };

type Path = JsonPath;

const text = z.string().nullish();
const id = z.union([z.string(), z.number()]).transform(String);
const list = <T extends z.ZodType>(item: T) => z.array(item).nullish().transform((v) => v ?? []);
/** One response, or a JSON array of paged responses. */
const pages = <T extends z.ZodType>(page: T) => z.union([z.array(page), page.transform((p) => [p])]);
const stamp = z.union([z.string(), z.number()]).transform(String);

/**
 * A grant object `{grant, customRoleId}`; null where there is none. `grant` is a
 * PermissionGrant (CATALOG_VIEWER, VIEWER, LAUNCHER, EDITOR, ADMIN, AGENT, or CUSTOM with
 * `customRoleId`) in the public Dagster+ schema (terraform-provider-dagsterplus,
 * internal/client/schema/schema.graphql, DagsterCloudScopedPermissionGrant).
 */
const Grant = z.object({ grant: text, customRoleId: text }).nullish();
const LocationGrant = z.object({ locationName: z.string(), grant: text, customRoleId: text });
const DeploymentGrant = z.object({ deploymentId: id, grant: text, customRoleId: text, locationGrants: list(LocationGrant) });
/** perBaseBranchDeploymentsPermissionGrants: one grant per base deployment, on its branch deployments. */
const BaseBranchGrant = z.object({ deploymentId: id, grant: text, customRoleId: text });
const Grants = {
  organizationPermissionGrant: Grant,
  allBranchDeploymentsPermissionGrant: Grant,
  perBaseBranchDeploymentsPermissionGrants: list(BaseBranchGrant),
  deploymentPermissionGrants: list(DeploymentGrant),
};
/** Optional: `organization {id name}` asked for in the same request. */
const Organization = z.object({ id, name: text }).nullish();
const response = <T extends z.ZodRawShape>(data: T) => pages(z.object({ data: z.object({ organization: Organization, ...data }) }));

const UsersFile = response({
  usersOrError: z.object({
    users: z.array(
      z.object({
        id: id.nullish(),
        // null in an older schema's list for an entry whose user is gone: warned, not refused.
        user: z.object({ userId: id, email: z.string(), name: text, isScimProvisioned: z.boolean().nullish() }).nullable(),
        ...Grants,
      }),
    ),
  }),
});
const TeamsFile = response({
  teamPermissions: z.array(
    z.object({
      team: z.object({ id, name: z.string(), members: list(z.object({ userId: id, email: text })) }),
      ...Grants,
    }),
  ),
});
const ServiceUsersFile = response({
  serviceUsersOrError: z.object({
    serviceUsers: z.array(z.object({ serviceUser: z.object({ id, name: z.string(), description: text }), ...Grants })),
  }),
});
const DeploymentsFile = response({
  fullDeployments: z.array(z.object({ deploymentId: id, deploymentName: z.string(), deploymentType: text })),
});
// AuditLogQuery {enabled: Boolean!, auditLogEntries: [AuditLogEntry!]} and the root field
// `auditLog: AuditLogQuery` are both nullable in the schema: null, or `enabled: false`,
// means no audit log (the rules that need activity are not evaluated).
const AuditLogFile = response({
  auditLog: z.object({
    enabled: z.boolean().nullish(),
    auditLogEntries: z.array(
      z.object({
        id: id.nullish(),
        eventType: z.string(),
        authorUserEmail: text,
        timestamp: stamp,
        deploymentName: text,
      }),
    ).nullish(),
  }).nullish(),
});

const s = cell;

/** The JSON path of page `p`'s `data.<rest>`: the file is paged when its top level is an array. */
function dataPath(doc: JsonDoc<unknown>, p: number, rest: Path): Path {
  return Array.isArray(doc.raw) ? [p, 'data', ...rest] : ['data', ...rest];
}

type GrantsOf = { [K in keyof typeof Grants]: z.infer<(typeof Grants)[K]> };

/**
 * Every grant of one principal (organization, all branch deployments, the branch deployments
 * of each base deployment, deployments, code locations). A grant object whose `grant` and
 * `customRoleId` are both null holds no role: a deployment entry like that carries only its
 * location grants, which stand on their own.
 */
function stageGrants(st: Stage, base: Path, principalType: string, principalId: string, g: Partial<GrantsOf>): void {
  type G = { grant?: string | null; customRoleId?: string | null };
  const holds = (grant: G) => (grant.grant ?? '') !== '' || (grant.customRoleId ?? '') !== '';
  const add = (path: Path, scope: string, dep: string | null, loc: string | null, grant: G) => {
    if (holds(grant)) st.add(path, principalType, principalId, scope, dep, loc, s(grant.grant), s(grant.customRoleId));
  };
  if (g.organizationPermissionGrant) add([...base, 'organizationPermissionGrant'], 'organization', null, null, g.organizationPermissionGrant);
  if (g.allBranchDeploymentsPermissionGrant) {
    add([...base, 'allBranchDeploymentsPermissionGrant'], 'all_branch_deployments', null, null, g.allBranchDeploymentsPermissionGrant);
  }
  (g.perBaseBranchDeploymentsPermissionGrants ?? []).forEach((b, k) =>
    add([...base, 'perBaseBranchDeploymentsPermissionGrants', k], 'base_branch_deployments', b.deploymentId, null, b),
  );
  (g.deploymentPermissionGrants ?? []).forEach((d, k) => {
    const dp: Path = [...base, 'deploymentPermissionGrants', k];
    add(dp, 'deployment', d.deploymentId, null, d);
    d.locationGrants.forEach((l, j) => add([...dp, 'locationGrants', j], 'code_location', d.deploymentId, l.locationName, l));
  });
}

function stageOrganization(st: Stage, doc: JsonDoc<unknown>, p: number, org: z.infer<typeof Organization>): void {
  if (org) st.add(dataPath(doc, p, ['organization']), org.id, s(org.name));
}

/** The root field of each file's query, for messages about a response that is not data. */
const ROOTS: Record<string, { field: string; list: string | null }> = {
  users: { field: 'usersOrError', list: 'users' },
  teams: { field: 'teamPermissions', list: null },
  serviceUsers: { field: 'serviceUsersOrError', list: 'serviceUsers' },
  deployments: { field: 'fullDeployments', list: null },
  auditLog: { field: 'auditLog', list: 'auditLogEntries' },
};

/**
 * Read a native file. A shape error that is really a GraphQL error response, an `…OrError`
 * field holding an error, a response saved without its `data` wrapper, or a disabled audit
 * log gets a message that says so, at the place in the file.
 */
async function read<S extends z.ZodType>(file: string, shown: string, schema: S, root: keyof typeof ROOTS): Promise<JsonDoc<z.infer<S>>> {
  const { field } = ROOTS[root]!;
  try {
    return await readJson(file, shown, schema, `${field} response`);
  } catch (e) {
    if (!(e instanceof InputError) || !e.detail.startsWith('not a ')) throw e;
    const raw = await readJson(file, shown, z.unknown(), `${field} response`);
    throw explain(raw, shown, root) ?? e;
  }
}

function explain(doc: JsonDoc<unknown>, shown: string, root: keyof typeof ROOTS): InputError | undefined {
  const { field, list: listKey } = ROOTS[root]!;
  const paged = Array.isArray(doc.raw);
  const responses = paged ? (doc.raw as unknown[]) : [doc.raw];
  const at = (p: number, rest: Path) => ({ file: shown, ...doc.locate(paged ? [p, ...rest] : rest) });
  for (const [p, r] of responses.entries()) {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) continue;
    const res = r as Record<string, unknown>;
    const data = res.data as Record<string, unknown> | null | undefined;
    const errors = res.errors;
    if (Array.isArray(errors) && errors.length > 0 && (typeof data !== 'object' || data === null || !(field in data) || data[field] === null)) {
      const first = errors[0] as { message?: unknown } | null;
      const msg = typeof first?.message === 'string' ? first.message : JSON.stringify(first);
      return new InputError(at(p, ['errors', 0]), `the file holds a GraphQL error, not ${field} data: "${msg}"`);
    }
    if (data === undefined && field in res) {
      return new InputError(
        at(p, [field]),
        `the response has no "data" wrapper: save the GraphQL response as returned, {"data": {"${field}": …}}`,
      );
    }
    const value = typeof data === 'object' && data !== null ? (data[field] as Record<string, unknown> | null | undefined) : undefined;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      if (listKey && !Array.isArray(value[listKey]) && (typeof value.message === 'string' || typeof value.__typename === 'string')) {
        const kind = typeof value.__typename === 'string' ? value.__typename : 'an error';
        const msg = typeof value.message === 'string' ? `: "${value.message}"` : '';
        return new InputError(at(p, ['data', field]), `${field} returned ${kind}${msg} instead of ${listKey} (an Organization Admin's token is needed)`);
      }
    }
  }
  return undefined;
}

export async function stageUsers(db: Db, file: string, shown: string, src: number): Promise<NativeLoad> {
  const doc = await read(file, shown, UsersFile, 'users');
  const users = new Stage();
  const grants = new Stage();
  const org = new Stage();
  const userless = new Stage();
  doc.value.forEach((page, p) => {
    stageOrganization(org, doc, p, page.data.organization);
    page.data.usersOrError.users.forEach((u, i) => {
      const base = dataPath(doc, p, ['usersOrError', 'users', i]);
      if (u.user === null) {
        // An entry without its user names nobody: its grants cannot be attributed.
        const at = doc.locate(base);
        const entry = `${base.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('').replace(/^\./, '')}`;
        userless.add(base, `${entry}${u.id ? ` (id ${u.id})` : ''}${at ? ` at line ${at.line}` : ''}`);
        return;
      }
      users.add([...base, 'user'], u.user.userId, u.user.email, s(u.user.name), 'human',
        u.user.isScimProvisioned === null || u.user.isScimProvisioned === undefined ? null : String(u.user.isScimProvisioned), null);
      stageGrants(grants, base, 'user', u.user.userId, u);
    });
  });
  await append(db, 'stage_dg_users', src, users);
  await append(db, 'stage_dg_grants', src, grants);
  await append(db, 'stage_dg_organization', src, org);
  await append(db, 'dg_userless_entries', src, userless);
  return { rows: users.rows.length, locate: locator(doc, { users, grants, organization: org }) };
}

export async function stageServiceUsers(db: Db, file: string, shown: string, src: number): Promise<NativeLoad> {
  const doc = await read(file, shown, ServiceUsersFile, 'serviceUsers');
  const users = new Stage();
  const grants = new Stage();
  const org = new Stage();
  doc.value.forEach((page, p) => {
    stageOrganization(org, doc, p, page.data.organization);
    page.data.serviceUsersOrError.serviceUsers.forEach((u, i) => {
      const base = dataPath(doc, p, ['serviceUsersOrError', 'serviceUsers', i]);
      users.add([...base, 'serviceUser'], u.serviceUser.id, null, u.serviceUser.name, 'service', null, s(u.serviceUser.description));
      stageGrants(grants, base, 'service_user', u.serviceUser.id, u);
    });
  });
  await append(db, 'stage_dg_users', src, users);
  await append(db, 'stage_dg_grants', src, grants);
  await append(db, 'stage_dg_organization', src, org);
  return { rows: users.rows.length, locate: locator(doc, { users, grants, organization: org }) };
}

export async function stageTeams(db: Db, file: string, shown: string, src: number): Promise<NativeLoad> {
  const doc = await read(file, shown, TeamsFile, 'teams');
  const teams = new Stage();
  const members = new Stage();
  const grants = new Stage();
  const org = new Stage();
  doc.value.forEach((page, p) => {
    stageOrganization(org, doc, p, page.data.organization);
    page.data.teamPermissions.forEach((t, i) => {
      const base = dataPath(doc, p, ['teamPermissions', i]);
      teams.add([...base, 'team'], t.team.id, t.team.name);
      t.team.members.forEach((m, k) => members.add([...base, 'team', 'members', k], t.team.id, m.userId));
      stageGrants(grants, base, 'team', t.team.id, t);
    });
  });
  await append(db, 'stage_dg_teams', src, teams);
  await append(db, 'stage_dg_team_members', src, members);
  await append(db, 'stage_dg_grants', src, grants);
  await append(db, 'stage_dg_organization', src, org);
  return { rows: teams.rows.length, locate: locator(doc, { teams, team_members: members, grants, organization: org }) };
}

export async function stageDeployments(db: Db, file: string, shown: string, src: number): Promise<NativeLoad> {
  const doc = await read(file, shown, DeploymentsFile, 'deployments');
  const deployments = new Stage();
  const org = new Stage();
  doc.value.forEach((page, p) => {
    stageOrganization(org, doc, p, page.data.organization);
    page.data.fullDeployments.forEach((d, i) =>
      deployments.add(dataPath(doc, p, ['fullDeployments', i]), d.deploymentId, d.deploymentName, s(d.deploymentType)),
    );
  });
  await append(db, 'stage_dg_deployments', src, deployments);
  await append(db, 'stage_dg_organization', src, org);
  return { rows: deployments.rows.length, locate: locator(doc, { deployments, organization: org }) };
}

/**
 * A null audit log is "not enabled" only when the API said nothing else: a response holding
 * `errors` (a token without the right, a failed query) also comes with `auditLog: null`, and
 * an error object in its place carries a `message`. Both are refused with the API's words.
 */
function refuseAuditLogErrors(doc: JsonDoc<unknown>, shown: string): void {
  const paged = Array.isArray(doc.raw);
  const responses = paged ? (doc.raw as unknown[]) : [doc.raw];
  responses.forEach((r, p) => {
    const res = (r ?? {}) as { errors?: unknown; data?: { auditLog?: unknown } | null };
    const log = res.data?.auditLog as { message?: unknown; auditLogEntries?: unknown } | null | undefined;
    const at = (rest: Path) => ({ file: shown, ...doc.locate(paged ? [p, ...rest] : rest) });
    if (Array.isArray(res.errors) && res.errors.length > 0 && (log === null || log === undefined)) {
      const first = res.errors[0] as { message?: unknown } | null;
      const msg = typeof first?.message === 'string' ? first.message : JSON.stringify(first);
      throw new InputError(at(['errors', 0]), `the file holds a GraphQL error, not auditLog data: "${msg}"`);
    }
    if (log && typeof log.message === 'string' && !Array.isArray(log.auditLogEntries)) {
      throw new InputError(at(['data', 'auditLog']), `auditLog returned an error instead of auditLogEntries: "${log.message}" (an Organization Admin's token is needed)`);
    }
  });
}

/**
 * audit-log.json. `absent` is set when the file holds no audit log: `auditLog` or its
 * `auditLogEntries` null on every page, or `enabled: false` on any (the organization's plan
 * has none) — the rules that need activity are then not evaluated, as without the file.
 */
export async function stageAuditLog(db: Db, file: string, shown: string, src: number): Promise<NativeLoad & { absent?: boolean }> {
  const doc = await read(file, shown, AuditLogFile, 'auditLog');
  refuseAuditLogErrors(doc, shown);
  const entries = new Stage();
  const org = new Stage();
  const disabled = doc.value.some((page) => page.data.auditLog?.enabled === false);
  const listed = doc.value.some((page) => Array.isArray(page.data.auditLog?.auditLogEntries));
  doc.value.forEach((page, p) => {
    stageOrganization(org, doc, p, page.data.organization);
    if (disabled) return;
    (page.data.auditLog?.auditLogEntries ?? []).forEach((e, i) =>
      entries.add(dataPath(doc, p, ['auditLog', 'auditLogEntries', i]), s(e.id), e.eventType, s(e.authorUserEmail), e.timestamp, s(e.deploymentName)),
    );
  });
  await append(db, 'stage_dg_audit', src, entries);
  await append(db, 'stage_dg_organization', src, org);
  return { rows: entries.rows.length, locate: locator(doc, { audit_log: entries, organization: org }), absent: disabled || !listed };
}
