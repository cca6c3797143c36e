"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";

import { Button } from "@/components/ui/button";
import { Alert, Card, Loading } from "@/components/ui/card";
import { CopyField } from "@/components/ui/copy-field";
import { useApp } from "@/lib/app/providers";
import { dateTime } from "@/lib/i18n/format";
import { useProblemText } from "@/lib/hooks/use-problem";

import { useInvalidate, useMyCalendar } from "../api";
import { feedAddress } from "../calendar";

/**
 * My personal calendar feed: make its secret link (shown once: the API keeps only a hash), copy it, make a new
 * one (the old stops working) or revoke it; with how to subscribe in Google Calendar.
 */
export function CalendarCard() {
  const t = useTranslations();
  const { client, language } = useApp();
  const feed = useMyCalendar();
  const invalidate = useInvalidate();
  const problemText = useProblemText();
  const [url, setUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [revoked, setRevoked] = useState(false);
  const active = feed.data?.active ?? false;

  async function make() {
    if (active && !window.confirm(t("settings.calendar.rotateConfirm"))) return;
    setBusy(true);
    setFailure(null);
    setRevoked(false);
    try {
      const { data } = await client.POST("/me/calendar");
      if (data) setUrl(feedAddress(data.url, language));
    } catch (error) {
      setFailure(problemText(error));
    }
    setBusy(false);
    await invalidate("/me/calendar");
  }

  async function revoke() {
    if (!window.confirm(t("settings.calendar.revokeConfirm"))) return;
    setBusy(true);
    setFailure(null);
    try {
      await client.DELETE("/me/calendar");
      setUrl(null);
      setRevoked(true);
    } catch (error) {
      setFailure(problemText(error));
    }
    setBusy(false);
    await invalidate("/me/calendar");
  }

  return (
    <Card title={t("settings.calendar.title")}>
      <div className="flex flex-col gap-3 text-sm">
        <p className="text-slate-700">{t("settings.calendar.lead")}</p>
        {failure && <Alert>{failure}</Alert>}
        {revoked && <Alert tone="success">{t("settings.calendar.revoked")}</Alert>}
        {feed.isPending && <Loading label={t("app.loading")} />}
        {feed.isError && <Alert>{problemText(feed.error)}</Alert>}
        {url && (
          <div className="flex flex-col gap-2 rounded-md border border-green-300 bg-green-50 p-3">
            <p role="status" className="font-medium text-green-900">{t("settings.calendar.made")}</p>
            <CopyField label={t("settings.calendar.url")} value={url} />
            <p className="text-xs text-slate-700">{t("settings.calendar.secret")}</p>
            <Button variant="ghost" className="self-start" onClick={() => setUrl(null)}>{t("settings.calendar.stored")}</Button>
          </div>
        )}
        {feed.data && !active && !url && <p className="text-slate-700">{t("settings.calendar.none")}</p>}
        {feed.data && active && feed.data.created_at && (
          <div className="rounded-md border border-slate-200 p-3 text-slate-800">
            <p>{t("settings.calendar.active", { when: dateTime(feed.data.created_at, language) })}</p>
            <p className="text-xs text-slate-600">
              {feed.data.last_fetched_at
                ? t("settings.calendar.fetched", { when: dateTime(feed.data.last_fetched_at, language) })
                : t("settings.calendar.neverFetched")}
            </p>
            {!url && <p className="mt-1 text-xs text-slate-600">{t("settings.calendar.lost")}</p>}
          </div>
        )}
        {feed.data && (
          <div className="flex flex-wrap gap-2">
            <Button variant={active ? "secondary" : "primary"} disabled={busy} onClick={make}>
              {active ? t("settings.calendar.rotate") : t("settings.calendar.make")}
            </Button>
            {active && <Button variant="danger" disabled={busy} onClick={revoke}>{t("settings.calendar.revoke")}</Button>}
          </div>
        )}
        <p className="text-xs text-slate-600">{t("settings.calendar.google")}</p>
      </div>
    </Card>
  );
}
