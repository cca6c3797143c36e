"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslations } from "use-intl";

import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { ApiError } from "@/lib/api/problem";
import { useApp } from "@/lib/app/providers";
import type { Tokens } from "@/lib/auth/session";
import { showFieldErrors } from "@/lib/forms";
import { useProblemText } from "@/lib/hooks/use-problem";

type LoginValues = { email: string; password: string };
type RegisterValues = LoginValues & { name: string };

/** Where to go after signing in: the page that sent us here, if it is one of ours. */
function useNext(): string {
  const next = useSearchParams().get("next");
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/dashboard/";
}

export function LoginForm() {
  const t = useTranslations();
  const { client, session } = useApp();
  const router = useRouter();
  const next = useNext();
  const problemText = useProblemText();
  const [failure, setFailure] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<LoginValues>();

  const submit = handleSubmit(async (values) => {
    setFailure(null);
    try {
      const { data } = await client.POST("/auth/login", { body: values });
      session.signIn(data as Tokens);
      router.replace(next);
    } catch (error) {
      setFailure(error instanceof ApiError && error.status === 401 ? t("auth.wrongCredentials") : problemText(error));
    }
  });

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      {failure && <Alert>{failure}</Alert>}
      <TextField label={t("auth.email")} type="email" autoComplete="email" error={formState.errors.email?.message}
        {...register("email", { required: t("errors.required") })} />
      <TextField label={t("auth.password")} type="password" autoComplete="current-password"
        error={formState.errors.password?.message} {...register("password", { required: t("errors.required") })} />
      <Button type="submit" disabled={formState.isSubmitting}>{t("auth.submitLogin")}</Button>
      <p className="text-sm">
        <Link className="font-medium text-brand-700 underline" href="/forgot-password/">{t("auth.forgotLink")}</Link>
      </p>
      <p className="text-sm text-slate-700">
        {t("auth.noAccount")} <Link className="font-medium text-brand-700 underline" href="/register/">{t("auth.submitRegister")}</Link>
      </p>
    </form>
  );
}

export function RegisterForm() {
  const t = useTranslations();
  const { client, session } = useApp();
  const router = useRouter();
  const next = useNext();
  const problemText = useProblemText();
  const [failure, setFailure] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError } = useForm<RegisterValues>();

  const submit = handleSubmit(async (values) => {
    setFailure(null);
    try {
      const { data } = await client.POST("/auth/register", { body: values });
      session.signIn(data as Tokens);
      router.replace(next);
    } catch (error) {
      showFieldErrors(error, setError, ["email", "password", "name"]);
      setFailure(problemText(error));
    }
  });

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      {failure && <Alert>{failure}</Alert>}
      <TextField label={t("auth.name")} autoComplete="name" error={formState.errors.name?.message}
        {...register("name", { required: t("errors.required") })} />
      <TextField label={t("auth.email")} type="email" autoComplete="email" error={formState.errors.email?.message}
        {...register("email", { required: t("errors.required") })} />
      <TextField label={t("auth.password")} type="password" autoComplete="new-password"
        error={formState.errors.password?.message} {...register("password", { required: t("errors.required") })} />
      <Button type="submit" disabled={formState.isSubmitting}>{t("auth.submitRegister")}</Button>
      <p className="text-sm text-slate-700">
        {t("auth.haveAccount")} <Link className="font-medium text-brand-700 underline" href="/login/">{t("auth.submitLogin")}</Link>
      </p>
    </form>
  );
}
