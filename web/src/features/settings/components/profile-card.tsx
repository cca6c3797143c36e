"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslations } from "use-intl";

import { Button } from "@/components/ui/button";
import { Alert, Card, Loading } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { ApiError } from "@/lib/api/problem";
import { useApp } from "@/lib/app/providers";
import { showFieldErrors } from "@/lib/forms";
import { useProblemText } from "@/lib/hooks/use-problem";

import { PROFILE_KEY, useMyProfile, type Profile } from "../api";

type Values = {
  display_name: string; student_number: string; student_number_on_documents: boolean; phone: string; faculty: string;
  study_program: string;
};
const FIELDS: (keyof Values)[] = ["display_name", "student_number", "student_number_on_documents", "phone", "faculty",
  "study_program"];

const toValues = (p?: Profile): Values => ({
  display_name: p?.display_name ?? "", student_number: p?.student_number ?? "",
  student_number_on_documents: p?.student_number_on_documents ?? false, phone: p?.phone ?? "",
  faculty: p?.faculty ?? "", study_program: p?.study_program ?? "",
});

/** My profile, saved with the ETag it was read with: a change made meanwhile elsewhere is a 412, then reloaded. */
export function ProfileCard() {
  const t = useTranslations();
  const { client } = useApp();
  const queryClient = useQueryClient();
  const profile = useMyProfile();
  const problemText = useProblemText();
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const { register, handleSubmit, formState, setError, reset } = useForm<Values>({ defaultValues: toValues() });

  useEffect(() => {
    if (profile.data) reset(toValues(profile.data.profile));
  }, [profile.data, reset]);

  const submit = handleSubmit(async (values) => {
    setFailure(null);
    setSaved(false);
    const blank = (v: string) => (v.trim() === "" ? null : v.trim());
    try {
      const etag = profile.data?.etag;
      const { data, response } = await client.PATCH("/users/me", {
        params: { header: etag ? { "if-match": etag } : {} },
        body: {
          display_name: values.display_name.trim(), student_number: blank(values.student_number),
          student_number_on_documents: values.student_number_on_documents, phone: blank(values.phone),
          faculty: blank(values.faculty), study_program: blank(values.study_program),
        },
      });
      const next = response.headers.get("ETag");
      if (data && next) queryClient.setQueryData(PROFILE_KEY, { profile: data, etag: next });
      else await queryClient.invalidateQueries({ queryKey: PROFILE_KEY });
      setSaved(true);
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) await profile.refetch();
      showFieldErrors(error, setError, FIELDS);
      setFailure(problemText(error));
    }
  });

  const e = formState.errors;
  return (
    <Card title={t("settings.profile")}>
      {profile.isPending && <Loading label={t("app.loading")} />}
      {profile.isError && <Alert>{problemText(profile.error)}</Alert>}
      {profile.data && (
        <form onSubmit={submit} noValidate aria-label={t("settings.profile")} className="flex flex-col gap-4">
          {failure && <Alert>{failure}</Alert>}
          {saved && <Alert tone="success">{t("settings.profileSaved")}</Alert>}
          {profile.data.profile.email && (
            <p className="text-sm text-slate-700">{t("settings.signedInAs", { email: profile.data.profile.email })}</p>
          )}
          <TextField label={t("settings.displayName")} autoComplete="name" error={e.display_name?.message}
            {...register("display_name", { required: t("errors.required") })} />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField label={`${t("settings.studentNumber")} (${t("common.optional")})`} error={e.student_number?.message}
              {...register("student_number")} />
            <TextField label={`${t("settings.phone")} (${t("common.optional")})`} type="tel" autoComplete="tel"
              error={e.phone?.message} {...register("phone")} />
            <TextField label={`${t("settings.faculty")} (${t("common.optional")})`} error={e.faculty?.message} {...register("faculty")} />
            <TextField label={`${t("settings.studyProgram")} (${t("common.optional")})`} error={e.study_program?.message}
              {...register("study_program")} />
          </div>
          <label className="flex items-start gap-2 text-sm text-slate-700">
            <input type="checkbox" className="mt-0.5 h-4 w-4" {...register("student_number_on_documents")} />
            <span>{t("settings.studentNumberOnDocuments")}</span>
          </label>
          <div>
            <Button type="submit" disabled={formState.isSubmitting}>{formState.isSubmitting ? t("common.saving") : t("common.save")}</Button>
          </div>
        </form>
      )}
    </Card>
  );
}
