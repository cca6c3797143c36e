"use client";

import { useTranslations } from "use-intl";

import { Badge } from "@/components/ui/badge";
import { Alert, Card, Loading } from "@/components/ui/card";
import { useApp } from "@/lib/app/providers";
import { useProblemText } from "@/lib/hooks/use-problem";
import { useDepartments, useMembers } from "@/lib/org";

import { personLabel, ROLES } from "../api";

/** The members of the active period, the board first: name, e-mail, role, department. */
export function MembersCard({ orgId }: { orgId: string }) {
  const t = useTranslations();
  const { state } = useApp();
  const members = useMembers(orgId);
  const departments = useDepartments(orgId);
  const problemText = useProblemText();
  const departmentName = new Map((departments.data?.items ?? []).map((d) => [d.id, d.name]));
  const items = [...(members.data?.items ?? [])].sort((a, b) =>
    Number(b.active) - Number(a.active) || ROLES.indexOf(a.role) - ROLES.indexOf(b.role)
    || personLabel(a).localeCompare(personLabel(b)));

  return (
    <Card title={members.data ? `${t("org.members")} (${items.filter((m) => m.active).length})` : t("org.members")}>
      {members.isPending && <Loading label={t("app.loading")} />}
      {members.isError && <Alert>{problemText(members.error)}</Alert>}
      {members.data && items.length === 0 && <p className="text-sm text-slate-700">{t("org.noMembers")}</p>}
      <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
        {items.map((m) => (
          <li key={m.id} className={`rounded-md border p-3 text-sm ${m.active ? "border-slate-200" : "border-dashed border-slate-300 text-slate-600"}`}>
            <p className="font-medium text-slate-900">
              {personLabel(m)}
              {m.user_id === state?.user.id && <span className="font-normal text-slate-600"> ({t("org.you")})</span>}
            </p>
            {m.email && <p className="break-all text-slate-700"><a className="underline-offset-2 hover:underline" href={`mailto:${m.email}`}>{m.email}</a></p>}
            <div className="mt-1 flex flex-wrap items-center gap-1">
              <Badge tone={m.role === "pembina" ? "slate" : "blue"}>{t(`role.${m.role}`)}</Badge>
              {m.position_title && <span className="text-xs text-slate-700">{m.position_title}</span>}
              {!m.active && <Badge tone="amber">{t("org.inactive")}</Badge>}
            </div>
            <p className="mt-1 text-xs text-slate-600">
              {m.department_id ? departmentName.get(m.department_id) ?? "…" : t("org.noDepartment")}
            </p>
          </li>
        ))}
      </ul>
      {members.data?.next_cursor && <p className="mt-2 text-xs text-slate-600">{t("org.firstHundred")}</p>}
    </Card>
  );
}
