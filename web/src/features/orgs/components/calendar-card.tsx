"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslations } from "use-intl";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Alert, Card, Loading } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import type { components } from "@/lib/api/schema";
import { useApp } from "@/lib/app/providers";
import { showFieldErrors } from "@/lib/forms";
import { calendarDate } from "@/lib/i18n/format";
import { useProblemText } from "@/lib/hooks/use-problem";

import { PublicSchedule } from "./public-schedule";

type Kind = components["schemas"]["CalendarRangeCreate"]["kind"];
const KINDS: Kind[] = ["ujian", "libur", "registrasi", "lainnya"];
const TONE = { ujian: "red", libur: "green", registrasi: "blue", lainnya: "slate", nasional: "violet" } as const;

/**
 * The academic calendar of the active period: the ranges the board and the sekretaris mark (exams, breaks,
 * registration weeks) beside Indonesia's national holidays. Programs planned onto them are warned.
 */
export function CalendarCard({ orgId, canEdit }: { orgId: string; canEdit: boolean }) {
  const t = useTranslations("org.calendar");
  const tk = useTranslations("programs.calendarKind");
  const { $api, client, language } = useApp();
  const problemText = useProblemText();
  const [adding, setAdding] = useState(false);
  const [showNational, setShowNational] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const calendar = $api.useQuery("get", "/orgs/{org_id}/calendar", { params: { path: { org_id: orgId } } });
  const items = (calendar.data?.items ?? []).filter((i) => showNational || i.kind !== "nasional");
  const nationalCount = (calendar.data?.items ?? []).filter((i) => i.kind === "nasional").length;

  const remove = async (id: string) => {
    setFailure(null);
    try {
      await client.DELETE("/orgs/{org_id}/calendar/ranges/{range_id}", { params: { path: { org_id: orgId, range_id: id } } });
      await calendar.refetch();
    } catch (error) {
      setFailure(problemText(error));
    }
  };

  return (
    <Card title={t("title")} action={canEdit && !adding
      ? <Button variant="secondary" onClick={() => setAdding(true)}>{t("add")}</Button> : undefined}>
      <div className="flex flex-col gap-3">
        <p className="text-sm text-slate-700">{t("hint")}</p>
        {adding && <RangeForm orgId={orgId} onClose={() => setAdding(false)} onSaved={() => calendar.refetch()} />}
        {failure && <Alert>{failure}</Alert>}
        {calendar.isPending && <Loading label={t("loading")} />}
        {calendar.isError && <Alert>{problemText(calendar.error)}</Alert>}
        {calendar.data && items.length === 0 && <p className="text-sm text-slate-700">{t("empty")}</p>}
        <ul className="flex flex-col divide-y divide-slate-100">
          {items.map((i) => (
            <li key={i.id ?? `${i.starts_on}-${i.name}`} className="flex flex-wrap items-center gap-x-2 gap-y-1 py-1.5 text-sm">
              <span className="w-48 text-slate-700">
                {i.starts_on === i.ends_on ? calendarDate(i.starts_on, language)
                  : `${calendarDate(i.starts_on, language)} – ${calendarDate(i.ends_on, language)}`}
              </span>
              <span className="font-medium text-slate-900">{i.name}</span>
              <Badge tone={TONE[i.kind]}>{tk(i.kind)}</Badge>
              {canEdit && i.id && (
                <button type="button" className="ml-auto text-xs text-red-700 underline"
                  onClick={() => remove(i.id!)} aria-label={t("removeOne", { name: i.name })}>{t("remove")}</button>
              )}
            </li>
          ))}
        </ul>
        {nationalCount > 0 && (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" className="h-4 w-4" checked={showNational} onChange={(e) => setShowNational(e.target.checked)} />
            {t("showNational", { count: nationalCount })}
          </label>
        )}
        <PublicSchedule />
      </div>
    </Card>
  );
}

type Values = { name: string; kind: Kind; starts_on: string; ends_on: string };
const FIELDS = ["name", "kind", "starts_on", "ends_on"] as const;

function RangeForm({ orgId, onClose, onSaved }: { orgId: string; onClose: () => void; onSaved: () => unknown }) {
  const t = useTranslations("org.calendar");
  const tk = useTranslations("programs.calendarKind");
  const te = useTranslations("errors");
  const { client } = useApp();
  const problemText = useProblemText();
  const [failure, setFailure] = useState<string | null>(null);
  const [key] = useState(() => crypto.randomUUID());
  const { register, handleSubmit, formState, setError, getValues } = useForm<Values>({
    defaultValues: { name: "", kind: "ujian", starts_on: "", ends_on: "" },
  });

  const submit = handleSubmit(async (values) => {
    setFailure(null);
    try {
      await client.POST("/orgs/{org_id}/calendar/ranges", {
        params: { path: { org_id: orgId }, header: { "Idempotency-Key": key } },
        body: { ...values, name: values.name.trim() },
      });
      await onSaved();
      onClose();
    } catch (error) {
      showFieldErrors(error, setError, FIELDS);
      setFailure(problemText(error));
    }
  });

  const e = formState.errors;
  return (
    <form onSubmit={submit} noValidate aria-label={t("add")} className="flex flex-col gap-3 rounded-md border border-slate-200 bg-slate-50 p-3">
      {failure && <Alert>{failure}</Alert>}
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label={t("name")} hint={t("nameHint")} error={e.name?.message} {...register("name", { required: te("required") })} />
        <SelectField label={t("kind")} {...register("kind")}>
          {KINDS.map((k) => <option key={k} value={k}>{tk(k)}</option>)}
        </SelectField>
        <TextField type="date" label={t("start")} error={e.starts_on?.message} {...register("starts_on", { required: te("required") })} />
        <TextField type="date" label={t("end")} error={e.ends_on?.message}
          {...register("ends_on", { required: te("required"),
            validate: (v) => !getValues("starts_on") || v >= getValues("starts_on") || t("endBeforeStart") })} />
      </div>
      <div className="flex gap-2">
        <Button type="submit" disabled={formState.isSubmitting}>{t("save")}</Button>
        <Button variant="secondary" onClick={onClose}>{t("cancel")}</Button>
      </div>
    </form>
  );
}
