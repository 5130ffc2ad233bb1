// Keycloak credentials: a token given in KEYCLOAK_TOKEN, or a client (KEYCLOAK_CLIENT_ID
// + KEYCLOAK_CLIENT_SECRET) whose token comes from the realm's OpenID token endpoint
// (grant_type=client_credentials) and is fetched again when a request answers 401 or
// the token has expired. Admin tokens live minutes; a long export outlives several.
import { UsageError } from '../errors.js';
import { HttpStatusError, send, type HttpSettings } from './http.js';
import { join, endpointOf, isObject, type Auth } from './context.js';
import { registerSecret } from './redact.js';

export interface KeycloakAuth extends Auth {
  /** Tokens fetched so far (for tests and the record). */
  fetched: number;
}

export function keycloakAuth(url: URL, realm: string, env: NodeJS.ProcessEnv, settings: HttpSettings): KeycloakAuth {
  const given = env.KEYCLOAK_TOKEN;
  const id = env.KEYCLOAK_CLIENT_ID;
  const secret = env.KEYCLOAK_CLIENT_SECRET;
  if (given) {
    registerSecret(given);
    return {
      fetched: 0,
      variable: 'KEYCLOAK_TOKEN',
      forbidden: 'the token lacks the view-events role of the realm-management client',
      headers: async () => ({ authorization: `Bearer ${given}` }),
    };
  }
  if (!id || !secret) {
    throw new UsageError(
      'a Keycloak credential is needed with --keycloak-url: set KEYCLOAK_TOKEN, or KEYCLOAK_CLIENT_ID and KEYCLOAK_CLIENT_SECRET' +
        (id && !secret ? ' (KEYCLOAK_CLIENT_SECRET is not set)' : !id && secret ? ' (KEYCLOAK_CLIENT_ID is not set)' : ''),
    );
  }
  registerSecret(secret);
  let token: string | null = null;
  let expiresAt = 0;
  const tokenPath = `/realms/${encodeURIComponent(realm)}/protocol/openid-connect/token`;
  const auth: KeycloakAuth = {
    fetched: 0,
    variable: 'KEYCLOAK_CLIENT_ID and KEYCLOAK_CLIENT_SECRET',
    forbidden: "the client's service account lacks the view-events role of the realm-management client",
    async headers() {
      if (token === null || Date.now() >= expiresAt) await fetchToken();
      return { authorization: `Bearer ${token}` };
    },
    async refresh() {
      await fetchToken();
      return true;
    },
  };
  async function fetchToken(): Promise<void> {
    const u = join(url, tokenPath);
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: id!, client_secret: secret! }).toString();
    let res;
    try {
      res = await send(
        { method: 'POST', url: u, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body, json: true },
        endpointOf(u),
        settings,
      );
    } catch (e) {
      if (e instanceof HttpStatusError && (e.status === 400 || e.status === 401 || e.status === 403)) {
        throw new UsageError(`${e.endpoint}: answered ${e.status}${e.apiText ? ` ("${e.apiText}")` : ''}: the client in KEYCLOAK_CLIENT_ID and KEYCLOAK_CLIENT_SECRET was not accepted`);
      }
      if (e instanceof HttpStatusError) throw new UsageError(`${e.endpoint}: answered ${e.status}${e.apiText ? ` ("${e.apiText}")` : ''}`);
      throw e;
    }
    const j = res.json;
    if (!isObject(j) || typeof j.access_token !== 'string' || j.access_token === '') {
      throw new UsageError(`${endpointOf(u)}: the token response holds no access_token`);
    }
    token = j.access_token;
    registerSecret(token);
    auth.fetched++;
    const life = typeof j.expires_in === 'number' && j.expires_in > 0 ? j.expires_in : 60;
    // Renew a little before it expires (a request in flight should not carry a dead token).
    expiresAt = Date.now() + Math.max(1, life - 10) * 1000;
  }
  return auth;
}
