"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "use-intl";

import { Badge, programStatusTone } from "@/components/ui/badge";
import { Alert, Loading, ProgressBar } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { PROGRAM_STATUSES, type ProgramStatus } from "@/lib/api/types";
import { useApp } from "@/lib/app/providers";
import { calendarDate, percent } from "@/lib/i18n/format";
import { useProblemText } from "@/lib/hooks/use-problem";
import { useCurrentOrg, useDepartments, usePeriods } from "@/lib/org";

import { usePrograms } from "../api";

/**
 * Filters live in the URL (`?period_id=&status=&department_id=&late=1&q=`), so a filtered list can be shared. A
 * finished period's programs are its history: the next board browses them here, read-only.
 */
export function ProgramList() {
  const t = useTranslations();
  const { language } = useApp();
  const params = useSearchParams();
  const router = useRouter();
  const { org } = useCurrentOrg();
  const periodId = params.get("period_id") ?? "";
  const periods = usePeriods(org?.id);
  const departments = useDepartments(org?.id, periodId || undefined);
  const problemText = useProblemText();
  const status = (params.get("status") ?? "") as ProgramStatus | "";
  const departmentId = params.get("department_id") ?? "";
  const late = params.get("late") === "1";
  const q = params.get("q") ?? "";
  const programs = usePrograms(org?.id, { period_id: periodId || undefined, status: status || undefined, department_id: departmentId || undefined, late, q: q || undefined });
  const departmentName = new Map((departments.data?.items ?? []).map((d) => [d.id, d.name]));

  function set(name: string, value: string, also: Record<string, string> = {}) {
    const next = new URLSearchParams(params.toString());
    for (const [key, v] of Object.entries({ ...also, [name]: value })) {
      if (v) next.set(key, v);
      else next.delete(key);
    }
    router.replace(`/programs/?${next.toString()}`);
  }

  return (
    <div className="flex flex-col gap-4">
      <form role="search" className="grid gap-3 sm:grid-cols-5" onSubmit={(e) => e.preventDefault()}>
        <TextField label={t("common.search")} placeholder={t("programs.searchPlaceholder")} defaultValue={q}
          onChange={(e) => set("q", e.target.value)} type="search" />
        <SelectField label={t("programs.filterPeriod")} value={periodId}
          onChange={(e) => set("period_id", e.target.value, { department_id: "" })}>
          <option value="">{t("common.all")}</option>
          {periods.data?.items.map((p) => (
            <option key={p.id} value={p.id}>{p.name}{p.status === "selesai" ? ` (${t("org.periodStatus.selesai")})` : ""}</option>
          ))}
        </SelectField>
        <SelectField label={t("programs.filterDepartment")} value={departmentId} onChange={(e) => set("department_id", e.target.value)}>
          <option value="">{t("common.all")}</option>
          {departments.data?.items.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
        </SelectField>
        <SelectField label={t("programs.filterStatus")} value={status} onChange={(e) => set("status", e.target.value)}>
          <option value="">{t("common.all")}</option>
          {PROGRAM_STATUSES.map((s) => <option key={s} value={s}>{t(`programStatus.${s}`)}</option>)}
        </SelectField>
        <label className="flex items-end gap-2 pb-2 text-sm">
          <input type="checkbox" className="h-4 w-4" checked={late} onChange={(e) => set("late", e.target.checked ? "1" : "")} />
          {t("programs.filterLate")}
        </label>
      </form>
      {programs.isError && <Alert>{problemText(programs.error)}</Alert>}
      {programs.isPending && <Loading label={t("app.loading")} />}
      {programs.data?.items.length === 0 && <p className="text-sm text-slate-700">{t("programs.empty")}</p>}
      <ul className="grid gap-3 md:grid-cols-2">
        {programs.data?.items.map((p) => (
          <li key={p.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <div className="flex flex-wrap items-center gap-2">
              <Link href={`/programs/view/?id=${p.id}`} className="font-semibold text-brand-700 hover:underline">{p.name}</Link>
              <Badge tone={programStatusTone[p.status]}>{t(`programStatus.${p.status}`)}</Badge>
              {p.late && <Badge tone="red">{t("common.late")}</Badge>}
            </div>
            <p className="mt-1 text-sm text-slate-700">
              {p.department_id ? departmentName.get(p.department_id) ?? "" : t("programs.noDepartment")}
              {" · "}{calendarDate(p.planned_start, language)} – {calendarDate(p.planned_end, language)}
            </p>
            <div className="mt-2 flex items-center gap-2 text-sm">
              <ProgressBar value={p.progress} label={`${t("programs.progress")} ${p.name}`} />
              <span className="w-12 text-right">{percent(p.progress, language)}</span>
            </div>
            <p className="mt-1 text-xs text-slate-600">{t("programs.tasksDone", { done: p.tasks.done, total: p.tasks.total })}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
