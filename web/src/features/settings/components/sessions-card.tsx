"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Alert, Card, Loading } from "@/components/ui/card";
import { useApp } from "@/lib/app/providers";
import { dateTime } from "@/lib/i18n/format";
import { useProblemText } from "@/lib/hooks/use-problem";

import { useInvalidate, useSessions } from "../api";

/** "Chrome · Android" from a user agent: enough to recognize one's own phone. */
export function describeAgent(agent: string | null): string | null {
  if (!agent) return null;
  const browser = /Edg\//.test(agent) ? "Edge" : /OPR\//.test(agent) ? "Opera" : /Firefox\//.test(agent) ? "Firefox"
    : /Chrome\//.test(agent) ? "Chrome" : /Safari\//.test(agent) ? "Safari" : null;
  const system = /Android/.test(agent) ? "Android" : /iPhone|iPad/.test(agent) ? "iOS" : /Windows/.test(agent) ? "Windows"
    : /Mac OS X/.test(agent) ? "macOS" : /Linux/.test(agent) ? "Linux" : null;
  const parts = [browser, system].filter(Boolean);
  return parts.length ? parts.join(" · ") : agent.slice(0, 60);
}

/** Where I am signed in; any other session can be ended from here (this one ends by signing out). */
export function SessionsCard() {
  const t = useTranslations();
  const { client, language } = useApp();
  const sessions = useSessions();
  const invalidate = useInvalidate();
  const problemText = useProblemText();
  const [failure, setFailure] = useState<string | null>(null);
  const [ended, setEnded] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);

  async function end(sessionId: string) {
    setFailure(null);
    setEnded(false);
    setBusy(sessionId);
    try {
      await client.DELETE("/auth/sessions/{session_id}", { params: { path: { session_id: sessionId } } });
      setEnded(true);
    } catch (error) {
      setFailure(problemText(error));
    }
    setBusy(null);
    await invalidate("/auth/sessions");
  }

  const items = [...(sessions.data?.items ?? [])].sort((a, b) => Number(b.current) - Number(a.current));
  return (
    <Card title={t("settings.sessions")}>
      <div className="flex flex-col gap-3">
        {failure && <Alert>{failure}</Alert>}
        {ended && <Alert tone="success">{t("settings.sessionEnded")}</Alert>}
        {sessions.isPending && <Loading label={t("app.loading")} />}
        {sessions.isError && <Alert>{problemText(sessions.error)}</Alert>}
        <ul className="flex flex-col gap-2">
          {items.map((s) => {
            const device = describeAgent(s.user_agent) ?? t("settings.unknownDevice");
            return (
              <li key={s.id} className={`rounded-md border p-3 text-sm ${s.current ? "border-brand-100 bg-brand-50" : "border-slate-200"}`}>
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium text-slate-900" title={s.user_agent ?? undefined}>{device}</span>
                  {s.current && <Badge tone="blue">{t("settings.current")}</Badge>}
                  {!s.current && (
                    <Button variant="secondary" className="ml-auto" disabled={busy === s.id} onClick={() => end(s.id)}
                      aria-label={`${t("settings.revoke")}: ${device}, ${dateTime(s.created_at, language)}`}>
                      {t("settings.revoke")}
                    </Button>
                  )}
                </div>
                <p className="text-xs text-slate-700">
                  {t("settings.sessionStarted", { when: dateTime(s.created_at, language) })}
                  {s.refreshed_at && ` · ${t("settings.sessionLastUsed", { when: dateTime(s.refreshed_at, language) })}`}
                </p>
                <p className="text-xs text-slate-600">
                  {s.ip_address && `${t("settings.sessionIp", { ip: s.ip_address })} · `}
                  {t("settings.sessionExpires", { when: dateTime(s.expires_at, language) })}
                </p>
              </li>
            );
          })}
        </ul>
      </div>
    </Card>
  );
}
