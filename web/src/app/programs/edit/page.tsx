"use client";

import { useSearchParams } from "next/navigation";
import { Suspense } from "react";
import { useTranslations } from "use-intl";

import { AppShell } from "@/app/_shell/app-shell";
import { Loading } from "@/components/ui/card";
import { useProgram } from "@/features/programs/api";
import { ProgramForm } from "@/features/programs/components/program-form";

function EditProgram() {
  const t = useTranslations();
  const id = useSearchParams().get("id");
  const program = useProgram(id);
  if (!program.data) return <Loading label={t("app.loading")} />;
  return <ProgramForm program={program.data.program} etag={program.data.etag} onStale={() => program.refetch()} />;
}

export default function EditProgramPage() {
  const t = useTranslations("programs");
  return <AppShell title={t("editTitle")}><Suspense><EditProgram /></Suspense></AppShell>;
}
