"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslations } from "use-intl";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Alert, Card, Loading } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { useApp } from "@/lib/app/providers";
import { showFieldErrors } from "@/lib/forms";
import { useProblemText } from "@/lib/hooks/use-problem";
import { useDepartments, useMembers } from "@/lib/org";

import { personLabel, useInvalidateOrgs } from "../api";
import { HandoverNote } from "./handover-note";

/**
 * The departments of the active period; the board (ketua, wakil ketua) adds them. Each keeps a handover note for
 * the next board; a department carried over from the period before shows that one's note too.
 */
export function DepartmentsCard({ orgId, canManage }: { orgId: string; canManage: boolean }) {
  const t = useTranslations();
  const departments = useDepartments(orgId);
  const members = useMembers(orgId);
  const problemText = useProblemText();
  const [adding, setAdding] = useState(false);
  const [open, setOpen] = useState<string | null>(null); // "<department id>:own" or "<department id>:previous"
  const toggle = (key: string) => setOpen((current) => (current === key ? null : key));
  const names = new Map((members.data?.items ?? []).map((m) => [m.user_id, personLabel(m)]));

  return (
    <Card title={t("org.departments")} action={canManage && !adding
      ? <Button variant="secondary" onClick={() => setAdding(true)}>{t("org.addDepartment")}</Button> : undefined}>
      <div className="flex flex-col gap-3">
        {canManage && adding && <DepartmentForm orgId={orgId} onClose={() => setAdding(false)} />}
        {departments.isPending && <Loading label={t("app.loading")} />}
        {departments.isError && <Alert>{problemText(departments.error)}</Alert>}
        {departments.data && departments.data.items.length === 0 && <p className="text-sm text-slate-700">{t("org.noDepartments")}</p>}
        <ul className="flex flex-col divide-y divide-slate-100">
          {departments.data?.items.map((d) => (
            <li key={d.id} className="flex flex-wrap items-baseline gap-x-2 gap-y-1 py-2 text-sm">
              <span className="font-medium text-slate-900">{d.name}</span>
              <span className="font-mono text-xs text-slate-600">{d.code}</span>
              {d.is_core && <Badge tone="violet">{t("org.core")}</Badge>}
              <span className="ml-auto text-slate-700">{t("org.memberCount", { count: d.member_count })}</span>
              {d.head_user_id && (
                <span className="w-full text-xs text-slate-600">{t("org.head", { name: names.get(d.head_user_id) ?? "…" })}</span>
              )}
              <span className="flex w-full flex-wrap gap-3 text-xs">
                <button type="button" className="text-brand-800 underline" aria-expanded={open === `${d.id}:own`}
                  onClick={() => toggle(`${d.id}:own`)}>{t("handover.note.title")}</button>
                {d.previous_department_id && (
                  <button type="button" className="text-brand-800 underline" aria-expanded={open === `${d.id}:previous`}
                    onClick={() => toggle(`${d.id}:previous`)}>{t("handover.note.previous")}</button>
                )}
              </span>
              {open === `${d.id}:own` && <div className="w-full"><HandoverNote orgId={orgId} departmentId={d.id} /></div>}
              {open === `${d.id}:previous` && d.previous_department_id && (
                <div className="w-full"><HandoverNote orgId={orgId} departmentId={d.previous_department_id} /></div>
              )}
            </li>
          ))}
        </ul>
      </div>
    </Card>
  );
}

type Values = { name: string; code: string; is_core: boolean };

function DepartmentForm({ orgId, onClose }: { orgId: string; onClose: () => void }) {
  const t = useTranslations();
  const { client } = useApp();
  const invalidate = useInvalidateOrgs();
  const problemText = useProblemText();
  const [failure, setFailure] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError } = useForm<Values>({ defaultValues: { name: "", code: "", is_core: false } });

  const submit = handleSubmit(async (values) => {
    setFailure(null);
    try {
      await client.POST("/orgs/{org_id}/departments", {
        params: { path: { org_id: orgId } },
        body: { name: values.name.trim(), code: values.code.trim(), is_core: values.is_core },
      });
      await invalidate();
      onClose();
    } catch (error) {
      showFieldErrors(error, setError, ["name", "code"]);
      setFailure(problemText(error));
    }
  });

  const e = formState.errors;
  return (
    <form onSubmit={submit} noValidate aria-label={t("org.addDepartment")}
      className="flex flex-col gap-3 rounded-md border border-slate-200 bg-slate-50 p-3">
      {failure && <Alert>{failure}</Alert>}
      <div className="grid gap-3 sm:grid-cols-[2fr_1fr]">
        <TextField label={t("org.departmentName")} error={e.name?.message} {...register("name", { required: t("errors.required") })} />
        <TextField label={t("org.departmentCode")} hint={t("org.departmentCodeHint")} error={e.code?.message}
          {...register("code", { required: t("errors.required") })} />
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" className="h-4 w-4" {...register("is_core")} />
        {t("org.coreLabel")}
      </label>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={formState.isSubmitting}>{formState.isSubmitting ? t("common.saving") : t("common.add")}</Button>
        <Button variant="secondary" onClick={onClose}>{t("common.cancel")}</Button>
      </div>
    </form>
  );
}
