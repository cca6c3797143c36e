"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslations } from "use-intl";

import { Button } from "@/components/ui/button";
import { Alert, Loading } from "@/components/ui/card";
import { TextArea } from "@/components/ui/field";
import type { components } from "@/lib/api/schema";
import { useApp } from "@/lib/app/providers";
import { showFieldErrors } from "@/lib/forms";
import { dateTime } from "@/lib/i18n/format";
import { useProblemText } from "@/lib/hooks/use-problem";

type Note = components["schemas"]["HandoverNote"];
const PARTS = ["worked", "did_not_work", "contacts", "whereabouts"] as const;
type Values = Record<(typeof PARTS)[number], string>;

/**
 * A department's note to the next board: what worked, what did not, contacts, where things are. Its heads, the
 * sekretaris and the board write it while the period is open; everyone in the organization reads it, the next
 * board above all (a carried-over department shows the note of the one it continues).
 */
export function HandoverNote({ orgId, departmentId }: { orgId: string; departmentId: string }) {
  const t = useTranslations("handover.note");
  const { client, language } = useApp();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const [editing, setEditing] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const queryKey = ["handover-note", orgId, departmentId];
  const note = useQuery({
    queryKey,
    queryFn: async () => {
      const { data, response } = await client.GET("/orgs/{org_id}/departments/{department_id}/handover-note", {
        params: { path: { org_id: orgId, department_id: departmentId } },
      });
      return { note: data as Note, etag: response.headers.get("ETag") };
    },
  });
  const { register, handleSubmit, formState, setError, reset } = useForm<Values>();

  if (note.isPending) return <Loading label={t("loading")} />;
  if (note.isError) return <Alert>{problemText(note.error)}</Alert>;
  const { note: current, etag } = note.data;

  const save = handleSubmit(async (values) => {
    setFailure(null);
    try {
      await client.PUT("/orgs/{org_id}/departments/{department_id}/handover-note", {
        params: { path: { org_id: orgId, department_id: departmentId }, header: etag ? { "if-match": etag } : {} },
        body: values,
      });
      await queryClient.invalidateQueries({ queryKey });
      setEditing(false);
    } catch (error) {
      showFieldErrors(error, setError, PARTS);
      setFailure(problemText(error));
    }
  });

  if (editing) {
    return (
      <form onSubmit={save} noValidate aria-label={t("title")} className="flex flex-col gap-3 rounded-md border border-slate-200 bg-slate-50 p-3">
        {failure && <Alert>{failure}</Alert>}
        {PARTS.map((part) => (
          <TextArea key={part} label={t(part)} hint={t(`${part}Hint`)} rows={3} error={formState.errors[part]?.message}
            {...register(part, { maxLength: { value: 5000, message: t("tooLong") } })} />
        ))}
        <div className="flex gap-2">
          <Button type="submit" disabled={formState.isSubmitting}>{formState.isSubmitting ? t("saving") : t("save")}</Button>
          <Button variant="secondary" onClick={() => setEditing(false)}>{t("cancel")}</Button>
        </div>
      </form>
    );
  }

  const written = PARTS.some((part) => current[part].trim());
  return (
    <div className="flex flex-col gap-2 rounded-md border border-slate-200 p-3">
      {!written && <p className="text-sm text-slate-700">{t("empty")}</p>}
      {written && (
        <dl className="grid gap-2 sm:grid-cols-2">
          {PARTS.map((part) => (
            <div key={part}>
              <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{t(part)}</dt>
              <dd className="whitespace-pre-line text-sm text-slate-800">{current[part].trim() || "–"}</dd>
            </div>
          ))}
        </dl>
      )}
      {current.updated_at && <p className="text-xs text-slate-600">{t("updated", { when: dateTime(current.updated_at, language) })}</p>}
      {current.may_edit && (
        <div>
          <Button variant="secondary" onClick={() => { reset(Object.fromEntries(PARTS.map((p) => [p, current[p]])) as Values); setEditing(true); }}>
            {written ? t("edit") : t("write")}
          </Button>
        </div>
      )}
    </div>
  );
}
