"use client";

import { useTranslations } from "use-intl";

import { AppShell } from "@/app/_shell/app-shell";
import { Inbox } from "@/features/notifications/components/inbox";

export default function NotificationsPage() {
  const t = useTranslations("notifications");
  return <AppShell title={t("title")}><Inbox /></AppShell>;
}
