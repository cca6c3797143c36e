"use client";

import Link from "next/link";
import { useTranslations } from "use-intl";

import { AppShell } from "@/app/_shell/app-shell";
import { Loading } from "@/components/ui/card";
import { Dashboard } from "@/features/dashboard/components/dashboard";
import { useCurrentOrg } from "@/lib/org";

export default function DashboardPage() {
  const t = useTranslations();
  const { org, query } = useCurrentOrg();
  const title = org ? t("dashboard.title", { org: org.short_name ?? org.name }) : t("nav.dashboard");
  return (
    <AppShell title={title}>
      {query.isPending ? <Loading label={t("app.loading")} /> : org ? <Dashboard /> : (
        <div className="rounded-lg border border-slate-200 bg-white p-6">
          <p className="font-medium">{t("dashboard.noOrg")}</p>
          <p className="mt-1 text-sm text-slate-700">{t("dashboard.noOrgLead")}</p>
          <div className="mt-4 flex gap-3">
            <Link className="rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white" href="/org/new/">{t("nav.newOrg")}</Link>
            <Link className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium" href="/org/">{t("nav.invitations")}</Link>
          </div>
        </div>
      )}
    </AppShell>
  );
}
