import { describe, expect, it, vi } from "vitest";

import { ApiError, NetworkError } from "@/lib/api/problem";
import { Session, type KeyValueStore, type Tokens } from "@/lib/auth/session";

class MemoryStore implements KeyValueStore {
  values = new Map<string, string>();
  getItem(key: string) { return this.values.get(key) ?? null; }
  setItem(key: string, value: string) { this.values.set(key, value); }
  removeItem(key: string) { this.values.delete(key); }
}

const NOW = 1_800_000_000_000;
const tokens = (n: number, expiresIn = 900): Tokens => ({
  access_token: `access-${n}`, refresh_token: `refresh-${n}`, expires_at: NOW / 1000 + expiresIn,
  user: { id: "u1", email: "ketua@hima.example", name: "Ketua" },
});

function session(refresh: (token: string) => Promise<Tokens>, storage = new MemoryStore(), now = () => NOW) {
  return new Session({ storage, refresh, now });
}

describe("the session", () => {
  it("hands out the access token while it has more than a minute left", async () => {
    const refresh = vi.fn();
    const s = session(refresh);
    s.signIn(tokens(1));
    expect(await s.accessToken()).toBe("access-1");
    expect(refresh).not.toHaveBeenCalled();
  });

  it("refreshes shortly before expiry, once for many concurrent requests", async () => {
    const refresh = vi.fn(async () => tokens(2));
    const s = session(refresh);
    s.signIn(tokens(1, 30)); // 30 s left: inside the 60 s margin
    const answers = await Promise.all([s.accessToken(), s.accessToken(), s.accessToken()]);
    expect(answers).toEqual(["access-2", "access-2", "access-2"]);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(refresh).toHaveBeenCalledWith("refresh-1");
    expect(s.current()?.refreshToken).toBe("refresh-2");
  });

  it("signs out when the API refuses the refresh token (reused or revoked)", async () => {
    const s = session(async () => { throw new ApiError(401, { title: "Unauthorized", detail: "refresh token reused" }); });
    const seen: unknown[] = [];
    s.subscribe((state) => seen.push(state));
    s.signIn(tokens(1, 10));
    expect(await s.accessToken()).toBeNull();
    expect(s.current()).toBeNull();
    expect(seen.at(-1)).toBeNull();
  });

  it("keeps the session when the API cannot be reached, so a flaky connection logs nobody out", async () => {
    const s = session(async () => { throw new NetworkError(new TypeError("fetch failed")); });
    s.signIn(tokens(1, 10));
    await expect(s.accessToken()).rejects.toBeInstanceOf(NetworkError);
    expect(s.current()?.refreshToken).toBe("refresh-1");
  });

  it("does not spend a refresh token another tab already traded", async () => {
    const storage = new MemoryStore();
    const refresh = vi.fn(async () => tokens(9));
    const s = session(refresh, storage);
    s.signIn(tokens(1, 10));
    // another tab refreshed meanwhile and stored a fresh pair
    const other = session(async () => tokens(2), storage);
    await other.refresh("refresh-1");
    expect(await s.refresh("refresh-1")).toMatchObject({ accessToken: "access-2" });
    expect(refresh).not.toHaveBeenCalled();
  });

  it("is signed out with nothing stored, and ignores a corrupt store", async () => {
    const storage = new MemoryStore();
    storage.setItem("proker.session", "{not json");
    const s = session(vi.fn(), storage);
    expect(s.current()).toBeNull();
    expect(await s.accessToken()).toBeNull();
  });
});
