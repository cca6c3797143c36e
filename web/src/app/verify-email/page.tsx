"use client";

import { useTranslations } from "use-intl";

import { AuthFrame } from "@/app/_shell/auth-frame";
import { VerifyEmail } from "@/features/auth/components/recovery-forms";

export default function VerifyEmailPage() {
  const t = useTranslations("auth");
  return (
    <AuthFrame title={t("verifyTitle")} lead={t("verifyLead")}>
      <VerifyEmail />
    </AuthFrame>
  );
}
