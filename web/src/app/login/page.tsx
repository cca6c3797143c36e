"use client";

import { Suspense } from "react";
import { useTranslations } from "use-intl";

import { AuthFrame } from "@/app/_shell/auth-frame";
import { LoginForm } from "@/features/auth/components/auth-forms";

export default function LoginPage() {
  const t = useTranslations("auth");
  return (
    <AuthFrame title={t("loginTitle")} lead={t("loginLead")}>
      <Suspense><LoginForm /></Suspense>
    </AuthFrame>
  );
}
