"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";

import { Alert, Loading } from "@/components/ui/card";
import { useProblemText } from "@/lib/hooks/use-problem";
import { isBoard, useCurrentOrg } from "@/lib/org";

import { canInvite, useMyInvitations } from "../api";
import { CalendarCard } from "./calendar-card";
import { DepartmentsCard } from "./departments-card";
import { InvitationsCard } from "./invitations-card";
import { JoinCard } from "./join-card";
import { LetterheadCard } from "./letterhead-card";
import { MembersCard } from "./members-card";
import { OrgOverview } from "./org-overview";
import { PeriodsCard } from "./periods-card";

/**
 * The organization being looked at, for everyone in it; the board's tools only for the board.
 * Joining (invitations to me, a code) comes first when that is what the visitor came for.
 */
export function OrgScreen({ code }: { code: string }) {
  const t = useTranslations();
  const { org, role, query } = useCurrentOrg();
  const mine = useMyInvitations();
  const problemText = useProblemText();
  // Kept here, not in the card: joining moves the card (or mounts the organization's screen instead).
  const [joined, setJoined] = useState<string | null>(null);

  if (query.isPending) return <Loading label={t("app.loading")} />;
  const join = <JoinCard initialCode={code} onDone={setJoined} />;
  const notice = joined && <Alert tone="success">{joined}</Alert>;
  if (query.isError) return <div className="flex flex-col gap-4"><Alert>{problemText(query.error)}</Alert>{join}</div>;
  if (!org) {
    return (
      <div className="flex max-w-3xl flex-col gap-4">
        {notice}
        <Alert tone="info">{t("org.noOrg")}</Alert>
        {join}
      </div>
    );
  }

  const joinFirst = !!code || (mine.data?.items.length ?? 0) > 0;
  return (
    <div className="flex flex-col gap-4">
      {notice}
      {joinFirst && join}
      <div className="grid gap-4 md:grid-cols-2">
        <OrgOverview org={org} role={role} />
        <PeriodsCard orgId={org.id} canManage={isBoard(role)} />
      </div>
      <DepartmentsCard orgId={org.id} canManage={isBoard(role)} />
      <CalendarCard orgId={org.id} canEdit={canInvite(role)} />
      {isBoard(role) && !org.archived_at && <LetterheadCard org={org} />}
      <MembersCard orgId={org.id} />
      {canInvite(role) && <InvitationsCard orgId={org.id} role={role} />}
      {!joinFirst && join}
    </div>
  );
}
