"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";

import { Button } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import type { Program } from "@/lib/api/types";
import { useApp } from "@/lib/app/providers";
import { dateTime } from "@/lib/i18n/format";
import { useProblemText } from "@/lib/hooks/use-problem";

/** Stored reports of the program: generate one (PDF and CSV are made with it) and download its files. */
export function Reports({ program }: { program: Program }) {
  const t = useTranslations();
  const { $api, client, language } = useApp();
  const reports = $api.useQuery("get", "/reports", {
    params: { query: { organization_id: program.organization_id, program_id: program.id, limit: 20 } },
  });
  const problemText = useProblemText();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function generate(kind: "progress" | "lpj") {
    setBusy(true);
    setFailure(null);
    try {
      await client.POST("/programs/{program_id}/reports", { params: { path: { program_id: program.id } }, body: { kind } });
      await reports.refetch();
    } catch (error) {
      setFailure(problemText(error));
    } finally {
      setBusy(false);
    }
  }

  async function download(reportId: string, format: "pdf" | "csv") {
    setFailure(null);
    try {
      const { data } = await client.GET("/reports/{report_id}/files/{file_format}", {
        params: { path: { report_id: reportId, file_format: format }, query: { language } },
      });
      if (data) window.location.assign(data.url); // a signed link that expires: fetched when asked for
    } catch (error) {
      setFailure(problemText(error));
    }
  }

  return (
    <Card title={t("reports.stored")}>
      {failure && <Alert>{failure}</Alert>}
      <div className="mb-3 flex flex-wrap gap-2">
        <Button disabled={busy} onClick={() => generate("progress")}>{busy ? t("reports.generating") : `${t("reports.generate")}: ${t("reports.progress")}`}</Button>
        <Button variant="secondary" disabled={busy} onClick={() => generate("lpj")}>{`${t("reports.generate")}: ${t("reports.lpj")}`}</Button>
      </div>
      {reports.data?.items.length === 0 && <p className="text-sm text-slate-700">{t("reports.empty")}</p>}
      <ul className="flex flex-col gap-2">
        {reports.data?.items.map((r) => (
          <li key={r.id} className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-medium">{r.title}</span>
            <span className="text-slate-600">{t("reports.generatedAt", { when: dateTime(r.created_at, language) })}</span>
            <span className="ml-auto flex gap-1">
              {r.formats.includes("pdf") && <Button variant="secondary" onClick={() => download(r.id, "pdf")}>{t("reports.pdf")}</Button>}
              {r.formats.includes("csv") && <Button variant="secondary" onClick={() => download(r.id, "csv")}>{t("reports.csv")}</Button>}
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
