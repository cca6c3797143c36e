"use client";

import { useSearchParams } from "next/navigation";
import { Suspense } from "react";
import { useTranslations } from "use-intl";

import { AppShell } from "@/app/_shell/app-shell";
import { Loading } from "@/components/ui/card";
import { HandoverScreen } from "@/features/orgs/components/handover-screen";

function Handover() {
  const period = useSearchParams().get("period") ?? "";
  return <HandoverScreen periodId={period} />;
}

export default function HandoverPage() {
  const t = useTranslations();
  return (
    <AppShell title={t("handover.title")}>
      <Suspense fallback={<Loading label={t("app.loading")} />}><Handover /></Suspense>
    </AppShell>
  );
}
