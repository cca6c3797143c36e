"use client";

import Link from "next/link";
import { useTranslations } from "use-intl";

import { Badge, taskStatusTone } from "@/components/ui/badge";
import type { Task, TaskStatus } from "@/lib/api/types";
import { useApp } from "@/lib/app/providers";
import { calendarDate } from "@/lib/i18n/format";

/** A task at a glance; `onMove` adds a "move to" menu, the keyboard's and the phone's way to change status. */
export function TaskCard({ task, onMove, showProgram }: { task: Task; onMove?: (to: TaskStatus) => void; showProgram?: string }) {
  const t = useTranslations();
  const { language } = useApp();
  const people = task.assignee_people?.map((p) => p.display_name ?? "?").join(", ");
  return (
    <article aria-label={task.title} className={`rounded-md border bg-white p-3 text-sm shadow-sm ${task.late ? "border-red-300" : "border-slate-200"}`}>
      <Link href={`/tasks/view/?id=${task.id}`} className="font-medium text-slate-900 hover:underline">{task.title}</Link>
      {showProgram && <p className="text-xs text-slate-600">{showProgram}</p>}
      <div className="mt-1 flex flex-wrap items-center gap-1">
        <Badge tone={taskStatusTone[task.status]}>{t(`taskStatus.${task.status}`)}</Badge>
        <Badge tone={task.priority === "kritis" || task.priority === "tinggi" ? "red" : "slate"}>{t(`priority.${task.priority}`)}</Badge>
        {task.late && <Badge tone="red">{t("common.late")}</Badge>}
      </div>
      <p className="mt-1 text-xs text-slate-700">{t("tasks.dueDate")}: {calendarDate(task.due_date, language)}</p>
      <p className="text-xs text-slate-700">{people || t("tasks.unassigned")}</p>
      {onMove && task.allowed_transitions.length > 0 && (
        <label className="mt-2 block text-xs">
          <span className="sr-only">{t("tasks.moveTo")} ({task.title})</span>
          <select className="w-full rounded border border-slate-300 bg-white px-2 py-1" value=""
            onPointerDown={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}
            onChange={(e) => { if (e.target.value) onMove(e.target.value as TaskStatus); }}>
            <option value="">{t("tasks.moveTo")}</option>
            {task.allowed_transitions.map((s) => <option key={s} value={s}>{t(`taskStatus.${s}`)}</option>)}
          </select>
        </label>
      )}
    </article>
  );
}
