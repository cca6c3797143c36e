"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";

import { Alert } from "@/components/ui/card";
import { CopyField } from "@/components/ui/copy-field";
import { useApp } from "@/lib/app/providers";
import { useProblemText } from "@/lib/hooks/use-problem";
import { isBoard, useCurrentOrg } from "@/lib/org";

import { useInvalidateOrgs } from "../api";

/**
 * The organization's public program schedule: the board switches it on or off; while it is on, every member
 * sees its address to hand on (a calendar app subscribes to it; the organization's website can link it).
 */
export function PublicSchedule() {
  const t = useTranslations("org.publicSchedule");
  const { client } = useApp();
  const { org, role } = useCurrentOrg();
  const invalidate = useInvalidateOrgs();
  const problemText = useProblemText();
  const [pending, setPending] = useState<boolean | null>(null); // the switch as clicked, until the answer
  const [failure, setFailure] = useState<string | null>(null);
  if (!org) return null;
  const canPublish = isBoard(role) && !org.archived_at;
  if (!canPublish && !org.public_schedule_url) return null;

  async function publish(on: boolean) {
    setPending(on);
    setFailure(null);
    try {
      await client.PATCH("/orgs/{org_id}", { params: { path: { org_id: org!.id } }, body: { public_schedule: on } });
      await invalidate();
    } catch (error) {
      setFailure(problemText(error));
    } finally {
      setPending(null); // the organization as the API now tells it
    }
  }

  return (
    <div className="flex flex-col gap-2 border-t border-slate-200 pt-3">
      <h3 className="text-sm font-semibold text-slate-900">{t("title")}</h3>
      <p className="text-sm text-slate-700">{t("hint")}</p>
      {canPublish && (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" className="h-4 w-4" checked={pending ?? org.public_schedule ?? false}
            disabled={pending !== null}
            onChange={(e) => publish(e.currentTarget.checked)} />
          {t("publish")}
        </label>
      )}
      {failure && <Alert>{failure}</Alert>}
      {org.public_schedule_url && <CopyField label={t("address")} value={org.public_schedule_url} />}
    </div>
  );
}
