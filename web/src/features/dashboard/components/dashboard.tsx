"use client";

import Link from "next/link";
import { useTranslations } from "use-intl";

import { Badge, programStatusTone } from "@/components/ui/badge";
import { Alert, Card, Loading, ProgressBar } from "@/components/ui/card";
import { FINAL_PROGRAM, type Program } from "@/lib/api/types";
import { useApp } from "@/lib/app/providers";
import { addDays, calendarDate, percent, rupiah, todayIn } from "@/lib/i18n/format";
import { useProblemText } from "@/lib/hooks/use-problem";
import { useCurrentOrg, useDepartments } from "@/lib/org";
import { usePrograms, useSummary } from "@/features/programs/api";

import { Timeline } from "./timeline";

export function Dashboard() {
  const t = useTranslations();
  const { $api, language } = useApp();
  const { org } = useCurrentOrg();
  const summary = useSummary(org?.id);
  const programs = usePrograms(org?.id);
  const departments = useDepartments(org?.id);
  const calendar = $api.useQuery("get", "/orgs/{org_id}/calendar", { params: { path: { org_id: org?.id ?? "" } } },
                                 { enabled: Boolean(org?.id) });  // the active period's, as the programs
  const problemText = useProblemText();

  if (summary.isError) return <Alert>{problemText(summary.error)}</Alert>;
  if (!summary.data || !programs.data) return <Loading label={t("app.loading")} />;

  const s = summary.data;
  const items = programs.data.items;
  const today = s.today ?? todayIn(org?.time_zone);
  const weekEnd = addDays(today, 7);
  const late = items.filter((p) => p.late);
  const dueSoon = items.filter((p) => !FINAL_PROGRAM.includes(p.status) && p.planned_end && p.planned_end >= today && p.planned_end <= weekEnd);
  const departmentName = new Map((departments.data?.items ?? []).map((d) => [d.id, d.name]));
  const maxCount = Math.max(1, ...s.by_status.map((b) => b.programs));
  const realized = s.budget_realization_percent ?? 0;

  return (
    <div className="grid gap-4 md:grid-cols-2">
      <Card title={t("dashboard.byStatus")}>
        <p className="mb-2 text-sm text-slate-700">{t("dashboard.programs", { count: s.programs })}</p>
        <ul className="flex flex-col gap-1.5">
          {s.by_status.filter((b) => b.programs > 0).map((b) => (
            <li key={b.status} className="grid grid-cols-[8rem_1fr_2rem] items-center gap-2 text-sm">
              <Link href={`/programs/?status=${b.status}`} className="text-brand-700 underline-offset-2 hover:underline">
                {t(`programStatus.${b.status}`)}
              </Link>
              <span className="h-3 rounded bg-brand-600" style={{ width: `${(b.programs / maxCount) * 100}%` }} aria-hidden="true" />
              <span className="text-right font-medium">{b.programs}</span>
            </li>
          ))}
        </ul>
      </Card>

      <Card title={`${t("dashboard.latePrograms")} (${s.late})`}>
        {late.length === 0 ? <p className="text-sm text-slate-700">{t("dashboard.noLate")}</p> : (
          <ul className="flex flex-col gap-2">
            {late.map((p) => <ProgramLine key={p.id} program={p} showLate />)}
          </ul>
        )}
      </Card>

      <Card title={t("dashboard.perDepartment")}>
        <ul className="flex flex-col gap-3">
          {s.departments.map((d) => (
            <li key={d.department_id ?? "none"} className="text-sm">
              <div className="flex justify-between gap-2">
                <span>{d.department_id ? departmentName.get(d.department_id) ?? "…" : t("programs.noDepartment")}</span>
                <span className="font-medium">{percent(d.progress, language)}</span>
              </div>
              <ProgressBar value={d.progress} label={`${t("dashboard.progress")} ${d.department_id ? departmentName.get(d.department_id) ?? "" : ""}`} />
            </li>
          ))}
        </ul>
      </Card>

      <Card title={t("dashboard.budget")}>
        <dl className="grid grid-cols-2 gap-2 text-sm">
          <dt className="text-slate-700">{t("dashboard.budgetPlanned")}</dt>
          <dd className="text-right font-semibold">{rupiah(s.budget_planned, language)}</dd>
          <dt className="text-slate-700">{t("dashboard.budgetRealized")}</dt>
          <dd className="text-right font-semibold">{rupiah(s.budget_realized, language)} ({percent(s.budget_realization_percent, language)})</dd>
        </dl>
        <div className="mt-3"><ProgressBar value={realized} label={t("dashboard.budgetRealized")} /></div>
      </Card>

      <Card title={t("dashboard.deadlines")}>
        {dueSoon.length === 0 ? <p className="text-sm text-slate-700">{t("dashboard.noDeadlines")}</p> : (
          <ul className="flex flex-col gap-2">{dueSoon.map((p) => <ProgramLine key={p.id} program={p} />)}</ul>
        )}
      </Card>

      <Card title={t("dashboard.timeline")} className="md:col-span-2">
        <Timeline programs={items} today={today} calendar={calendar.data} />
      </Card>
    </div>
  );
}

function ProgramLine({ program, showLate = false }: { program: Program; showLate?: boolean }) {
  const t = useTranslations();
  const { language } = useApp();
  return (
    <li className="text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <Link href={`/programs/view/?id=${program.id}`} className="font-medium text-brand-700 hover:underline">{program.name}</Link>
        <Badge tone={programStatusTone[program.status]}>{t(`programStatus.${program.status}`)}</Badge>
      </div>
      <span className="text-slate-700">
        {calendarDate(program.planned_end, language)}
        {program.days_to_deadline !== null && program.days_to_deadline !== undefined && (showLate && program.days_to_deadline < 0
          ? ` · ${t("common.daysLate", { days: -program.days_to_deadline })}`
          : program.days_to_deadline >= 0 ? ` · ${t("common.daysLeft", { days: program.days_to_deadline })}` : "")}
      </span>
    </li>
  );
}
