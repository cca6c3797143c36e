"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslations } from "use-intl";

import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { ApiError } from "@/lib/api/problem";
import { useApp } from "@/lib/app/providers";
import { showFieldErrors } from "@/lib/forms";
import { useProblemText } from "@/lib/hooks/use-problem";

/** The token of a mailed link: in the fragment (`#token=…`), which the browser never sends to a server. */
function useLinkToken(): string | null | undefined {
  const [token, setToken] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    setToken(new URLSearchParams(window.location.hash.slice(1)).get("token"));
    window.history.replaceState(null, "", window.location.pathname);  // out of the address bar and history
  }, []);
  return token;
}

function isInvalidLink(error: unknown): boolean {
  return error instanceof ApiError && error.status === 422
    && error.errors.some((e) => e.field === "body.token");
}

function BackToLogin() {
  const t = useTranslations("auth");
  return (
    <p className="text-sm text-slate-700">
      <Link className="font-medium text-brand-700 underline" href="/login/">{t("backToLogin")}</Link>
    </p>
  );
}

/** Ask for a link by address (a new password, or a new verification link): the answer is the same for any. */
function AskForLinkForm({ path, sentText }: { path: "/auth/password/forgot" | "/auth/email/verify-request";
                                           sentText: string }) {
  const t = useTranslations();
  const { client } = useApp();
  const problemText = useProblemText();
  const [sent, setSent] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError } = useForm<{ email: string }>();

  const submit = handleSubmit(async (values) => {
    setFailure(null);
    try {
      await client.POST(path, { body: values });
      setSent(true);
    } catch (error) {
      showFieldErrors(error, setError, ["email"]);
      setFailure(problemText(error));
    }
  });

  if (sent) return <div className="flex flex-col gap-4"><p role="status">{sentText}</p><BackToLogin /></div>;
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      {failure && <Alert>{failure}</Alert>}
      <TextField label={t("auth.email")} type="email" autoComplete="email" error={formState.errors.email?.message}
        {...register("email", { required: t("errors.required") })} />
      <Button type="submit" disabled={formState.isSubmitting}>{t("auth.sendLink")}</Button>
      <BackToLogin />
    </form>
  );
}

export function ForgotPasswordForm() {
  const t = useTranslations("auth");
  return <AskForLinkForm path="/auth/password/forgot" sentText={t("resetLinkSent")} />;
}

export function ResetPasswordForm() {
  const t = useTranslations();
  const { client } = useApp();
  const token = useLinkToken();
  const problemText = useProblemText();
  const [done, setDone] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError } = useForm<{ new_password: string }>();

  const submit = handleSubmit(async (values) => {
    setFailure(null);
    try {
      await client.POST("/auth/password/reset", { body: { token: token ?? "", new_password: values.new_password } });
      setDone(true);
    } catch (error) {
      if (isInvalidLink(error)) {
        setFailure(t("auth.linkInvalid"));
        return;
      }
      showFieldErrors(error, setError, ["new_password"]);
      setFailure(problemText(error));
    }
  });

  if (token === undefined) return null;
  if (done) return <div className="flex flex-col gap-4"><p role="status">{t("auth.passwordReset")}</p><BackToLogin /></div>;
  if (!token) return <div className="flex flex-col gap-4"><Alert>{t("auth.linkInvalid")}</Alert><BackToLogin /></div>;
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      {failure && <Alert>{failure}</Alert>}
      <TextField label={t("auth.newPassword")} type="password" autoComplete="new-password"
        error={formState.errors.new_password?.message}
        {...register("new_password", { required: t("errors.required") })} />
      <Button type="submit" disabled={formState.isSubmitting}>{t("auth.submitReset")}</Button>
    </form>
  );
}

export function VerifyEmail() {
  const t = useTranslations("auth");
  const { client } = useApp();
  const token = useLinkToken();
  const problemText = useProblemText();
  const [outcome, setOutcome] = useState<"verified" | "invalid" | string | null>(null);
  const asked = useRef(false);

  useEffect(() => {
    if (token === undefined || asked.current) return;
    asked.current = true;
    if (!token) {
      setOutcome("invalid");
      return;
    }
    client.POST("/auth/email/verify", { body: { token } })
      .then(() => setOutcome("verified"))
      .catch((error: unknown) => setOutcome(isInvalidLink(error) ? "invalid" : problemText(error)));
  }, [token, client, problemText]);

  if (outcome === null) return <p role="status">{t("verifying")}</p>;
  if (outcome === "verified") return <div className="flex flex-col gap-4"><p role="status">{t("emailVerified")}</p><BackToLogin /></div>;
  return (
    <div className="flex flex-col gap-4">
      <Alert>{outcome === "invalid" ? t("linkInvalid") : outcome}</Alert>
      <AskForLinkForm path="/auth/email/verify-request" sentText={t("verifyLinkSent")} />
    </div>
  );
}
