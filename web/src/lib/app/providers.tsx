"use client";

/**
 * Everything a screen needs, set up once: run-time config, the session, the API client,
 * TanStack Query, the language and the organization being looked at.
 */
import { QueryClientProvider } from "@tanstack/react-query";
import { IntlProvider } from "use-intl";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";

import { createApi, type Api } from "@/lib/api/client";
import { ApiError } from "@/lib/api/problem";
import { browserLock, Session, type SessionState, type Tokens } from "@/lib/auth/session";
import { loadConfig } from "@/lib/config";
import type { Language } from "@/lib/i18n/format";
import en from "@/lib/i18n/messages/en";
import id from "@/lib/i18n/messages/id";
import { createQueryClient } from "@/lib/query";

type AppContextValue = Api & {
  session: Session;
  state: SessionState | null;
  language: Language;
  setLanguage: (language: Language) => void;
  reachable: boolean;
  orgId: string | null;
  setOrgId: (orgId: string | null) => void;
};

const AppContext = createContext<AppContextValue | null>(null);
const LANGUAGE_KEY = "proker.language";
const ORG_KEY = "proker.org";

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error("useApp outside <Providers>");
  return value;
}

function storedLanguage(): Language {
  if (typeof localStorage === "undefined") return "id";
  return localStorage.getItem(LANGUAGE_KEY) === "en" ? "en" : "id";
}

export function Providers({ children }: { children: ReactNode }) {
  const [baseUrl, setBaseUrl] = useState<string | null>(null);
  const [configFailed, setConfigFailed] = useState(false);
  const [language, setLanguageState] = useState<Language>("id");

  useEffect(() => {
    setLanguageState(storedLanguage());
    loadConfig().then((config) => setBaseUrl(config.apiBaseUrl), () => setConfigFailed(true));
  }, []);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(LANGUAGE_KEY, next);
    setLanguageState(next);
  }, []);

  const messages = language === "en" ? en : id;
  let body: ReactNode;
  if (configFailed) body = <Blank text={messages.app.configMissing} />;
  else if (!baseUrl) body = <Blank text={messages.app.loading} busy />;
  else body = <Ready baseUrl={baseUrl} language={language} setLanguage={setLanguage}>{children}</Ready>;
  return (
    <IntlProvider locale={language} messages={messages} timeZone="Asia/Jakarta">
      {body}
    </IntlProvider>
  );
}

function Ready(props: { baseUrl: string; language: Language; setLanguage: (l: Language) => void; children: ReactNode }) {
  const { baseUrl, language, setLanguage, children } = props;
  const [reachable, setReachable] = useState(true);
  const [queryClient] = useState(() => createQueryClient(setReachable));
  const [orgId, setOrgIdState] = useState<string | null>(() => localStorage.getItem(ORG_KEY));

  const { session, api } = useMemo(() => {
    // The refresh call goes through the same client (no token on /auth/refresh), so its
    // refusal is an ApiError the session understands.
    let apiRef: Api | null = null;
    const created = new Session({
      storage: localStorage,
      lock: browserLock(),
      refresh: async (refreshToken) => {
        const { data } = await apiRef!.client.POST("/auth/refresh", { body: { refresh_token: refreshToken } });
        if (!data) throw new ApiError(401, null);
        return data as Tokens;
      },
    });
    apiRef = createApi(baseUrl, created);
    return { session: created, api: apiRef };
  }, [baseUrl]);

  const [state, setState] = useState<SessionState | null>(() => session.current());
  useEffect(() => {
    const unsubscribe = session.subscribe((next) => {
      setState(next);
      if (!next) queryClient.clear();
    });
    const onStorage = (event: StorageEvent) => {
      if (event.key === "proker.session") session.notifyExternalChange();
    };
    window.addEventListener("storage", onStorage);
    return () => {
      unsubscribe();
      window.removeEventListener("storage", onStorage);
    };
  }, [session, queryClient]);

  const setOrgId = useCallback((next: string | null) => {
    if (next) localStorage.setItem(ORG_KEY, next);
    else localStorage.removeItem(ORG_KEY);
    setOrgIdState(next);
  }, []);

  const value = useMemo<AppContextValue>(
    () => ({ ...api, session, state, language, setLanguage, reachable, orgId, setOrgId }),
    [api, session, state, language, setLanguage, reachable, orgId, setOrgId],
  );
  return (
    <QueryClientProvider client={queryClient}>
      <AppContext.Provider value={value}>{children}</AppContext.Provider>
    </QueryClientProvider>
  );
}

function Blank({ text, busy = false }: { text: string; busy?: boolean }) {
  return (
    <main className="grid min-h-dvh place-items-center p-6 text-center text-slate-700" aria-busy={busy}>
      <p role={busy ? "status" : "alert"}>{text}</p>
    </main>
  );
}
