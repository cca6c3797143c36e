"use client";

import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslations } from "use-intl";

import { Button } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { TextArea, TextField } from "@/components/ui/field";
import type { Organization } from "@/lib/api/types";
import { useApp } from "@/lib/app/providers";
import { showFieldErrors } from "@/lib/forms";
import { useProblemText } from "@/lib/hooks/use-problem";

import { useInvalidateOrgs } from "../api";
import { LetterheadLogo } from "./letterhead-logo";

const FIELDS = ["short_name", "institution", "faculty", "study_program", "address", "document_number_format"] as const;
type Values = Record<(typeof FIELDS)[number], string>;
const DEFAULT_FORMAT = "{nomor}/LPJ/{singkatan}/{bulan}/{tahun}";
const ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"];

/** A number as the reports service gives it (functions/reports/labels.py, document_number), for the preview. */
function previewNumber(format: string, shortName: string, today: Date): string {
  const text = (format.trim() || DEFAULT_FORMAT)
    .replaceAll("{nomor}", "007").replaceAll("{singkatan}", shortName.trim()).replaceAll("{kode}", "SEMNAS")
    .replaceAll("{bulan}", ROMAN[today.getMonth()] ?? "").replaceAll("{tahun}", String(today.getFullYear()));
  return text.replace(/([/.-])\1+/g, "$1").replace(/^[/.\- ]+|[/.\- ]+$/g, "");
}

/**
 * The letterhead of the organization's documents (kop surat), which the board writes: the short name, institution,
 * faculty and study programme, the address, and how its documents are numbered. An approved LPJ prints them on its
 * title page with its number.
 */
export function LetterheadCard({ org }: { org: Organization }) {
  const t = useTranslations("org.letterhead");
  const common = useTranslations("common");
  const { client } = useApp();
  const invalidate = useInvalidateOrgs();
  const problemText = useProblemText();
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const { register, handleSubmit, formState, setError, reset, watch } = useForm<Values>();

  useEffect(() => {
    reset(Object.fromEntries(FIELDS.map((name) => [name, org[name] ?? ""])) as Values);
  }, [org, reset]);

  const submit = handleSubmit(async (values) => {
    setFailure(null);
    setSaved(false);
    const changed = Object.fromEntries(FIELDS.filter((name) => values[name].trim() !== (org[name] ?? ""))
      .map((name) => [name, values[name].trim() || null]));
    try {
      await client.PATCH("/orgs/{org_id}", { params: { path: { org_id: org.id } }, body: changed });
      await invalidate();
      setSaved(true);
    } catch (error) {
      showFieldErrors(error, setError, FIELDS);
      setFailure(problemText(error));
    }
  });

  const e = formState.errors;
  const field = (name: (typeof FIELDS)[number], hint?: string) => (
    <TextField label={`${t(name)} (${common("optional")})`} hint={hint} error={e[name]?.message} {...register(name)} />
  );
  return (
    <Card title={t("title")}>
      <form onSubmit={submit} noValidate className="grid max-w-3xl gap-3 sm:grid-cols-2">
        <p className="text-sm text-slate-700 sm:col-span-2">{t("hint")}</p>
        <div className="sm:col-span-2"><LetterheadLogo orgId={org.id} /></div>
        {failure && <div className="sm:col-span-2"><Alert>{failure}</Alert></div>}
        {field("short_name")}
        {field("institution")}
        {field("faculty")}
        {field("study_program")}
        <div className="sm:col-span-2">
          <TextArea label={`${t("address")} (${common("optional")})`} rows={2} error={e.address?.message} {...register("address")} />
        </div>
        <div className="sm:col-span-2">
          {field("document_number_format", t("formatHint"))}
          <p className="mt-1 text-sm text-slate-700" aria-live="polite">
            {t("preview", { number: previewNumber(watch("document_number_format") ?? "", watch("short_name") ?? "", new Date()) })}
          </p>
        </div>
        <div className="flex items-center gap-3 sm:col-span-2">
          <Button type="submit" disabled={formState.isSubmitting}>{formState.isSubmitting ? common("saving") : common("save")}</Button>
          {saved && <span role="status" className="text-sm text-emerald-800">{t("saved")}</span>}
        </div>
      </form>
    </Card>
  );
}
