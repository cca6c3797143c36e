"use client";

import { useTranslations } from "use-intl";

import { AppShell } from "@/app/_shell/app-shell";
import { MyTasks } from "@/features/tasks/components/my-tasks";

export default function MyTasksPage() {
  const t = useTranslations("tasks");
  return <AppShell title={t("myTitle")}><MyTasks /></AppShell>;
}
