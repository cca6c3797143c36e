"use client";

import { useSearchParams } from "next/navigation";
import { Suspense } from "react";
import { useTranslations } from "use-intl";

import { AppShell } from "@/app/_shell/app-shell";
import { TaskDetails } from "@/features/tasks/components/task-details";

function Task() {
  const id = useSearchParams().get("id");
  return id ? <TaskDetails taskId={id} /> : null;
}

export default function TaskPage() {
  const t = useTranslations("tasks");
  return <AppShell title={t("detailTitle")}><Suspense><Task /></Suspense></AppShell>;
}
