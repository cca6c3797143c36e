/**
 * The one API client: openapi-fetch typed from the OpenAPI document (schema.d.ts is generated,
 * never edited), with one middleware that
 * - puts the access token on every request but the ones that sign in,
 * - on a 401 refreshes once and sends the request again (the token may have been revoked or
 *   expired while the tab slept),
 * - turns every non-2xx answer into an `ApiError` (problem+json) and a request that never got an
 *   answer into a `NetworkError`, so screens and TanStack Query see one kind of failure.
 */
import createFetchClient, { type Middleware } from "openapi-fetch";
import createQueryHooks from "openapi-react-query";

import { ApiError, NetworkError } from "./problem";
import type { paths } from "./schema";
import type { Session } from "@/lib/auth/session";

const WITHOUT_TOKEN = new Set(["/auth/login", "/auth/register", "/auth/refresh"]);

export function authMiddleware(session: Session): Middleware {
  const replayable = new Map<string, Request>();
  return {
    async onRequest({ request, schemaPath, id }) {
      if (WITHOUT_TOKEN.has(schemaPath)) return undefined;
      const token = await session.accessToken();
      if (token) request.headers.set("Authorization", `Bearer ${token}`);
      replayable.set(id, request.clone());
      return request;
    },
    async onResponse({ request, response, options, id }) {
      const replay = replayable.get(id);
      replayable.delete(id);
      let answer = response;
      if (answer.status === 401 && replay && request.headers.has("Authorization")) {
        const state = session.current();
        const refreshed = state ? await session.refresh(state.refreshToken) : null;
        if (refreshed) {
          replay.headers.set("Authorization", `Bearer ${refreshed.accessToken}`);
          answer = await options.fetch(replay);
        }
      }
      if (!answer.ok) throw await toApiError(answer);
      return answer;
    },
    onError({ error, id }) {
      replayable.delete(id);
      return error instanceof ApiError ? error : new NetworkError(error);
    },
  };
}

export async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.clone().json();
  } catch {
    body = null; // not JSON (a proxy's page, say): the status still says what happened
  }
  return new ApiError(response.status, body, response.headers.get("Retry-After"));
}

export function createApi(baseUrl: string, session: Session) {
  const client = createFetchClient<paths>({ baseUrl });
  client.use(authMiddleware(session));
  const $api = createQueryHooks(client);
  return { client, $api };
}

export type Api = ReturnType<typeof createApi>;
export type Client = Api["client"];
