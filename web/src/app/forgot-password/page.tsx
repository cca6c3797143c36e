"use client";

import { useTranslations } from "use-intl";

import { AuthFrame } from "@/app/_shell/auth-frame";
import { ForgotPasswordForm } from "@/features/auth/components/recovery-forms";

export default function ForgotPasswordPage() {
  const t = useTranslations("auth");
  return (
    <AuthFrame title={t("forgotTitle")} lead={t("forgotLead")}>
      <ForgotPasswordForm />
    </AuthFrame>
  );
}
