"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useForm, type Path } from "react-hook-form";
import { useTranslations } from "use-intl";

import { Button } from "@/components/ui/button";
import { Alert, Card, Loading } from "@/components/ui/card";
import { SelectField } from "@/components/ui/field";
import { ApiError } from "@/lib/api/problem";
import { useApp } from "@/lib/app/providers";
import { showFieldErrors } from "@/lib/forms";
import { useProblemText } from "@/lib/hooks/use-problem";

import { CHANNELS, NOTIFICATION_KINDS, SETTINGS_KEY, useMySettings, type Settings } from "../api";

const INDONESIA = ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"];

function otherTimeZones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  const zones = new Set([...all, current]);
  for (const zone of INDONESIA) zones.delete(zone);
  return [...zones].sort();
}

/**
 * Language, time zone and which notifications arrive where. PUT replaces the whole document, so
 * the form starts from what GET gave and sends all of it back, with the ETag it was read with.
 */
export function PreferencesCard() {
  const t = useTranslations();
  const { client, setLanguage } = useApp();
  const queryClient = useQueryClient();
  const query = useMySettings();
  const problemText = useProblemText();
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const { register, handleSubmit, formState, setError, reset, watch } = useForm<Settings>();
  const currentZone = watch("time_zone") ?? query.data?.settings.time_zone ?? "Asia/Jakarta";
  const zones = useMemo(() => otherTimeZones(currentZone), [currentZone]);

  useEffect(() => {
    if (query.data) reset(query.data.settings);
  }, [query.data, reset]);

  const submit = handleSubmit(async (values) => {
    setFailure(null);
    setSaved(false);
    const loaded = query.data!;
    try {
      const body: Settings = {
        ...loaded.settings, ...values,
        notifications: { ...loaded.settings.notifications, ...values.notifications },
      };
      const { data, response } = await client.PUT("/users/me/settings", {
        params: { header: loaded.etag ? { "if-match": loaded.etag } : {} },
        body,
      });
      const next = data ?? body;
      queryClient.setQueryData(SETTINGS_KEY, { settings: next, etag: response.headers.get("ETag") });
      if (!response.headers.get("ETag")) await queryClient.invalidateQueries({ queryKey: SETTINGS_KEY });
      setLanguage(next.language);
      setSaved(true);
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) await query.refetch();
      showFieldErrors(error, setError, ["language", "time_zone"]);
      setFailure(problemText(error));
    }
  });

  if (query.isPending) return <Card title={t("settings.preferences")}><Loading label={t("app.loading")} /></Card>;
  if (query.isError) return <Card title={t("settings.preferences")}><Alert>{problemText(query.error)}</Alert></Card>;
  const kinds = NOTIFICATION_KINDS.filter((kind) => query.data.settings.notifications[kind]);
  const e = formState.errors;

  return (
    <Card title={t("settings.preferences")}>
      <form onSubmit={submit} noValidate aria-label={t("settings.preferences")} className="flex flex-col gap-4">
        {failure && <Alert>{failure}</Alert>}
        {saved && <Alert tone="success">{t("settings.saved")}</Alert>}
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField label={t("settings.language")} error={e.language?.message} {...register("language")}>
            <option value="id">Bahasa Indonesia</option>
            <option value="en">English</option>
          </SelectField>
          <SelectField label={t("settings.timeZone")} hint={t("settings.timeZoneHint")} error={e.time_zone?.message}
            {...register("time_zone")}>
            <optgroup label={t("settings.indonesia")}>
              {INDONESIA.map((zone) => <option key={zone} value={zone}>{t(`settings.zones.${zone.replace("/", "_")}`)}</option>)}
            </optgroup>
            <optgroup label={t("settings.otherZones")}>
              {zones.map((zone) => <option key={zone} value={zone}>{zone}</option>)}
            </optgroup>
          </SelectField>
        </div>
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-0.5 h-4 w-4" {...register("daily_digest")} />
          <span>{t("settings.dailyDigest")}</span>
        </label>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="mb-2 text-left">
              <span className="block font-semibold text-slate-900">{t("settings.notifications")}</span>
              <span className="block text-slate-700">{t("settings.notificationsLead")}</span>
            </caption>
            <thead>
              <tr className="border-b border-slate-200">
                <th scope="col" className="py-2 pr-2 font-medium">{t("settings.event")}</th>
                {CHANNELS.map((channel) => (
                  <th key={channel} scope="col" className="px-1 py-2 text-center text-xs font-medium sm:px-2 sm:text-sm">{t(`settings.channels.${channel}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {kinds.map((kind) => (
                <tr key={kind} className="border-b border-slate-100">
                  <th scope="row" className="py-2 pr-2 font-normal">{t(`settings.kinds.${kind}`)}</th>
                  {CHANNELS.map((channel) => (
                    <td key={channel} className="px-1 py-2 text-center sm:px-2">
                      <input type="checkbox" className="h-5 w-5"
                        aria-label={`${t(`settings.kinds.${kind}`)}: ${t(`settings.channels.${channel}`)}`}
                        {...register(`notifications.${kind}.${channel}` as Path<Settings>)} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <Button type="submit" disabled={formState.isSubmitting}>{formState.isSubmitting ? t("common.saving") : t("common.save")}</Button>
        </div>
      </form>
    </Card>
  );
}
