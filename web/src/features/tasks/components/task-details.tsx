"use client";

import Link from "next/link";
import { useState } from "react";
import { useTranslations } from "use-intl";

import { CalendarWarnings } from "@/components/calendar-warnings";
import { Badge, taskStatusTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Alert, Card, Loading } from "@/components/ui/card";
import { TextArea } from "@/components/ui/field";
import { useApp } from "@/lib/app/providers";
import { calendarDate, dateTime } from "@/lib/i18n/format";
import { useProblemText } from "@/lib/hooks/use-problem";

import { programRights, useMe } from "@/lib/rights";
import { useCurrentOrg } from "@/lib/org";

import { useInvalidateTasks, useTask } from "../api";
import { TaskEdit } from "./task-edit";

/** One task: its facts, who is on it, its comments and its status history. */
export function TaskDetails({ taskId }: { taskId: string }) {
  const t = useTranslations();
  const { $api, client, language } = useApp();
  const task = useTask(taskId);
  const comments = $api.useQuery("get", "/tasks/{task_id}/comments", { params: { path: { task_id: taskId }, query: { limit: 100 } } });
  const history = $api.useQuery("get", "/tasks/{task_id}/history", { params: { path: { task_id: taskId } } });
  const invalidate = useInvalidateTasks();
  const problemText = useProblemText();
  const [body, setBody] = useState("");
  const [failure, setFailure] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const { role } = useCurrentOrg();
  const me = useMe(task.data?.task.organization_id);
  const program = $api.useQuery("get", "/programs/{program_id}", { params: { path: { program_id: task.data?.task.program_id ?? "" } } },
    { enabled: !!task.data });

  if (task.isError) return <Alert>{problemText(task.error)}</Alert>;
  if (!task.data) return <Loading label={t("app.loading")} />;
  const x = task.data.task;

  async function comment() {
    setFailure(null);
    try {
      await client.POST("/tasks/{task_id}/comments", { params: { path: { task_id: taskId } }, body: { body } });
      setBody("");
      await comments.refetch();
    } catch (error) {
      setFailure(problemText(error));
    }
    await invalidate();
  }

  return (
    <div className="grid gap-4 md:grid-cols-3">
      <Card className="md:col-span-2" title={x.title}
        action={programRights(role, me, program.data).manageTasks && !editing
          ? <Button variant="secondary" onClick={() => setEditing(true)}>{t("common.edit")}</Button> : undefined}>
        {editing && <TaskEdit task={x} etag={task.data.etag} onDone={() => setEditing(false)} />}
        <div className="flex flex-wrap gap-1">
          <Badge tone={taskStatusTone[x.status]}>{t(`taskStatus.${x.status}`)}</Badge>
          <Badge>{t(`priority.${x.priority}`)}</Badge>
          {x.late && <Badge tone="red">{t("common.late")}</Badge>}
        </div>
        {x.description && <p className="mt-2 whitespace-pre-line text-sm">{x.description}</p>}
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-700">{t("tasks.program")}</dt>
          <dd><Link className="text-brand-700 hover:underline" href={`/programs/view/?id=${x.program_id}`}>{program.data?.name ?? t("common.back")}</Link></dd>
          <dt className="text-slate-700">{t("tasks.dueDate")}</dt><dd>{calendarDate(x.due_date, language)}</dd>
          <dt className="text-slate-700">{t("tasks.assignees")}</dt>
          <dd>{x.assignee_people?.map((p) => p.display_name ?? "?").join(", ") || t("tasks.unassigned")}</dd>
        </dl>
        <div className="mt-3"><CalendarWarnings warnings={x.calendar_warnings} heading={t("tasks.calendarWarning")} /></div>
        <h3 className="mt-4 font-semibold">{t("tasks.comments")}</h3>
        {failure && <Alert>{failure}</Alert>}
        <ul className="mt-2 flex flex-col gap-2 text-sm">
          {comments.data?.items.map((c) => (
            <li key={c.id} className="rounded bg-slate-50 p-2">
              <p className="text-xs text-slate-600">{c.author_name ?? "?"} · {dateTime(c.created_at, language)}</p>
              <p className="whitespace-pre-line">{c.body}</p>
            </li>
          ))}
        </ul>
        <form className="mt-2 flex flex-col gap-2" onSubmit={(e) => { e.preventDefault(); if (body.trim()) void comment(); }}>
          <TextArea label={t("tasks.addComment")} value={body} onChange={(e) => setBody(e.target.value)} rows={2} />
          <div><Button type="submit">{t("tasks.send")}</Button></div>
        </form>
      </Card>
      <Card title={t("tasks.history")}>
        <ol className="flex flex-col gap-2 text-sm">
          {history.data?.items.map((h, i) => (
            <li key={i}>
              {h.from_status ? `${t(`taskStatus.${h.from_status}`)} → ` : ""}{t(`taskStatus.${h.to_status}`)}
              <span className="text-slate-600"> · {dateTime(h.changed_at, language)}</span>
              {h.note && <p className="text-slate-700">“{h.note}”</p>}
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}
