import { describe, expect, it } from "vitest";

import { createApi } from "@/lib/api/client";
import { ApiError, NetworkError } from "@/lib/api/problem";
import { Session, type Tokens } from "@/lib/auth/session";

const NOW = Date.now();
const pair = (n: number): Tokens => ({
  access_token: `access-${n}`, refresh_token: `refresh-${n}`, expires_at: Math.floor(NOW / 1000) + 900,
  user: { id: "u1", email: "a@b.example" },
});

function memory() {
  const values = new Map<string, string>();
  return { getItem: (k: string) => values.get(k) ?? null, setItem: (k: string, v: string) => void values.set(k, v), removeItem: (k: string) => void values.delete(k) };
}

type Call = { url: string; method: string; authorization: string | null; body: string };

/** A fake of the network only: the real client, middleware and session run on top of it. */
function network(answer: (call: Call, n: number) => Response) {
  const calls: Call[] = [];
  const fetchImpl = async (input: Request) => {
    const call = { url: input.url, method: input.method, authorization: input.headers.get("Authorization"), body: await input.text() };
    calls.push(call);
    return answer(call, calls.length);
  };
  return { calls, fetchImpl };
}

function setup(answer: (call: Call, n: number) => Response) {
  const net = network(answer);
  globalThis.fetch = net.fetchImpl as typeof fetch;
  let api: ReturnType<typeof createApi>;
  const session = new Session({
    storage: memory(),
    refresh: async (token) => {
      const { data } = await api.client.POST("/auth/refresh", { body: { refresh_token: token } });
      return data as Tokens;
    },
  });
  api = createApi("http://api.test", session);
  return { ...net, session, api };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
const problem = (status: number, detail: string, errors?: unknown) =>
  new Response(JSON.stringify({ type: "about:blank", title: "x", status, detail, errors }), {
    status, headers: { "Content-Type": "application/problem+json" },
  });

describe("the API client", () => {
  it("sends the access token, but none when signing in", async () => {
    const { calls, session, api } = setup((call) => (call.url.endsWith("/auth/login") ? json(200, pair(1)) : json(200, { items: [] })));
    const { data } = await api.client.POST("/auth/login", { body: { email: "a@b.example", password: "x" } });
    session.signIn(data as Tokens);
    await api.client.GET("/orgs");
    expect(calls.map((c) => [c.url, c.authorization])).toEqual([
      ["http://api.test/auth/login", null],
      ["http://api.test/orgs", "Bearer access-1"],
    ]);
  });

  it("on a 401 refreshes once and sends the request again with its body", async () => {
    const { calls, session, api } = setup((call) => {
      if (call.url.endsWith("/auth/refresh")) return json(200, pair(2));
      return call.authorization === "Bearer access-2" ? json(201, { id: "p1" }) : problem(401, "session revoked");
    });
    session.signIn(pair(1));
    const { data } = await api.client.POST("/programs", { body: { organization_id: "o1", name: "Makrab", type: "event" } });
    expect(data).toEqual({ id: "p1" });
    expect(calls.map((c) => c.url.replace("http://api.test", ""))).toEqual(["/programs", "/auth/refresh", "/programs"]);
    expect(JSON.parse(calls[2]!.body)).toMatchObject({ name: "Makrab" });
  });

  it("signs out when the refresh token is refused, and the request fails with the 401", async () => {
    const { session, api } = setup((call) => (call.url.endsWith("/auth/refresh") ? problem(401, "reused") : problem(401, "expired")));
    session.signIn(pair(1));
    await expect(api.client.GET("/orgs")).rejects.toMatchObject({ status: 401 });
    expect(session.current()).toBeNull();
  });

  it("turns problem+json into an ApiError with field errors named as the form names them", async () => {
    const { session, api } = setup(() => problem(422, "The request is not valid", [
      { field: "body.planned_end", message: "must not be before planned_start", code: "value_error" },
      { field: "body.period.name", message: "Field required", code: "missing" },
    ]));
    session.signIn(pair(1));
    const error = await api.client.POST("/programs", { body: { organization_id: "o", name: "x", type: "event" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(422);
    expect((error as ApiError).fieldErrors()).toEqual({ planned_end: "must not be before planned_start", "period.name": "Field required" });
  });

  it("reads Retry-After from a 429 and survives a body that is not JSON", async () => {
    const { api } = setup(() => new Response("<html>busy</html>", { status: 429, headers: { "Retry-After": "42" } }));
    const error = (await api.client.POST("/auth/login", { body: { email: "a@b.example", password: "x" } }).catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBe(42);
    expect(error.detail).toBe("");
  });

  it("says NetworkError when the API cannot be reached at all", async () => {
    const { session, api } = setup(() => { throw new TypeError("Failed to fetch"); });
    session.signIn(pair(1));
    await expect(api.client.GET("/orgs")).rejects.toBeInstanceOf(NetworkError);
  });
});
