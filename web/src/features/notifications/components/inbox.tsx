"use client";

import Link from "next/link";
import { useState } from "react";
import { useTranslations } from "use-intl";

import { Button } from "@/components/ui/button";
import { Alert, Loading } from "@/components/ui/card";
import { useApp } from "@/lib/app/providers";
import { dateTime } from "@/lib/i18n/format";
import { useProblemText } from "@/lib/hooks/use-problem";

import { appLink, useInvalidateNotifications, useNotifications } from "../api";

export function Inbox() {
  const t = useTranslations();
  const { client, language } = useApp();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useNotifications(unreadOnly);
  const invalidate = useInvalidateNotifications();
  const problemText = useProblemText();
  const [failure, setFailure] = useState<string | null>(null);

  async function act(work: () => Promise<unknown>) {
    setFailure(null);
    try {
      await work();
    } catch (error) {
      setFailure(problemText(error));
    }
    await invalidate();
  }

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} className="h-4 w-4" />
          {t("notifications.unreadOnly")}
        </label>
        <Button variant="secondary" className="ml-auto" onClick={() => act(() => client.POST("/notifications/read-all"))}>
          {t("notifications.markAllRead")}
        </Button>
      </div>
      {failure && <Alert>{failure}</Alert>}
      {list.isPending && <Loading label={t("app.loading")} />}
      {list.isError && <Alert>{problemText(list.error)}</Alert>}
      {list.data && list.data.items.length === 0 && <p className="text-sm text-slate-700">{t("notifications.empty")}</p>}
      <ul className="flex flex-col gap-2">
        {list.data?.items.map((item) => {
          const href = appLink(item.link);
          return (
            <li key={item.id} className={`rounded-lg border p-3 ${item.read_at ? "border-slate-200 bg-white" : "border-brand-100 bg-brand-50"}`}>
              <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
                <div className="min-w-0 flex-1">
                  <p className="font-medium">{item.read_at ? null : <span className="sr-only">•</span>}{item.title}</p>
                  <p className="text-sm text-slate-700">{item.body}</p>
                  <p className="mt-1 text-xs text-slate-600">{dateTime(item.created_at, language)}</p>
                </div>
                <div className="flex gap-1">
                  {href && (
                    <Link href={href} className="rounded-md px-3 py-2 text-sm font-medium text-brand-700 hover:bg-brand-100"
                      onClick={() => { if (!item.read_at) void act(() => client.POST("/notifications/{notification_id}/read", { params: { path: { notification_id: item.id } } })); }}>
                      {t("notifications.open")}
                    </Link>
                  )}
                  {!item.read_at && (
                    <Button variant="ghost" onClick={() => act(() => client.POST("/notifications/{notification_id}/read", { params: { path: { notification_id: item.id } } }))}>
                      {t("notifications.markRead")}
                    </Button>
                  )}
                </div>
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
