"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";

import { Alert, Loading } from "@/components/ui/card";
import type { Task, TaskStatus } from "@/lib/api/types";
import { useApp } from "@/lib/app/providers";
import { useProblemText } from "@/lib/hooks/use-problem";

import { sortForAttention, useInvalidateTasks, useMyTasks } from "../api";
import { TaskCard } from "./task-card";

/** My tasks across programs, late first; each can be moved on from here. */
export function MyTasks() {
  const t = useTranslations();
  const { client } = useApp();
  const tasks = useMyTasks();
  const invalidate = useInvalidateTasks();
  const problemText = useProblemText();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);

  async function move(task: Task, to: TaskStatus) {
    setMessage(null);
    try {
      await client.POST("/tasks/{task_id}/transitions", { params: { path: { task_id: task.id } }, body: { to } });
      setMessage({ tone: "success", text: t("tasks.moved", { task: task.title, status: t(`taskStatus.${to}`) }) });
    } catch (error) {
      setMessage({ tone: "error", text: t("tasks.refused", { task: task.title, reason: problemText(error) }) });
    }
    await invalidate();
  }

  if (tasks.isError) return <Alert>{problemText(tasks.error)}</Alert>;
  if (!tasks.data) return <Loading label={t("app.loading")} />;
  const open = sortForAttention(tasks.data.items.filter((x) => x.status !== "dibatalkan" && x.status !== "selesai"));
  const done = sortForAttention(tasks.data.items.filter((x) => x.status === "selesai"));
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm text-slate-700">{t("tasks.myLead")}</p>
      <div aria-live="polite">{message && <Alert tone={message.tone}>{message.text}</Alert>}</div>
      {open.length === 0 && <p className="text-sm text-slate-700">{t("tasks.empty")}</p>}
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {open.map((task) => (
          <li key={task.id}><TaskCard task={task} onMove={(to) => void move(task, to)} /></li>
        ))}
      </ul>
      {done.length > 0 && (
        <section aria-labelledby="done-tasks" className="mt-4">
          <h2 id="done-tasks" className="mb-2 font-semibold">{t("taskStatus.selesai")} ({done.length})</h2>
          <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {done.map((task) => <li key={task.id}><TaskCard task={task} /></li>)}
          </ul>
        </section>
      )}
    </div>
  );
}
