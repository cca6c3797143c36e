"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { useTranslations } from "use-intl";

import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Alert, Card, Loading } from "@/components/ui/card";
import { SelectField, TextArea, TextField } from "@/components/ui/field";
import { LpjAttachments } from "@/features/programs/components/lpj-attachments";
import { ApiError } from "@/lib/api/problem";
import type { LpjSections, Program } from "@/lib/api/types";
import { useApp } from "@/lib/app/providers";
import { dateTime } from "@/lib/i18n/format";
import { showFieldErrors } from "@/lib/forms";
import { useProblemText } from "@/lib/hooks/use-problem";

type Met = "" | "yes" | "no";
type Values = {
  foreword: string; background: string; execution_notes: string; obstacles: string; solutions: string;
  recommendations: string; closing: string;
  participants: { group: string; target: string; actual: string }[];
  indicators: { indicator: string; target: string; result: string; met: Met }[];
};

const TEXTS = ["foreword", "background", "execution_notes", "obstacles", "solutions", "recommendations", "closing"] as const;

function toValues(s: LpjSections): Values {
  const count = (n: number | null | undefined) => (n === null || n === undefined ? "" : String(n));
  return {
    foreword: s.foreword, background: s.background, execution_notes: s.execution_notes, obstacles: s.obstacles,
    solutions: s.solutions, recommendations: s.recommendations, closing: s.closing,
    participants: s.participants.map((p) => ({ group: p.group, target: count(p.target), actual: count(p.actual) })),
    indicators: s.indicators.map((i) => ({
      indicator: i.indicator, target: i.target ?? "", result: i.result ?? "", met: i.met === true ? "yes" : i.met === false ? "no" : "",
    })),
  };
}

function toBody(v: Values) {
  const count = (text: string) => (text.trim() === "" ? null : Number(text));
  return {
    ...Object.fromEntries(TEXTS.map((name) => [name, v[name].trim()])),
    participants: v.participants.filter((p) => p.group.trim()).map((p) => ({
      group: p.group.trim(), target: count(p.target), actual: count(p.actual),
    })),
    indicators: v.indicators.filter((i) => i.indicator.trim()).map((i) => ({
      indicator: i.indicator.trim(), target: i.target.trim(), result: i.result.trim(),
      met: i.met === "yes" ? true : i.met === "no" ? false : null,
    })),
  } as unknown as Omit<LpjSections, "program_id" | "version" | "updated_at" | "updated_by" | "may_edit" | "status"
    | "review_notes" | "report_id" | "actions" | "history">;
}

const sectionsKey = (programId: string) =>
  ["get", "/programs/{program_id}/lpj/sections", { params: { path: { program_id: programId } } }] as const;

/** The LPJ's sections with their ETag: a save sends it back, so two people writing at once do not overwrite each other. */
function useLpjSections(programId: string) {
  const { client } = useApp();
  return useQuery({
    queryKey: sectionsKey(programId),
    queryFn: async () => {
      const { data, response } = await client.GET("/programs/{program_id}/lpj/sections", {
        params: { path: { program_id: programId } },
      });
      return { sections: data as LpjSections, etag: response.headers.get("ETag") };
    },
  });
}

/**
 * What the PJ writes into the program's LPJ: the foreword, the background, how it went, the participants by group,
 * each success indicator judged, the obstacles, solutions and recommendations, and the closing. The LPJ's PDF
 * (the Reports tab) prints them beside what was tracked. Members who may not write it read it.
 */
