"use client";

import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslations } from "use-intl";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Alert, Card, Loading } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { useApp } from "@/lib/app/providers";
import { showFieldErrors } from "@/lib/forms";
import { calendarDate } from "@/lib/i18n/format";
import { useProblemText } from "@/lib/hooks/use-problem";
import { isBoard, useMembers, usePeriods } from "@/lib/org";

import { type Period, personLabel, useInvalidateOrgs } from "../api";

const TONE = { aktif: "green", draft: "slate", selesai: "slate" } as const;

/**
 * The periods of office, newest first; the active one is the one everything happens in. The board prepares the
 * next one (a draft with its ketua), hands over to it and activates it: the active period then becomes history.
 */
export function PeriodsCard({ orgId, canManage }: { orgId: string; canManage: boolean }) {
  const t = useTranslations();
  const { language } = useApp();
  const periods = usePeriods(orgId);
  const problemText = useProblemText();
  const [adding, setAdding] = useState(false);
  const items = [...(periods.data?.items ?? [])].sort((a, b) => b.starts_on.localeCompare(a.starts_on));
  const hasDraft = items.some((p) => p.status === "draft");

  return (
    <Card title={t("org.periods")} action={canManage && !hasDraft && !adding
      ? <Button variant="secondary" onClick={() => setAdding(true)}>{t("handover.nextPeriod")}</Button> : undefined}>
      {periods.isPending && <Loading label={t("app.loading")} />}
      {periods.isError && <Alert>{problemText(periods.error)}</Alert>}
      {periods.data && items.length === 0 && <p className="text-sm text-slate-700">{t("org.noPeriods")}</p>}
      {adding && <NextPeriodForm orgId={orgId} onClose={() => setAdding(false)} />}
      <ul className="flex flex-col divide-y divide-slate-100">
        {items.map((p) => (
          <li key={p.id} className="flex flex-wrap items-center gap-x-2 gap-y-1 py-2 text-sm"
            aria-current={p.status === "aktif" ? "true" : undefined}>
            <span className={p.status === "aktif" ? "font-semibold text-slate-900" : "text-slate-800"}>{p.name}</span>
            <Badge tone={TONE[p.status]}>{t(`org.periodStatus.${p.status}`)}</Badge>
            <span className="w-full text-xs text-slate-600 sm:ml-auto sm:w-auto">
              {t("org.periodRange", { start: calendarDate(p.starts_on, language), end: calendarDate(p.ends_on, language) })}
            </span>
            {p.status !== "draft" && (
              <Link href={`/programs/?period_id=${p.id}`} className="w-full text-xs text-brand-800 underline sm:w-auto">
                {t("handover.periodPrograms")}
              </Link>
            )}
            {p.status === "draft" && <DraftActions orgId={orgId} period={p} sittingBoard={canManage} />}
          </li>
        ))}
      </ul>
    </Card>
  );
}

/**
 * A draft period's next steps: the handover, for the sitting board and the draft's own board (its ketua chooses the
 * programs), then its activation, the sitting board's alone (after a confirmation: it ends their period).
 */
