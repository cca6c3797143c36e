"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslations } from "use-intl";

import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import type { Program, Task } from "@/lib/api/types";
import { useApp } from "@/lib/app/providers";
import { showFieldErrors } from "@/lib/forms";
import { useProblemText } from "@/lib/hooks/use-problem";

import { useInvalidateTasks } from "../api";
import { AssigneePicker } from "./assignee-picker";

type Values = { title: string; due_date: string; priority: Task["priority"]; assignees: string[] };

/** A new task on the program's board, for whoever may manage its tasks. */
export function TaskForm({ program }: { program: Program }) {
  const t = useTranslations();
  const { client } = useApp();
  const invalidate = useInvalidateTasks();
  const problemText = useProblemText();
  const [open, setOpen] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const { register, handleSubmit, reset, setError, formState } = useForm<Values>({ defaultValues: { priority: "sedang", assignees: [] } });

  if (!open) return <div><Button onClick={() => setOpen(true)}>{t("tasks.new")}</Button></div>;
  const submit = handleSubmit(async (v) => {
    setFailure(null);
    try {
      await client.POST("/programs/{program_id}/tasks", {
        params: { path: { program_id: program.id } },
        body: { title: v.title, due_date: v.due_date || null, priority: v.priority, assignees: v.assignees ?? [], outside_program_dates: false },
      });
      reset();
      setOpen(false);
      await invalidate();
    } catch (error) {
      showFieldErrors(error, setError, ["title", "due_date", "priority", "assignees"]);
      setFailure(problemText(error));
    }
  });

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-3">
      {failure && <Alert>{failure}</Alert>}
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField label={t("tasks.title")} error={formState.errors.title?.message} {...register("title", { required: t("errors.required") })} />
        <TextField label={t("tasks.dueDate")} type="date" error={formState.errors.due_date?.message} {...register("due_date")} />
        <SelectField label={t("tasks.priority")} {...register("priority")}>
          {(["rendah", "sedang", "tinggi", "kritis"] as const).map((p) => <option key={p} value={p}>{t(`priority.${p}`)}</option>)}
        </SelectField>
      </div>
      <AssigneePicker organizationId={program.organization_id} field={register("assignees")} error={formState.errors.assignees?.message} />
      <div className="flex gap-2">
        <Button type="submit" disabled={formState.isSubmitting}>{t("common.create")}</Button>
        <Button variant="secondary" onClick={() => setOpen(false)}>{t("common.cancel")}</Button>
      </div>
    </form>
  );
}
