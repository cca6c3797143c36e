"use client";

import { Suspense } from "react";
import { useTranslations } from "use-intl";

import { AuthFrame } from "@/app/_shell/auth-frame";
import { RegisterForm } from "@/features/auth/components/auth-forms";

export default function RegisterPage() {
  const t = useTranslations("auth");
  return (
    <AuthFrame title={t("registerTitle")} lead={t("registerLead")}>
      <Suspense><RegisterForm /></Suspense>
    </AuthFrame>
  );
}
