/**
 * The signed-in session: the access token (a short-lived JWT) and the refresh token.
 *
 * - The access token is refreshed shortly before it expires, once however many requests ask
 *   at the same moment (single flight), and across tabs through the Web Locks API: the API
 *   rotates refresh tokens and treats a reused one as theft (it revokes the session), so two
 *   tabs must never spend the same refresh token. A tab that waited for the lock first looks
 *   whether another tab already refreshed.
 * - A refresh the API refuses (revoked, reused, expired) signs out; one that cannot reach the
 *   API keeps the session, so a flaky connection does not log anybody out.
 * - Both tokens live in localStorage so a reload or a second tab stays signed in
 *   (docs/decisions/0010-web-app.md says what that trades).
 */
import { ApiError } from "@/lib/api/problem";

export type SessionUser = { id: string; email: string; name?: string | null };

export type Tokens = {
  access_token: string;
  expires_at: number; // seconds since the epoch
  refresh_token: string;
  user: SessionUser;
};

export type SessionState = {
  accessToken: string;
  expiresAt: number;
  refreshToken: string;
  user: SessionUser;
};

export type KeyValueStore = Pick<Storage, "getItem" | "setItem" | "removeItem">;
export type LockRunner = <T>(name: string, work: () => Promise<T>) => Promise<T>;

export type SessionOptions = {
  storage: KeyValueStore;
  refresh: (refreshToken: string) => Promise<Tokens>;
  now?: () => number; // milliseconds
  lock?: LockRunner;
  /** Refresh when fewer than this many seconds are left. */
  marginSeconds?: number;
};

const KEY = "proker.session";

export class Session {
  private readonly storage: KeyValueStore;
  private readonly refresher: (refreshToken: string) => Promise<Tokens>;
  private readonly now: () => number;
  private readonly lock: LockRunner;
  private readonly margin: number;
  private inFlight: Promise<SessionState | null> | null = null;
  private readonly listeners = new Set<(state: SessionState | null) => void>();

  constructor(options: SessionOptions) {
    this.storage = options.storage;
    this.refresher = options.refresh;
    this.now = options.now ?? Date.now;
    this.lock = options.lock ?? withoutLock;
    this.margin = options.marginSeconds ?? 60;
  }

  /** What is stored now (another tab may have changed it). */
  current(): SessionState | null {
    const raw = this.storage.getItem(KEY);
    if (!raw) return null;
    try {
      const state = JSON.parse(raw) as SessionState;
      return state.refreshToken && state.accessToken ? state : null;
    } catch {
      return null;
    }
  }

  signIn(tokens: Tokens): SessionState {
    const state: SessionState = {
      accessToken: tokens.access_token,
      expiresAt: tokens.expires_at,
      refreshToken: tokens.refresh_token,
      user: tokens.user,
    };
    this.storage.setItem(KEY, JSON.stringify(state));
    this.emit(state);
    return state;
  }

  signOut(): void {
    this.storage.removeItem(KEY);
    this.emit(null);
  }

  /** Update the user shown (e.g. a new display name) without touching the tokens. */
  updateUser(user: Partial<SessionUser>): void {
    const state = this.current();
    if (!state) return;
    const next = { ...state, user: { ...state.user, ...user } };
    this.storage.setItem(KEY, JSON.stringify(next));
    this.emit(next);
  }

  subscribe(listener: (state: SessionState | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tell listeners about a change made by another tab (the `storage` event). */
  notifyExternalChange(): void {
    this.emit(this.current());
  }

  /** An access token good for at least the margin, refreshing first when needed; null when signed out. */
  async accessToken(): Promise<string | null> {
    const state = this.current();
    if (!state) return null;
    if (state.expiresAt - this.now() / 1000 > this.margin) return state.accessToken;
    const refreshed = await this.refresh(state.refreshToken);
    return refreshed?.accessToken ?? null;
  }

  /**
   * Trade the refresh token for a new pair, once: concurrent callers share one request. `spent`
   * is the refresh token the caller saw; if the stored one differs, another tab already did it.
   */
  refresh(spent?: string): Promise<SessionState | null> {
    this.inFlight ??= this.lock("proker-refresh", async () => {
      const state = this.current();
      if (!state) return null;
      const stillFresh = state.expiresAt - this.now() / 1000 > this.margin;
      if (spent !== undefined && state.refreshToken !== spent && stillFresh) return state;
      try {
        return this.signIn(await this.refresher(state.refreshToken));
      } catch (error) {
        if (error instanceof ApiError && (error.status === 400 || error.status === 401 || error.status === 403)) {
          this.signOut(); // revoked, reused or expired: the API has ended this session
          return null;
        }
        throw error; // the API could not be reached: keep the session, try again later
      }
    }).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private emit(state: SessionState | null): void {
    for (const listener of this.listeners) listener(state);
  }
}

const withoutLock: LockRunner = (_name, work) => work();

/** The browser's Web Locks API where there is one (every current browser), else none. */
export function browserLock(): LockRunner {
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  if (!locks) return withoutLock;
  return <T,>(name: string, work: () => Promise<T>) => locks.request(name, work) as Promise<T>;
}
