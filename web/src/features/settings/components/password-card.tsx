"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslations } from "use-intl";

import { Button } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { ApiError } from "@/lib/api/problem";
import { useApp } from "@/lib/app/providers";
import { useProblemText } from "@/lib/hooks/use-problem";

import { useInvalidate } from "../api";

type Values = { current_password: string; new_password: string; repeat: string };

/** A new password; the API ends every other session, so the list of sessions is asked again. */
export function PasswordCard() {
  const t = useTranslations();
  const { client } = useApp();
  const invalidate = useInvalidate();
  const problemText = useProblemText();
  const [failure, setFailure] = useState<string | null>(null);
  const [changed, setChanged] = useState(false);
  const { register, handleSubmit, formState, setError, reset, getValues } = useForm<Values>({
    defaultValues: { current_password: "", new_password: "", repeat: "" },
  });

  const submit = handleSubmit(async (values) => {
    setFailure(null);
    setChanged(false);
    try {
      await client.PUT("/auth/password", { body: { current_password: values.current_password, new_password: values.new_password } });
      reset();
      setChanged(true);
      await invalidate("/auth/sessions");
    } catch (error) {
      if (error instanceof ApiError) {
        for (const problem of error.errors) {
          const field = problem.field.replace(/^body\./, "");
          if (field !== "current_password" && field !== "new_password") continue;
          const message = problem.code === "wrong_password" ? t("settings.wrongPassword")
            : problem.code === "weak_password" ? t("settings.weakPassword", { reason: problem.message }) : problem.message;
          setError(field, { message });
        }
      }
      setFailure(problemText(error));
    }
  });

  const e = formState.errors;
  const required = { required: t("errors.required") };
  return (
    <Card title={t("settings.password")}>
      <form onSubmit={submit} noValidate aria-label={t("settings.password")} className="flex flex-col gap-4">
        <p className="text-sm text-slate-700">{t("settings.passwordLead")}</p>
        {failure && <Alert>{failure}</Alert>}
        {changed && <Alert tone="success">{t("settings.passwordChanged")}</Alert>}
        <TextField label={t("settings.currentPassword")} type="password" autoComplete="current-password"
          error={e.current_password?.message} {...register("current_password", required)} />
        <TextField label={t("settings.newPassword")} type="password" autoComplete="new-password" hint={t("settings.newPasswordHint")}
          error={e.new_password?.message} {...register("new_password", required)} />
        <TextField label={t("settings.repeatPassword")} type="password" autoComplete="new-password" error={e.repeat?.message}
          {...register("repeat", { ...required, validate: (v) => v === getValues("new_password") || t("settings.passwordMismatch") })} />
        <div>
          <Button type="submit" disabled={formState.isSubmitting}>{formState.isSubmitting ? t("common.saving") : t("settings.changePassword")}</Button>
        </div>
      </form>
    </Card>
  );
}
