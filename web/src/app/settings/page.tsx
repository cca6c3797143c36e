"use client";

import { useTranslations } from "use-intl";

import { AppShell } from "@/app/_shell/app-shell";
import { SettingsScreen } from "@/features/settings/components/settings-screen";

export default function SettingsPage() {
  const t = useTranslations("settings");
  return <AppShell title={t("title")}><SettingsScreen /></AppShell>;
}
