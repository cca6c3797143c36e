"use client";

import Link from "next/link";
import { useState, type ReactNode } from "react";
import { useTranslations } from "use-intl";

import { CalendarWarnings } from "@/components/calendar-warnings";
import { Badge, programStatusTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Alert, Card, Loading, ProgressBar } from "@/components/ui/card";
import { TextArea } from "@/components/ui/field";
import { ApiError } from "@/lib/api/problem";
import type { Program, ProgramStatus } from "@/lib/api/types";
import { useApp } from "@/lib/app/providers";
import { calendarDate, percent, rupiah } from "@/lib/i18n/format";
import { useProblemText } from "@/lib/hooks/use-problem";
import { useCurrentOrg, useDepartments } from "@/lib/org";

import { programRights, useMe } from "@/lib/rights";

import { useInvalidatePrograms, useProgram } from "../api";
import { DuplicateProgram, SourceProgram } from "./program-duplicate";
import { Activity, Budget, Committee, History, Milestones } from "./program-parts";
import { Lpj } from "./program-lpj";
import { Reports } from "./program-reports";

const TABS = ["overview", "tasks", "milestones", "committee", "budget", "activity", "lpj", "reports"] as const;
type Tab = (typeof TABS)[number];

/** A program's page. The task board is handed in by the page, so this feature does not import another. */
export function ProgramView({ programId, taskBoard }: { programId: string; taskBoard: (program: Program, canManage: boolean) => ReactNode }) {
  const t = useTranslations();
  const { language } = useApp();
  const { org, role } = useCurrentOrg();
  const me = useMe(org?.id);
  const departments = useDepartments(org?.id);
  const query = useProgram(programId);
  const problemText = useProblemText();
  const [tab, setTab] = useState<Tab>("overview");
  const [duplicating, setDuplicating] = useState(false);

  if (query.isError) return <Alert>{problemText(query.error)}</Alert>;
  if (!query.data) return <Loading label={t("app.loading")} />;
  const { program, etag } = query.data;
  const rights = programRights(role, me, program);
  const department = departments.data?.items.find((d) => d.id === program.department_id);

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-lg font-semibold">{program.name}</h2>
        <Badge tone={programStatusTone[program.status]}>{t(`programStatus.${program.status}`)}</Badge>
        {program.late && <Badge tone="red">{t("common.late")}</Badge>}
        {rights.create && (
          <Button variant="secondary" className="ml-auto" aria-expanded={duplicating} onClick={() => setDuplicating(!duplicating)}>
            {t("programs.duplicate.action")}
          </Button>
        )}
        {rights.edit && (
          <Link href={`/programs/edit/?id=${program.id}`} className={`${rights.create ? "" : "ml-auto "}rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-100`}>
            {t("common.edit")}
          </Link>
        )}
      </div>
      {duplicating && <DuplicateProgram program={program} onClose={() => setDuplicating(false)} />}
      <div className="grid gap-4 md:grid-cols-3">
        <Card className="md:col-span-2">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-700">{t("programs.department")}</dt><dd>{department?.name ?? t("programs.noDepartment")}</dd>
            <dt className="text-slate-700">{t("programs.personInCharge")}</dt><dd>{program.person_in_charge_name ?? "–"}</dd>
            <dt className="text-slate-700">{t("programs.plannedDates")}</dt><dd>{calendarDate(program.planned_start, language)} – {calendarDate(program.planned_end, language)}</dd>
            <dt className="text-slate-700">{t("programs.actualDates")}</dt><dd>{calendarDate(program.actual_start, language)} – {calendarDate(program.actual_end, language)}</dd>
            <dt className="text-slate-700">{t("programs.budget")}</dt><dd>{rupiah(program.budget_planned, language)} · {t("dashboard.budgetRealized")} {rupiah(program.budget_realized, language)}</dd>
          </dl>
          <div className="mt-3 flex items-center gap-2 text-sm">
            <span className="w-16">{t("programs.progress")}</span>
            <ProgressBar value={program.progress} label={t("programs.progress")} />
            <span data-testid="program-progress" className="w-12 text-right font-semibold">{percent(program.progress, language)}</span>
          </div>
          <p className="mt-1 text-xs text-slate-600">{t("programs.tasksDone", { done: program.tasks.done, total: program.tasks.total })}</p>
        </Card>
        <Transitions program={program} etag={etag} canDo={rights.transition} onStale={() => query.refetch()} />
      </div>

      <div role="tablist" aria-label={program.name} className="flex gap-1 overflow-x-auto border-b border-slate-200">
        {TABS.map((name) => (
          <button key={name} role="tab" type="button" id={`tab-${name}`} aria-selected={tab === name} aria-controls={`panel-${name}`}
            onClick={() => setTab(name)}
            className={`whitespace-nowrap border-b-2 px-3 py-2 text-sm ${tab === name ? "border-brand-700 font-semibold text-brand-800" : "border-transparent text-slate-700"}`}>
            {t(`programs.tabs.${name}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === "overview" && <Overview program={program} />}
        {tab === "tasks" && taskBoard(program, rights.manageTasks)}
        {tab === "milestones" && <Milestones program={program} canEdit={rights.edit} />}
        {tab === "committee" && <Committee program={program} canEdit={rights.edit} />}
        {tab === "budget" && <Budget program={program} role={role} canEnter={rights.edit} />}
        {tab === "activity" && <Activity program={program} />}
        {tab === "lpj" && <Lpj program={program} />}
        {tab === "reports" && <Reports program={program} />}
      </div>
    </div>
  );
}

function Overview({ program }: { program: Program }) {
  const t = useTranslations("programs");
  const rows: [string, string | null | undefined][] = [
    [t("description"), program.description], [t("objectives"), program.objectives], [t("targetGroup"), program.target_group],
    [t("indicators"), program.success_indicators], [t("location"), program.location],
  ];
  const filled = rows.filter(([, value]) => value);
  return (
    <div className="grid gap-4 md:grid-cols-2">
      {(program.calendar_warnings ?? []).length > 0 && (
        <div className="md:col-span-2"><CalendarWarnings warnings={program.calendar_warnings} heading={t("calendarWarning")} /></div>)}
      {program.source_program_id && <div className="md:col-span-2"><SourceProgram sourceId={program.source_program_id} /></div>}
      <Card>
        {filled.length === 0 ? <p className="text-sm text-slate-700">{t("noDetails")}</p> : (
          <dl className="flex flex-col gap-2 text-sm">
            {filled.map(([k, v]) => (
              <div key={k}><dt className="font-medium text-slate-800">{k}</dt><dd className="whitespace-pre-line text-slate-700">{v}</dd></div>
            ))}
          </dl>)}
      </Card>
      <History program={program} />
    </div>
  );
}

/** The statuses the lifecycle allows next that this role may make, each a button; a note goes with it. */
function Transitions({ program, etag, canDo, onStale }: {
  program: Program; etag: string | null; canDo: (to: ProgramStatus) => boolean; onStale: () => Promise<unknown>;
}) {
  const t = useTranslations();
  const { client } = useApp();
  const invalidate = useInvalidatePrograms();
  const problemText = useProblemText();
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const allowed = program.allowed_transitions.filter(canDo);
  if (program.allowed_transitions.length > 0 && allowed.length === 0) return null; // nothing this role may do here

  async function go(to: ProgramStatus) {
    setBusy(true);
    setFailure(null);
    try {
      await client.POST("/programs/{program_id}/transitions", {
        params: { path: { program_id: program.id }, header: etag ? { "if-match": etag } : {} },
        body: { to, note: note.trim() || null },
      });
      setNote("");
      await invalidate();
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) await onStale();
      setFailure(problemText(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t("programs.transitions")}>
      {failure && <div className="mb-2"><Alert>{failure}</Alert></div>}
      {program.allowed_transitions.length === 0 ? <p className="text-sm text-slate-700">{t("programs.noTransitions")}</p>
        : (
          <div className="flex flex-col gap-2">
            <TextArea label={t("programs.transitionNote")} value={note} onChange={(e) => setNote(e.target.value)} rows={2} />
            <div className="flex flex-wrap gap-2">
              {allowed.map((to) => (
                <Button key={to} variant={to === "dibatalkan" || to === "ditolak" ? "danger" : "primary"} disabled={busy} onClick={() => go(to)}>
                  {t("programs.transitionTo", { status: t(`programStatus.${to}`) })}
                </Button>
              ))}
            </div>
          </div>
        )}
    </Card>
  );
}
