"use client";

import { useTranslations } from "use-intl";

import { Badge } from "@/components/ui/badge";
import { Alert, Card, Loading } from "@/components/ui/card";
import { useApp } from "@/lib/app/providers";
import { calendarDate } from "@/lib/i18n/format";
import { useProblemText } from "@/lib/hooks/use-problem";

import { usePeriods } from "../api";

const TONE = { aktif: "green", draft: "slate", selesai: "slate" } as const;

/** The periods of office, newest first; the active one is the one everything happens in. */
export function PeriodsCard({ orgId }: { orgId: string }) {
  const t = useTranslations();
  const { language } = useApp();
  const periods = usePeriods(orgId);
  const problemText = useProblemText();
  const items = [...(periods.data?.items ?? [])].sort((a, b) => b.starts_on.localeCompare(a.starts_on));

  return (
    <Card title={t("org.periods")}>
      {periods.isPending && <Loading label={t("app.loading")} />}
      {periods.isError && <Alert>{problemText(periods.error)}</Alert>}
      {periods.data && items.length === 0 && <p className="text-sm text-slate-700">{t("org.noPeriods")}</p>}
      <ul className="flex flex-col divide-y divide-slate-100">
        {items.map((p) => (
          <li key={p.id} className="flex flex-wrap items-center gap-x-2 gap-y-1 py-2 text-sm"
            aria-current={p.status === "aktif" ? "true" : undefined}>
            <span className={p.status === "aktif" ? "font-semibold text-slate-900" : "text-slate-800"}>{p.name}</span>
            <Badge tone={TONE[p.status]}>{t(`org.periodStatus.${p.status}`)}</Badge>
            <span className="w-full text-xs text-slate-600 sm:ml-auto sm:w-auto">
              {t("org.periodRange", { start: calendarDate(p.starts_on, language), end: calendarDate(p.ends_on, language) })}
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