export function Lpj({ program }: { program: Program }) {
  const t = useTranslations();
  const { client, language } = useApp();
  const queryClient = useQueryClient();
  const query = useLpjSections(program.id);
  const problemText = useProblemText();
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const { register, handleSubmit, formState, setError, reset, control } = useForm<Values>({
    defaultValues: { participants: [], indicators: [] },
  });
  const participants = useFieldArray({ control, name: "participants" });
  const indicators = useFieldArray({ control, name: "indicators" });
  const data = query.data;

  useEffect(() => {
    if (data) reset(toValues(data.sections));
  }, [data, reset]);

  const submit = handleSubmit(async (values) => {
    setFailure(null);
    setSaved(false);
    try {
      const { data: written, response } = await client.PUT("/programs/{program_id}/lpj/sections", {
        params: { path: { program_id: program.id }, header: data?.etag ? { "if-match": data.etag } : {} },
        body: toBody(values),
      });
      queryClient.setQueryData(sectionsKey(program.id), { sections: written as LpjSections, etag: response.headers.get("ETag") });
      setSaved(true);
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) await query.refetch();
      showFieldErrors(error, setError, TEXTS);
      setFailure(problemText(error));
    }
  });

  if (query.isError) return <Alert>{problemText(query.error)}</Alert>;
  if (!data) return <Loading label={t("app.loading")} />;
  const { sections } = data;
  const readOnly = !sections.may_edit;
  const e = formState.errors;
  const text = (name: (typeof TEXTS)[number], rows = 4) => (
    <TextArea label={t(`lpj.${name}`)} rows={rows} readOnly={readOnly} error={e[name]?.message} {...register(name)} />
  );

  return (
    <div className="flex flex-col gap-4">
    <Review programId={program.id} sections={sections} etag={data.etag} onStale={() => query.refetch()} />
    <Card title={t("lpj.title")}>
      <form onSubmit={submit} noValidate className="flex max-w-3xl flex-col gap-4">
        <p className="text-sm text-slate-700">
          {!readOnly ? t("lpj.intro") : sections.status === "draft" || sections.status === "revisi" ? t("lpj.readOnly") : t("lpjReview.frozen")}
          {sections.updated_at && " " + t("lpj.lastSaved", {
            when: dateTime(sections.updated_at, language), who: sections.updated_by?.name ?? "—",
          })}
        </p>
        {failure && <Alert>{failure}</Alert>}
        {text("foreword")}
        {text("background")}
        {text("execution_notes")}

        <fieldset className="flex flex-col gap-2">
          <legend className="text-sm font-semibold text-slate-900">{t("lpj.participants")}</legend>
          {participants.fields.length === 0 && <p className="text-sm text-slate-600">{t("lpj.noParticipants")}</p>}
          {participants.fields.map((field, index) => (
            <div key={field.id} className="grid items-end gap-2 sm:grid-cols-[2fr_1fr_1fr_auto]">
              <TextField label={t("lpj.group")} readOnly={readOnly} {...register(`participants.${index}.group`)} />
              <TextField label={t("lpj.target")} inputMode="numeric" readOnly={readOnly} {...register(`participants.${index}.target`)} />
              <TextField label={t("lpj.actual")} inputMode="numeric" readOnly={readOnly} {...register(`participants.${index}.actual`)} />
              {!readOnly && <Button variant="secondary" onClick={() => participants.remove(index)}>{t("lpj.remove")}</Button>}
            </div>
          ))}
          {!readOnly && (
            <div><Button variant="secondary" onClick={() => participants.append({ group: "", target: "", actual: "" })}>
              {t("lpj.addGroup")}
            </Button></div>
          )}
        </fieldset>

        <fieldset className="flex flex-col gap-3">
          <legend className="text-sm font-semibold text-slate-900">{t("lpj.evaluation")}</legend>
          {indicators.fields.length === 0 && <p className="text-sm text-slate-600">{t("lpj.noIndicators")}</p>}
          {indicators.fields.map((field, index) => (
            <div key={field.id} className="grid gap-2 rounded-md border border-slate-200 p-3 sm:grid-cols-2">
              <TextField label={t("lpj.indicator")} readOnly={readOnly} {...register(`indicators.${index}.indicator`)} />
              <TextField label={t("lpj.indicatorTarget")} readOnly={readOnly} {...register(`indicators.${index}.target`)} />
              <TextField label={t("lpj.result")} readOnly={readOnly} {...register(`indicators.${index}.result`)} />
              <SelectField label={t("lpj.met")} disabled={readOnly} {...register(`indicators.${index}.met`)}>
                <option value="">{t("lpj.notJudged")}</option>
                <option value="yes">{t("lpj.metYes")}</option>
                <option value="no">{t("lpj.metNo")}</option>
              </SelectField>
            </div>
          ))}
          {!readOnly && (
            <div><Button variant="secondary" onClick={() => indicators.append({ indicator: "", target: "", result: "", met: "" })}>
              {t("lpj.addIndicator")}
            </Button></div>
          )}
        </fieldset>

        {text("obstacles")}
        {text("solutions")}
        {text("recommendations")}
        {text("closing")}
        {!readOnly && (
          <div className="flex items-center gap-3">
            <Button type="submit" disabled={formState.isSubmitting}>{formState.isSubmitting ? t("common.saving") : t("common.save")}</Button>
            {saved && <span role="status" className="text-sm text-emerald-800">{t("lpj.saved")}</span>}
          </div>
        )}
      </form>
    </Card>
    <LpjAttachments programId={program.id} />
    </div>
  );
}

const STATUS_TONE: Record<LpjSections["status"], Tone> = {
  draft: "slate", diajukan: "violet", diperiksa: "blue", disetujui: "green", revisi: "amber",
};

/**
 * The LPJ's review: its state, every step taken (who, when, from → to, notes), and the steps the caller's role allows
 * now — the PJ submits, the sekretaris checks or sends back, the ketua approves or sends back with notes. Once approved,
 * the stored LPJ's PDF is the LPJ.
 */
