"use client";

import Link from "next/link";
import { Suspense } from "react";
import { useTranslations } from "use-intl";

import { AppShell } from "@/app/_shell/app-shell";
import { ProgramList } from "@/features/programs/components/program-list";
import { programRights } from "@/lib/rights";
import { useCurrentOrg } from "@/lib/org";

export default function ProgramsPage() {
  const t = useTranslations();
  const { role } = useCurrentOrg();
  return (
    <AppShell title={t("programs.title")}>
      {programRights(role, undefined, undefined).create && (
        <Link href="/programs/new/" className="mb-4 inline-flex min-h-10 items-center rounded-md bg-brand-700 px-4 text-sm font-medium text-white hover:bg-brand-800">
          {t("programs.new")}
        </Link>
      )}
      <Suspense><ProgramList /></Suspense>
    </AppShell>
  );
}
