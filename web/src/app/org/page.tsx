"use client";

import { useSearchParams } from "next/navigation";
import { Suspense } from "react";
import { useTranslations } from "use-intl";

import { AppShell } from "@/app/_shell/app-shell";
import { Loading } from "@/components/ui/card";
import { OrgScreen } from "@/features/orgs/components/org-screen";

function Org() {
  const code = useSearchParams().get("code") ?? "";
  return <OrgScreen code={code} />;
}

export default function OrgPage() {
  const t = useTranslations();
  return (
    <AppShell title={t("org.title")}>
      <Suspense fallback={<Loading label={t("app.loading")} />}><Org /></Suspense>
    </AppShell>
  );
}
