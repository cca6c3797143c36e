"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslations } from "use-intl";

import { Button } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import type { LpjSections, Program } from "@/lib/api/types";
import { useApp } from "@/lib/app/providers";
import { showFieldErrors } from "@/lib/forms";
import { useProblemText } from "@/lib/hooks/use-problem";
import { usePeriods } from "@/lib/org";

import { useInvalidatePrograms, useProgram } from "../api";

type Values = { period_id: string; name: string; planned_start: string };
const FIELDS = ["period_id", "name", "planned_start"] as const;

/**
 * "Duplikat": a new draft from this program (its plan, milestones and budget lines), in the active period or
 * another open one of the organization, optionally renamed and moved to a new start; then its page opens.
 */
export function DuplicateProgram({ program, onClose }: { program: Program; onClose: () => void }) {
  const t = useTranslations("programs.duplicate");
  const router = useRouter();
  const { client } = useApp();
  const periods = usePeriods(program.organization_id);
  const invalidate = useInvalidatePrograms();
  const problemText = useProblemText();
  const [failure, setFailure] = useState<string | null>(null);
  const [key] = useState(() => crypto.randomUUID()); // a retried click makes one copy
  const { register, handleSubmit, formState, setError } = useForm<Values>({
    defaultValues: { period_id: "", name: "", planned_start: "" },
  });
  const open = (periods.data?.items ?? []).filter((p) => p.status !== "selesai");

  const submit = handleSubmit(async (values) => {
    setFailure(null);
    try {
      const { data } = await client.POST("/programs/{program_id}/duplicate", {
        params: { path: { program_id: program.id }, header: { "Idempotency-Key": key } },
        body: {
          period_id: values.period_id || null, name: values.name.trim() || null,
          planned_start: values.planned_start || null,
        },
      });
      await invalidate();
      onClose();
      router.push(`/programs/view/?id=${data!.id}`);
    } catch (error) {
      showFieldErrors(error, setError, FIELDS);
      setFailure(problemText(error));
    }
  });

  const e = formState.errors;
  return (
    <Card title={t("title")}>
      <form onSubmit={submit} noValidate className="flex flex-col gap-3">
        <p className="text-sm text-slate-700">{t("hint")}</p>
        {failure && <Alert>{failure}</Alert>}
        <div className="grid gap-3 sm:grid-cols-3">
          <SelectField label={t("period")} error={e.period_id?.message} {...register("period_id")}>
            <option value="">{open.find((p) => p.status === "aktif")?.name ?? "–"} ({t("active")})</option>
            {open.filter((p) => p.status !== "aktif").map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </SelectField>
          <TextField label={t("name")} placeholder={program.name} error={e.name?.message} {...register("name")} />
          <TextField type="date" label={t("start")} hint={t("startHint")} error={e.planned_start?.message}
            {...register("planned_start")} />
        </div>
        <div className="flex gap-2">
          <Button type="submit" disabled={formState.isSubmitting}>{t("submit")}</Button>
          <Button variant="secondary" onClick={onClose}>{t("cancel")}</Button>
        </div>
      </form>
    </Card>
  );
}

/** On a duplicate's overview: "Berdasarkan <source> (<period>)", and the recommendations of the source's LPJ. */
export function SourceProgram({ sourceId }: { sourceId: string }) {
  const t = useTranslations("programs");
  const { client } = useApp();
  const source = useProgram(sourceId);
  const periods = usePeriods(source.data?.program.organization_id ?? "");
  const sections = useQuery({
    queryKey: ["get", "/programs/{program_id}/lpj/sections", { params: { path: { program_id: sourceId } } }],
    queryFn: async () => {
      const { data, response } = await client.GET("/programs/{program_id}/lpj/sections", {
        params: { path: { program_id: sourceId } },
      });
      return { sections: data as LpjSections, etag: response.headers.get("ETag") };
    },
    retry: false,
  });
  if (!source.data) return null;
  const program = source.data.program;
  const period = periods.data?.items.find((p) => p.id === program.period_id);
  const recommendations = sections.data?.sections.recommendations?.trim();
  return (
    <Card>
      <p className="text-sm">
        {t("basedOn")}{" "}
        <Link href={`/programs/view/?id=${program.id}`} className="font-medium text-brand-800 underline">{program.name}</Link>
        {period && <span className="text-slate-700"> ({period.name})</span>}
      </p>
      {recommendations && (
        <div className="mt-3">
          <h3 className="text-sm font-medium text-slate-800">{t("previousRecommendations")}</h3>
          <p className="whitespace-pre-line text-sm text-slate-700">{recommendations}</p>
        </div>
      )}
    </Card>
  );
}