function DraftActions({ orgId, period, sittingBoard }: { orgId: string; period: Period; sittingBoard: boolean }) {
  const t = useTranslations();
  const { client, state, $api } = useApp();
  const draftMembers = $api.useQuery("get", "/orgs/{org_id}/members", {
    params: { path: { org_id: orgId }, query: { period_id: period.id, limit: 100 } },
  }, { enabled: !sittingBoard });
  const invalidate = useInvalidateOrgs();
  const problemText = useProblemText();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const myDraftRole = draftMembers.data?.items.find((m) => m.user_id === state?.user.id && m.active)?.role ?? null;
  if (!sittingBoard && !isBoard(myDraftRole)) return null;

  const activate = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await client.POST("/orgs/{org_id}/periods/{period_id}/activate", { params: { path: { org_id: orgId, period_id: period.id } } });
      await invalidate();
      setConfirming(false);
    } catch (error) {
      setFailure(problemText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="flex w-full flex-col gap-2">
      {failure && <Alert>{failure}</Alert>}
      {confirming ? (
        <div className="flex flex-col gap-2 rounded-md border border-amber-300 bg-amber-50 p-3">
          <p className="text-sm text-slate-800">{t("handover.activateConfirm", { name: period.name })}</p>
          <div className="flex gap-2">
            <Button onClick={activate} disabled={busy}>{t("handover.activate")}</Button>
            <Button variant="secondary" onClick={() => setConfirming(false)}>{t("common.cancel")}</Button>
          </div>
        </div>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Link href={`/org/handover/?period=${period.id}`}
            className="rounded-md bg-brand-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-800">
            {t("handover.open")}
          </Link>
          {sittingBoard && <Button variant="secondary" onClick={() => setConfirming(true)}>{t("handover.activate")}</Button>}
        </div>
      )}
    </div>
  );
}

type Values = { name: string; starts_on: string; ends_on: string; ketua_user_id: string };
const FIELDS = ["name", "starts_on", "ends_on", "ketua_user_id"] as const;

/** The next period: a draft with its ketua (a member of the organization; the caller when none is chosen). */
function NextPeriodForm({ orgId, onClose }: { orgId: string; onClose: () => void }) {
  const t = useTranslations();
  const { client } = useApp();
  const members = useMembers(orgId);
  const invalidate = useInvalidateOrgs();
  const problemText = useProblemText();
  const [failure, setFailure] = useState<string | null>(null);
  const [key] = useState(() => crypto.randomUUID());
  const { register, handleSubmit, formState, setError, getValues } = useForm<Values>({
    defaultValues: { name: "", starts_on: "", ends_on: "", ketua_user_id: "" },
  });

  const submit = handleSubmit(async (values) => {
    setFailure(null);
    try {
      await client.POST("/orgs/{org_id}/periods", {
        params: { path: { org_id: orgId }, header: { "Idempotency-Key": key } },
        body: { name: values.name.trim(), starts_on: values.starts_on, ends_on: values.ends_on,
          ketua_user_id: values.ketua_user_id || null },
      });
      await invalidate();
      onClose();
    } catch (error) {
      showFieldErrors(error, setError, FIELDS);
      setFailure(problemText(error));
    }
  });

  const e = formState.errors;
  const active = (members.data?.items ?? []).filter((m) => m.active);
  return (
    <form onSubmit={submit} noValidate aria-label={t("handover.nextPeriod")}
      className="mb-3 flex flex-col gap-3 rounded-md border border-slate-200 bg-slate-50 p-3">
      <p className="text-sm text-slate-700">{t("handover.nextPeriodLead")}</p>
      {failure && <Alert>{failure}</Alert>}
      <TextField label={t("org.periodName")} hint={t("org.periodNameHint")} error={e.name?.message}
        {...register("name", { required: t("errors.required") })} />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField type="date" label={t("org.periodStart")} error={e.starts_on?.message}
          {...register("starts_on", { required: t("errors.required") })} />
        <TextField type="date" label={t("org.periodEnd")} error={e.ends_on?.message}
          {...register("ends_on", {
            required: t("errors.required"),
            validate: (v) => !getValues("starts_on") || v > getValues("starts_on") || t("org.endBeforeStart"),
          })} />
      </div>
      <SelectField label={t("handover.nextKetua")} error={e.ketua_user_id?.message} {...register("ketua_user_id")}>
        <option value="">{t("handover.meAsKetua")}</option>
        {active.map((m) => <option key={m.user_id} value={m.user_id}>{personLabel(m)} · {t(`role.${m.role}`)}</option>)}
      </SelectField>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={formState.isSubmitting}>{formState.isSubmitting ? t("common.saving") : t("handover.createPeriod")}</Button>
        <Button variant="secondary" onClick={onClose}>{t("common.cancel")}</Button>
      </div>
    </form>
  );
}
