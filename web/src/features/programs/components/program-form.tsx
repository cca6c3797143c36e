"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslations } from "use-intl";

import { Button } from "@/components/ui/button";
import { Alert, Loading } from "@/components/ui/card";
import { SelectField, TextArea, TextField } from "@/components/ui/field";
import { ApiError } from "@/lib/api/problem";
import type { Program } from "@/lib/api/types";
import { useApp } from "@/lib/app/providers";
import { showFieldErrors } from "@/lib/forms";
import { useProblemText } from "@/lib/hooks/use-problem";
import { useCurrentOrg, useDepartments, useMembers } from "@/lib/org";

import { useInvalidatePrograms } from "../api";

type Values = {
  name: string; code: string; type: Program["type"]; department_id: string; person_in_charge: string;
  planned_start: string; planned_end: string; budget_planned: string; location: string;
  description: string; objectives: string; target_group: string; success_indicators: string;
};

const FIELDS: (keyof Values)[] = ["name", "code", "type", "department_id", "person_in_charge", "planned_start", "planned_end",
  "budget_planned", "location", "description", "objectives", "target_group", "success_indicators"];

function toValues(program?: Program): Values {
  return {
    name: program?.name ?? "", code: program?.code ?? "", type: program?.type ?? "event",
    department_id: program?.department_id ?? "", person_in_charge: program?.person_in_charge ?? "",
    planned_start: program?.planned_start ?? "", planned_end: program?.planned_end ?? "",
    budget_planned: program ? String(Number(program.budget_planned)) : "0", location: program?.location ?? "",
    description: program?.description ?? "", objectives: program?.objectives ?? "",
    target_group: program?.target_group ?? "", success_indicators: program?.success_indicators ?? "",
  };
}

/** Empty text means "not set" (null), as the API expects. */
function toBody(values: Values) {
  const blank = (v: string) => (v.trim() === "" ? null : v.trim());
  return {
    name: values.name.trim(), code: blank(values.code), type: values.type, department_id: blank(values.department_id),
    person_in_charge: blank(values.person_in_charge), planned_start: blank(values.planned_start),
    planned_end: blank(values.planned_end), budget_planned: values.budget_planned.trim() || "0",
    location: blank(values.location), description: blank(values.description), objectives: blank(values.objectives),
    target_group: blank(values.target_group), success_indicators: blank(values.success_indicators),
  };
}

/**
 * Create a program, or edit one with the ETag it was loaded with: when someone else saved in
 * between, the API answers 412 and the form shows their version to check before saving again.
 */
export function ProgramForm({ program, etag, onStale }: { program?: Program; etag?: string | null; onStale?: () => Promise<unknown> }) {
  const t = useTranslations();
  const router = useRouter();
  const { client } = useApp();
  const { org } = useCurrentOrg();
  const departments = useDepartments(org?.id);
  const members = useMembers(org?.id);
  const invalidate = useInvalidatePrograms();
  const problemText = useProblemText();
  const [failure, setFailure] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError, reset } = useForm<Values>({ defaultValues: toValues(program) });

  useEffect(() => {
    reset(toValues(program));
  }, [program, reset]);

  const submit = handleSubmit(async (values) => {
    setFailure(null);
    try {
      if (program) {
        await client.PATCH("/programs/{program_id}", {
          params: { path: { program_id: program.id }, header: etag ? { "if-match": etag } : {} },
          body: toBody(values),
        });
        await invalidate();
        router.push(`/programs/view/?id=${program.id}`);
      } else {
        const { data } = await client.POST("/programs", { body: { ...toBody(values), organization_id: org!.id } });
        await invalidate();
        router.push(`/programs/view/?id=${data!.id}`);
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 412 && onStale) await onStale();
      showFieldErrors(error, setError, FIELDS);
      setFailure(problemText(error));
    }
  });

  // the selects need their options before the form shows the program's values in them
  if (!departments.data || !members.data) return <Loading label={t("app.loading")} />;
  const e = formState.errors;
  return (
    <form onSubmit={submit} noValidate className="flex max-w-3xl flex-col gap-4">
      {failure && <Alert>{failure}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label={t("programs.name")} error={e.name?.message} {...register("name", { required: t("errors.required") })} />
        <TextField label={t("programs.code")} error={e.code?.message} {...register("code")} />
        <SelectField label={t("programs.type")} error={e.type?.message} {...register("type")}>
          {(["event", "rutin", "berkelanjutan"] as const).map((v) => <option key={v} value={v}>{t(`programType.${v}`)}</option>)}
        </SelectField>
        <SelectField label={t("programs.department")} error={e.department_id?.message} {...register("department_id")}>
          <option value="">{t("programs.noDepartment")}</option>
          {departments.data?.items.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
        </SelectField>
        <SelectField label={t("programs.personInCharge")} error={e.person_in_charge?.message} {...register("person_in_charge")}>
          <option value="">{t("common.none")}</option>
          {members.data?.items.filter((m) => m.active && m.role !== "pembina").map((m) => (
            <option key={m.user_id} value={m.user_id}>{memberLabel(m)}</option>
          ))}
        </SelectField>
        <TextField label={t("programs.budgetPlanned")} inputMode="decimal" error={e.budget_planned?.message} {...register("budget_planned")} />
        <TextField label={t("programs.plannedStart")} type="date" error={e.planned_start?.message} {...register("planned_start")} />
        <TextField label={t("programs.plannedEnd")} type="date" error={e.planned_end?.message} {...register("planned_end")} />
        <TextField label={t("programs.location")} error={e.location?.message} {...register("location")} />
        <TextField label={t("programs.targetGroup")} error={e.target_group?.message} {...register("target_group")} />
      </div>
      <TextArea label={t("programs.description")} error={e.description?.message} {...register("description")} />
      <TextArea label={t("programs.objectives")} error={e.objectives?.message} {...register("objectives")} />
      <TextArea label={t("programs.indicators")} error={e.success_indicators?.message} {...register("success_indicators")} />
      <div className="flex gap-2">
        <Button type="submit" disabled={formState.isSubmitting}>{formState.isSubmitting ? t("common.saving") : t("common.save")}</Button>
        <Button variant="secondary" onClick={() => router.back()}>{t("common.cancel")}</Button>
      </div>
    </form>
  );
}

export function memberLabel(m: { user_id: string; display_name?: string | null; email?: string | null }): string {
  return m.display_name ?? m.email ?? m.user_id.slice(0, 8);
}
