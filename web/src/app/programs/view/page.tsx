"use client";

import { useSearchParams } from "next/navigation";
import { Suspense } from "react";
import { useTranslations } from "use-intl";

import { AppShell } from "@/app/_shell/app-shell";
import { ProgramView } from "@/features/programs/components/program-view";
import { Kanban } from "@/features/tasks/components/kanban";

function Program() {
  const id = useSearchParams().get("id");
  if (!id) return null;
  return <ProgramView programId={id} taskBoard={(program, canManage) => <Kanban program={program} canManage={canManage} />} />;
}

export default function ProgramPage() {
  const t = useTranslations("programs");
  return <AppShell title={t("title")}><Suspense><Program /></Suspense></AppShell>;
}
