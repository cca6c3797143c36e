"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslations } from "use-intl";

import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { useApp } from "@/lib/app/providers";
import { addDays, todayIn } from "@/lib/i18n/format";
import { showFieldErrors } from "@/lib/forms";
import { useProblemText } from "@/lib/hooks/use-problem";

import { INDONESIAN_TIME_ZONES, ORG_TYPES, useInvalidateOrgs, type OrgType } from "../api";

type Values = {
  name: string; short_name: string; type: OrgType; institution: string; time_zone: string;
  period: { name: string; starts_on: string; ends_on: string };
};

const FIELDS = ["name", "short_name", "type", "institution", "time_zone", "period.name", "period.starts_on", "period.ends_on"];

function defaults(): Values {
  const today = todayIn();
  return {
    name: "", short_name: "", type: "hima", institution: "", time_zone: "Asia/Jakarta",
    period: { name: "", starts_on: today, ends_on: addDays(addDays(today, 365), -1) },
  };
}

/** A new organization with its first period: the creator becomes its ketua, the period starts active. */
export function CreateOrgForm() {
  const t = useTranslations();
  const router = useRouter();
  const { client, setOrgId } = useApp();
  const invalidate = useInvalidateOrgs();
  const problemText = useProblemText();
  const [failure, setFailure] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError, getValues } = useForm<Values>({ defaultValues: defaults() });

  const submit = handleSubmit(async (values) => {
    setFailure(null);
    const blank = (v: string) => (v.trim() === "" ? null : v.trim());
    try {
      const { data } = await client.POST("/orgs", {
        body: {
          name: values.name.trim(), short_name: blank(values.short_name), type: values.type,
          institution: blank(values.institution), time_zone: values.time_zone,
          period: { name: values.period.name.trim(), starts_on: values.period.starts_on, ends_on: values.period.ends_on },
        },
      });
      // The list first, then the choice: useCurrentOrg falls back to the first organization it knows.
      await invalidate();
      setOrgId(data!.id);
      router.push("/dashboard/");
    } catch (error) {
      showFieldErrors(error, setError, FIELDS);
      setFailure(problemText(error));
    }
  });

  const e = formState.errors;
  const required = { required: t("errors.required") };
  return (
    <form onSubmit={submit} noValidate className="flex max-w-3xl flex-col gap-4">
      <p className="text-sm text-slate-700">{t("org.createLead")}</p>
      {failure && <Alert>{failure}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label={t("org.name")} autoComplete="organization" error={e.name?.message} {...register("name", required)} />
        <TextField label={`${t("org.shortName")} (${t("common.optional")})`} error={e.short_name?.message} {...register("short_name")} />
        <SelectField label={t("org.type")} error={e.type?.message} {...register("type", required)}>
          {ORG_TYPES.map((type) => <option key={type} value={type}>{t(`org.types.${type}`)}</option>)}
        </SelectField>
        <TextField label={`${t("org.institution")} (${t("common.optional")})`} hint={t("org.institutionHint")}
          error={e.institution?.message} {...register("institution")} />
        <SelectField label={t("org.timeZone")} error={e.time_zone?.message} {...register("time_zone")}>
          {INDONESIAN_TIME_ZONES.map((zone) => <option key={zone} value={zone}>{t(`org.zones.${zone.replace("/", "_")}`)}</option>)}
        </SelectField>
      </div>
      <fieldset className="flex flex-col gap-4 rounded-lg border border-slate-200 p-4">
        <legend className="px-1 text-base font-semibold text-slate-900">{t("org.firstPeriod")}</legend>
        <p className="text-sm text-slate-700">{t("org.firstPeriodLead")}</p>
        <TextField label={t("org.periodName")} hint={t("org.periodNameHint")} error={e.period?.name?.message}
          {...register("period.name", required)} />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label={t("org.periodStart")} type="date" error={e.period?.starts_on?.message}
            {...register("period.starts_on", required)} />
          <TextField label={t("org.periodEnd")} type="date" error={e.period?.ends_on?.message}
            {...register("period.ends_on", {
              ...required,
              validate: (end) => !getValues("period.starts_on") || end > getValues("period.starts_on") || t("org.endBeforeStart"),
            })} />
        </div>
      </fieldset>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={formState.isSubmitting}>{formState.isSubmitting ? t("common.saving") : t("org.createSubmit")}</Button>
        <Button variant="secondary" onClick={() => router.back()}>{t("common.cancel")}</Button>
      </div>
    </form>
  );
}
