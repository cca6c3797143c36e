"use client";

import { useTranslations } from "use-intl";

import { AppShell } from "@/app/_shell/app-shell";
import { ProgramForm } from "@/features/programs/components/program-form";

export default function NewProgramPage() {
  const t = useTranslations("programs");
  return <AppShell title={t("createTitle")}><ProgramForm /></AppShell>;
}
