"use client";

import { useTranslations } from "use-intl";

import { AppShell } from "@/app/_shell/app-shell";
import { CreateOrgForm } from "@/features/orgs/components/create-org-form";

export default function NewOrgPage() {
  const t = useTranslations("org");
  return <AppShell title={t("createTitle")}><CreateOrgForm /></AppShell>;
}
