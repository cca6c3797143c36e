"use client";

import { useTranslations } from "use-intl";

import { isBoard, useCurrentOrg } from "@/lib/org";

import { CalendarCard } from "./calendar-card";
import { ChatWebhooksCard } from "./chat-webhooks-card";
import { PasswordCard } from "./password-card";
import { PreferencesCard } from "./preferences-card";
import { ProfileCard } from "./profile-card";
import { SessionsCard } from "./sessions-card";
import { WebhooksCard } from "./webhooks-card";

/** My account for everyone; the organization's integrations for its board (ketua, wakil ketua) only. */
export function SettingsScreen() {
  const t = useTranslations();
  const { org, role } = useCurrentOrg();
  return (
    <div className="flex flex-col gap-4">
      <div className="grid gap-4 md:grid-cols-2">
        <ProfileCard />
        <PasswordCard />
      </div>
      <PreferencesCard />
      <CalendarCard />
      <SessionsCard />
      {org && isBoard(role) && (
        <section aria-label={t("settings.orgSection", { org: org.short_name ?? org.name })} className="flex flex-col gap-4">
          <p className="mt-2 border-t border-slate-200 pt-4 text-sm text-slate-700">
            {t("settings.orgSectionLead", { org: org.short_name ?? org.name })}
          </p>
          <ChatWebhooksCard orgId={org.id} />
          <WebhooksCard orgId={org.id} />
        </section>
      )}
    </div>
  );
}