function Review({ programId, sections, etag, onStale }: {
  programId: string; sections: LpjSections; etag: string | null; onStale: () => unknown;
}) {
  const t = useTranslations();
  const { client, language } = useApp();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const [failure, setFailure] = useState<string | null>(null);
  const [notes, setNotes] = useState("");
  const [busy, setBusy] = useState(false);
  const actions = sections.actions;
  // the approved LPJ's number, in the organization's format (its content, frozen at approval)
  const approved = useQuery({
    queryKey: ["get", "/programs/{program_id}/lpj", { params: { path: { program_id: programId } } }, sections.report_id],
    queryFn: async () => (await client.GET("/programs/{program_id}/lpj", { params: { path: { program_id: programId } } })).data,
    enabled: Boolean(sections.report_id),
  });

  async function take(action: "submit" | "check" | "approve" | "return") {
    setFailure(null);
    if (action === "return" && !notes.trim()) {
      setFailure(t("lpjReview.notesRequired"));
      return;
    }
    setBusy(true);
    try {
      const params = { path: { program_id: programId }, header: etag ? { "if-match": etag } : {} };
      const { data, response } = action === "return"
        ? await client.POST("/programs/{program_id}/lpj/return", { params, body: { notes: notes.trim() } })
        : action === "submit" ? await client.POST("/programs/{program_id}/lpj/submit", { params })
        : action === "check" ? await client.POST("/programs/{program_id}/lpj/check", { params })
        : await client.POST("/programs/{program_id}/lpj/approve", { params });
      queryClient.setQueryData(sectionsKey(programId), { sections: data as LpjSections, etag: response.headers.get("ETag") });
      if (action === "approve") await queryClient.invalidateQueries({ queryKey: ["get", "/reports"] });
      setNotes("");
    } catch (error) {
      if (error instanceof ApiError && (error.status === 412 || error.status === 409)) await onStale();
      setFailure(problemText(error));
    } finally {
      setBusy(false);
    }
  }

  async function openPdf(reportId: string) {
    setFailure(null);
    try {
      const { data } = await client.GET("/reports/{report_id}/files/{file_format}", {
        params: { path: { report_id: reportId, file_format: "pdf" }, query: { language } },
      });
      if (data) window.location.assign(data.url);
    } catch (error) {
      setFailure(problemText(error));
    }
  }

  const mayReturn = actions.includes("return");
  return (
    <Card title={t("lpjReview.title")}>
      <div className="flex max-w-3xl flex-col gap-3">
        <p className="flex flex-wrap items-center gap-2 text-sm text-slate-800">
          <span>{t("lpjReview.state")}</span>
          <Badge tone={STATUS_TONE[sections.status]}>{t(`lpjReview.status.${sections.status}`)}</Badge>
          <span className="text-slate-700">{t(`lpjReview.explain.${sections.status}`)}</span>
        </p>
        {sections.review_notes && sections.status === "revisi" && (
          <Alert tone="info">{t("lpjReview.returnedWith", { notes: sections.review_notes })}</Alert>
        )}
        {failure && <Alert>{failure}</Alert>}
        {sections.report_id && (
          <div className="flex flex-wrap items-center gap-3">
            <Button variant="secondary" onClick={() => openPdf(sections.report_id as string)}>{t("lpjReview.approvedPdf")}</Button>
            {approved.data?.document_number && (
              <span className="text-sm text-slate-800">{t("lpjReview.number", { number: approved.data.document_number })}</span>
            )}
          </div>
        )}
        {(actions.includes("submit") || actions.includes("check") || actions.includes("approve")) && (
          <div className="flex flex-wrap gap-2">
            {actions.includes("submit") && <Button disabled={busy} onClick={() => take("submit")}>{t("lpjReview.submit")}</Button>}
            {actions.includes("check") && <Button disabled={busy} onClick={() => take("check")}>{t("lpjReview.check")}</Button>}
            {actions.includes("approve") && <Button disabled={busy} onClick={() => take("approve")}>{t("lpjReview.approve")}</Button>}
          </div>
        )}
        {mayReturn && (
          <div className="flex flex-col gap-2">
            <TextArea label={t("lpjReview.notes")} rows={3} value={notes} onChange={(event) => setNotes(event.target.value)} />
            <div><Button variant="secondary" disabled={busy} onClick={() => take("return")}>{t("lpjReview.return")}</Button></div>
          </div>
        )}
        <h3 className="text-sm font-semibold text-slate-900">{t("lpjReview.history")}</h3>
        {sections.history.length === 0 ? (
          <p className="text-sm text-slate-600">{t("lpjReview.noHistory")}</p>
        ) : (
          <ol className="flex flex-col gap-2 text-sm">
            {sections.history.map((step, index) => (
              <li key={index} className="rounded-md border border-slate-200 p-2">
                <span className="font-medium">{t(`lpjReview.action.${step.action}`)}</span>{" "}
                <span className="text-slate-700">
                  {t("lpjReview.stepBy", {
                    who: step.changed_by?.name ?? "—", when: dateTime(step.changed_at, language),
                    from: t(`lpjReview.status.${step.from_status}`), to: t(`lpjReview.status.${step.to_status}`),
                  })}
                </span>
                {step.notes && <p className="mt-1 text-slate-800">{t("lpjReview.stepNotes", { notes: step.notes })}</p>}
              </li>
            ))}
          </ol>
        )}
      </div>
    </Card>
  );
}
