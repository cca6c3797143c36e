"use client";

import Link from "next/link";
import { useState } from "react";
import { useTranslations } from "use-intl";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Alert, Card, Loading } from "@/components/ui/card";
import { SelectField } from "@/components/ui/field";
import { useApp } from "@/lib/app/providers";
import { useProblemText } from "@/lib/hooks/use-problem";
import { isBoard, type Role, useCurrentOrg, useDepartments, useMembers, usePeriods } from "@/lib/org";
import { useInvalidatePrograms, usePrograms } from "@/features/programs/api";

import { personLabel, ROLES, useInvalidateOrgs } from "../api";

/** The types of program a next kabinet carries over by default: those that recur or continue. */
const CARRIED_TYPES = new Set(["rutin", "berkelanjutan"]);
const NOT_CARRIED_STATUSES = new Set(["ditolak", "dibatalkan"]);

type Outcome = { departments: number; members: number; already: number; programs: number | null };

/**
 * Serah terima: the sitting board chooses which departments (with their new heads) and which members go on into
 * the next period, and which programs become its drafts (rutin and berkelanjutan ones checked by default). The
 * programs are the next board's to make, so that part is there for whoever is on the next period's board.
 */
export function HandoverScreen({ periodId }: { periodId: string }) {
  const t = useTranslations();
  const { client, state, $api } = useApp();
  const { org, role } = useCurrentOrg();
  const orgId = org?.id;
  const periods = usePeriods(orgId);
  const departments = useDepartments(orgId);
  const members = useMembers(orgId);
  const programs = usePrograms(orgId, { period_id: org?.active_period_id ?? undefined });
  const nextMembers = $api.useQuery("get", "/orgs/{org_id}/members", {
    params: { path: { org_id: orgId ?? "" }, query: { period_id: periodId, limit: 100 } },
  }, { enabled: !!orgId && !!periodId });
  const invalidateOrgs = useInvalidateOrgs();
  const invalidatePrograms = useInvalidatePrograms();
  const problemText = useProblemText();
  // One key per attempt: a retried click replays it; after a success, a changed choice is a new request.
  const newKeys = () => ({ handover: crypto.randomUUID(), programs: crypto.randomUUID() });
  const [keys, setKeys] = useState(newKeys);
  const [skipDepartments, setSkipDepartments] = useState<Set<string>>(new Set());
  const [heads, setHeads] = useState<Record<string, string>>({});
  const [memberRoles, setMemberRoles] = useState<Record<string, Role | "">>({});
  const [programChoice, setProgramChoice] = useState<Record<string, boolean>>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const target = periods.data?.items.find((p) => p.id === periodId);
  const active = periods.data?.items.find((p) => p.status === "aktif");
  if (periods.isPending || departments.isPending || members.isPending) return <Loading label={t("app.loading")} />;
  if (periods.isError) return <Alert>{problemText(periods.error)}</Alert>;
  if (!target || !active || target.status !== "draft") return <Alert tone="info">{t("handover.noDraft")}</Alert>;

  const myNextRole = (nextMembers.data?.items ?? []).find((m) => m.user_id === state?.user.id && m.active)?.role ?? null;
  const mayHandOver = isBoard(role) || isBoard(myNextRole);
  const mayCarryPrograms = isBoard(myNextRole);
  const alreadyNext = new Set((nextMembers.data?.items ?? []).map((m) => m.user_id));
  const activeMembers = [...(members.data?.items ?? [])].filter((m) => m.active)
    .sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || personLabel(a).localeCompare(personLabel(b)));
  // The outgoing ketua hands over; by default they do not go on (the next period has its own ketua).
  const roleOf = (m: (typeof activeMembers)[number]): Role | "" =>
    memberRoles[m.user_id] ?? (alreadyNext.has(m.user_id) || m.role === "ketua" ? "" : m.role);
  const staying = activeMembers.filter((m) => roleOf(m) !== "");
  const candidates = (programs.data?.items ?? []).filter((p) => p.period_id === active.id && !NOT_CARRIED_STATUSES.has(p.status));
  const programChecked = (p: (typeof candidates)[number]) => programChoice[p.id] ?? CARRIED_TYPES.has(p.type);
  const headOptions = [
    ...(nextMembers.data?.items ?? []).filter((m) => m.active),
    ...staying.filter((m) => !alreadyNext.has(m.user_id)),
  ];

  const submit = async () => {
    setFailure(null);
    setBusy(true);
    try {
      const { data } = await client.POST("/orgs/{org_id}/periods/{period_id}/handover", {
        params: { path: { org_id: orgId!, period_id: periodId }, header: { "Idempotency-Key": keys.handover } },
        body: {
          departments: (departments.data?.items ?? []).filter((d) => !skipDepartments.has(d.id))
            .map((d) => ({ department_id: d.id, head_user_id: heads[d.id] || null })),
          members: staying.filter((m) => !alreadyNext.has(m.user_id))
            .map((m) => ({ user_id: m.user_id, role: roleOf(m) as Role })),
        },
      });
      let carried: number | null = null;
      const chosen = candidates.filter(programChecked).map((p) => p.id);
      if (mayCarryPrograms && chosen.length > 0) {
        const result = await client.POST("/programs/carry-over", {
          params: { header: { "Idempotency-Key": keys.programs } },
          body: { organization_id: orgId!, period_id: periodId, program_ids: chosen },
        });
        carried = result.data!.programs.length;
      }
      await Promise.all([invalidateOrgs(), invalidatePrograms()]);
      setKeys(newKeys());
      setOutcome({ departments: data!.departments_added, members: data!.members_added, already: data!.already_there,
        programs: carried });
    } catch (error) {
      setFailure(problemText(error));
    } finally {
      setBusy(false);
    }
  };

  const name = (id: string | null | undefined) =>
    personLabel([...activeMembers, ...(nextMembers.data?.items ?? [])].find((m) => m.user_id === id) ?? { user_id: id ?? "" });

  return (
    <div className="flex max-w-5xl flex-col gap-4">
      <p className="text-sm text-slate-700">{t("handover.lead", { from: active.name, to: target.name })}</p>
      {!mayHandOver && <Alert tone="info">{t("handover.boardOnly")}</Alert>}
      {failure && <Alert>{failure}</Alert>}
      {outcome && (
        <Alert tone="success">
          {t("handover.done", { departments: outcome.departments, members: outcome.members, already: outcome.already })}{" "}
          {outcome.programs !== null && t("handover.donePrograms", { programs: outcome.programs })}{" "}
          <Link href="/org/" className="underline">{t("handover.backToOrg")}</Link>
        </Alert>
      )}

      <Card title={t("handover.departments")}>
        <p className="mb-2 text-sm text-slate-700">{t("handover.departmentsHint")}</p>
        <ul className="flex flex-col divide-y divide-slate-100">
          {(departments.data?.items ?? []).map((d) => (
            <li key={d.id} className="flex flex-wrap items-center gap-x-3 gap-y-2 py-2 text-sm">
              <label className="flex min-w-48 items-center gap-2">
                <input type="checkbox" className="h-4 w-4" checked={!skipDepartments.has(d.id)} disabled={!mayHandOver}
                  onChange={(e) => setSkipDepartments((s) => { const n = new Set(s); if (e.target.checked) n.delete(d.id); else n.add(d.id); return n; })} />
                <span className="font-medium text-slate-900">{d.name}</span>
                <span className="font-mono text-xs text-slate-600">{d.code}</span>
              </label>
              <SelectField label={t("handover.newHead")} className="min-w-56" value={heads[d.id] ?? ""}
                disabled={!mayHandOver || skipDepartments.has(d.id)}
                onChange={(e) => setHeads((h) => ({ ...h, [d.id]: e.target.value }))}>
                <option value="">{t("handover.noHead")}</option>
                {headOptions.map((m) => <option key={m.user_id} value={m.user_id}>{personLabel(m)}</option>)}
              </SelectField>
              {d.head_user_id && <span className="text-xs text-slate-600">{t("handover.headNow", { name: name(d.head_user_id) })}</span>}
            </li>
          ))}
        </ul>
      </Card>

      <Card title={t("handover.members", { count: staying.length })}>
        <p className="mb-2 text-sm text-slate-700">{t("handover.membersHint")}</p>
        <ul className="grid gap-x-4 gap-y-1 sm:grid-cols-2">
          {activeMembers.map((m) => (
            <li key={m.id} className="flex items-center gap-2 py-1 text-sm">
              <span className="min-w-0 flex-1 truncate">
                {personLabel(m)} <span className="text-xs text-slate-600">· {t(`role.${m.role}`)}</span>
              </span>
              {alreadyNext.has(m.user_id)
                ? <Badge tone="green">{t("handover.alreadyThere")}</Badge>
                : (
                  <select aria-label={t("handover.roleFor", { name: personLabel(m) })} value={roleOf(m)} disabled={!mayHandOver}
                    onChange={(e) => setMemberRoles((r) => ({ ...r, [m.user_id]: e.target.value as Role | "" }))}
                    className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm">
                    <option value="">{t("handover.notStaying")}</option>
                    {ROLES.filter((r) => r !== "ketua").map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
                  </select>
                )}
            </li>
          ))}
        </ul>
      </Card>

      <Card title={t("handover.programs")}>
        {!mayCarryPrograms && <Alert tone="info">{t("handover.programsByNextBoard", { period: target.name })}</Alert>}
        <p className="my-2 text-sm text-slate-700">{t("handover.programsHint")}</p>
        {candidates.length === 0 && <p className="text-sm text-slate-700">{t("handover.noPrograms")}</p>}
        <ul className="grid gap-x-4 gap-y-1 sm:grid-cols-2">
          {candidates.map((p) => (
            <li key={p.id} className="text-sm">
              <label className="flex items-center gap-2">
                <input type="checkbox" className="h-4 w-4" checked={programChecked(p)} disabled={!mayCarryPrograms}
                  onChange={(e) => setProgramChoice((c) => ({ ...c, [p.id]: e.target.checked }))} />
                <span>{p.name}</span>
                <Badge tone={CARRIED_TYPES.has(p.type) ? "violet" : "slate"}>{t(`programType.${p.type}`)}</Badge>
              </label>
            </li>
          ))}
        </ul>
      </Card>

      <div className="flex flex-wrap items-center gap-3">
        <Button onClick={submit} disabled={!mayHandOver || busy}>{busy ? t("common.saving") : t("handover.submit")}</Button>
        <span className="text-sm text-slate-700">{t("handover.activateAfter")}</span>
      </div>
    </div>
  );
}
