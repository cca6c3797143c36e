"use client";

import { useTranslations } from "use-intl";

import { AuthFrame } from "@/app/_shell/auth-frame";
import { ResetPasswordForm } from "@/features/auth/components/recovery-forms";

export default function ResetPasswordPage() {
  const t = useTranslations("auth");
  return (
    <AuthFrame title={t("resetTitle")} lead={t("resetLead")}>
      <ResetPasswordForm />
    </AuthFrame>
  );
}
