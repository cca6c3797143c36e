"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslations } from "use-intl";

import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { SelectField, TextArea, TextField } from "@/components/ui/field";
import { ApiError } from "@/lib/api/problem";
import type { Task } from "@/lib/api/types";
import { useApp } from "@/lib/app/providers";
import { showFieldErrors } from "@/lib/forms";
import { useProblemText } from "@/lib/hooks/use-problem";

import { useInvalidateTasks } from "../api";
import { AssigneePicker } from "./assignee-picker";

type Values = { title: string; description: string; due_date: string; priority: Task["priority"]; milestone_id: string; assignees: string[] };
const FIELDS = ["title", "description", "due_date", "priority", "milestone_id", "assignees"];

/**
 * Edit a task with the ETag it was read with (a change made meanwhile is a 412 and the fresh task
 * is shown), and set its assignees (their own request: the API keeps assignment apart).
 */
export function TaskEdit({ task, etag, onDone }: { task: Task; etag: string | null; onDone: () => void }) {
  const t = useTranslations();
  const { $api, client } = useApp();
  const milestones = $api.useQuery("get", "/programs/{program_id}/milestones", { params: { path: { program_id: task.program_id } } });
  const invalidate = useInvalidateTasks();
  const problemText = useProblemText();
  const [failure, setFailure] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<Values>({
    defaultValues: {
      title: task.title, description: task.description ?? "", due_date: task.due_date ?? "", priority: task.priority,
      milestone_id: task.milestone_id ?? "", assignees: task.assignees,
    },
  });

  const submit = handleSubmit(async (v) => {
    setFailure(null);
    try {
      await client.PATCH("/tasks/{task_id}", {
        params: { path: { task_id: task.id }, header: etag ? { "if-match": etag } : {} },
        body: { title: v.title.trim(), description: v.description.trim() || null, due_date: v.due_date || null,
          priority: v.priority, milestone_id: v.milestone_id || null },
      });
      const before = [...task.assignees].sort().join();
      if ([...(v.assignees ?? [])].sort().join() !== before) {
        await client.PUT("/tasks/{task_id}/assignees", { params: { path: { task_id: task.id } }, body: { assignees: v.assignees ?? [] } });
      }
      await invalidate();
      onDone();
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) await invalidate();
      showFieldErrors(error, setError, FIELDS);
      setFailure(problemText(error));
    }
  });

  const e = formState.errors;
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-3">
      {failure && <Alert>{failure}</Alert>}
      <TextField label={t("tasks.title")} error={e.title?.message} {...register("title", { required: t("errors.required") })} />
      <TextArea label={t("tasks.description")} error={e.description?.message} {...register("description")} />
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField label={t("tasks.dueDate")} type="date" error={e.due_date?.message} {...register("due_date")} />
        <SelectField label={t("tasks.priority")} {...register("priority")}>
          {(["rendah", "sedang", "tinggi", "kritis"] as const).map((p) => <option key={p} value={p}>{t(`priority.${p}`)}</option>)}
        </SelectField>
        <SelectField label={t("tasks.milestone")} error={e.milestone_id?.message} {...register("milestone_id")}>
          <option value="">{t("tasks.noMilestone")}</option>
          {milestones.data?.items.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
        </SelectField>
      </div>
      <AssigneePicker organizationId={task.organization_id} field={register("assignees")} error={e.assignees?.message} />
      <div className="flex gap-2">
        <Button type="submit" disabled={formState.isSubmitting}>{t("common.save")}</Button>
        <Button variant="secondary" onClick={onDone}>{t("common.cancel")}</Button>
      </div>
    </form>
  );
}
