"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslations } from "use-intl";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Alert, Card, Loading } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { ApiError } from "@/lib/api/problem";
import type { Program } from "@/lib/api/types";
import { useApp } from "@/lib/app/providers";
import { calendarDate, dateTime, rupiah } from "@/lib/i18n/format";
import { showFieldErrors } from "@/lib/forms";
import { useProblemText } from "@/lib/hooks/use-problem";
import { useMembers, type Role } from "@/lib/org";

import { useInvalidatePrograms } from "../api";
import { BudgetForm } from "./budget-form";

const path = (program: Program) => ({ params: { path: { program_id: program.id } } });

export function History({ program }: { program: Program }) {
  const t = useTranslations();
  const { $api, language } = useApp();
  const history = $api.useQuery("get", "/programs/{program_id}/history", path(program));
  return (
    <Card title={t("programs.history")}>
      {!history.data ? <Loading label={t("app.loading")} /> : (
        <ol className="flex flex-col gap-2 text-sm">
          {history.data.items.map((h, i) => (
            <li key={i}>
              <span className="font-medium">{h.from_status ? `${t(`programStatus.${h.from_status}`)} → ` : ""}{t(`programStatus.${h.to_status}`)}</span>
              <span className="text-slate-600"> · {dateTime(h.changed_at, language)}</span>
              {h.note && <p className="text-slate-700">“{h.note}”</p>}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

export function Milestones({ program, canEdit }: { program: Program; canEdit: boolean }) {
  const t = useTranslations();
  const { $api, client, language } = useApp();
  const milestones = $api.useQuery("get", "/programs/{program_id}/milestones", path(program));
  const invalidate = useInvalidatePrograms();
  const problemText = useProblemText();
  const [failure, setFailure] = useState<string | null>(null);
  const { register, handleSubmit, reset, setError, formState } = useForm<{ name: string; due_date: string }>();

  async function run(work: () => Promise<unknown>) {
    setFailure(null);
    try {
      await work();
      await Promise.all([milestones.refetch(), invalidate()]);
      return true;
    } catch (error) {
      setFailure(problemText(error));
      if (error instanceof ApiError) {
        const fields = error.fieldErrors();
        if (fields.name) setError("name", { message: fields.name });
        if (fields.due_date) setError("due_date", { message: fields.due_date });
      }
      return false;
    }
  }

  return (
    <Card title={t("programs.tabs.milestones")}>
      {failure && <Alert>{failure}</Alert>}
      {milestones.data?.items.length === 0 && <p className="text-sm text-slate-700">{t("milestones.empty")}</p>}
      <ul className="flex flex-col gap-2">
        {milestones.data?.items.map((m) => (
          <li key={m.id} className="flex flex-wrap items-center gap-2 text-sm">
            <span className={m.done_at ? "text-slate-500 line-through" : "font-medium"}>{m.name}</span>
            <span className="text-slate-600">{calendarDate(m.due_date, language)}</span>
            {m.done_at && <Badge tone="green">{t("milestones.done")}</Badge>}
            {canEdit && (
              <Button variant="ghost" className="ml-auto" onClick={() => run(() => client.PATCH("/milestones/{milestone_id}", {
                params: { path: { milestone_id: m.id } }, body: { done: !m.done_at } }))}>
                {m.done_at ? t("milestones.markOpen") : t("milestones.markDone")}
              </Button>
            )}
          </li>
        ))}
      </ul>
      {canEdit && (
        <form className="mt-4 grid gap-2 sm:grid-cols-[1fr_12rem_auto] sm:items-end" noValidate onSubmit={handleSubmit(async (v) => {
          if (await run(() => client.POST("/programs/{program_id}/milestones", { ...path(program), body: { name: v.name, due_date: v.due_date || null } }))) reset();
        })}>
          <TextField label={t("milestones.name")} error={formState.errors.name?.message} {...register("name", { required: t("errors.required") })} />
          <TextField label={t("milestones.due")} type="date" error={formState.errors.due_date?.message} {...register("due_date")} />
          <Button type="submit">{t("common.add")}</Button>
        </form>
      )}
    </Card>
  );
}

/** The committee (panitia): the PJ and the program's owners appoint members with a committee role. */
export function Committee({ program, canEdit }: { program: Program; canEdit: boolean }) {
  const t = useTranslations();
  const { $api, client } = useApp();
  const committee = $api.useQuery("get", "/programs/{program_id}/committee", path(program));
  const members = useMembers(program.organization_id);
  const problemText = useProblemText();
  const [failure, setFailure] = useState<string | null>(null);
  const { register, handleSubmit, reset, setError, formState } = useForm<{ user_id: string; committee_role: string }>();

  async function run(work: () => Promise<unknown>) {
    setFailure(null);
    try {
      await work();
      await committee.refetch();
      return true;
    } catch (error) {
      showFieldErrors(error, setError, ["committee_role"]);
      setFailure(problemText(error));
      return false;
    }
  }

  const seated = new Set(committee.data?.items.map((c) => c.user_id));
  const candidates = (members.data?.items ?? []).filter((m) => m.active && m.role !== "pembina" && !seated.has(m.user_id));
  return (
    <Card title={t("programs.tabs.committee")}>
      {failure && <Alert>{failure}</Alert>}
      {committee.data?.items.length === 0 && <p className="text-sm text-slate-700">{t("committee.empty")}</p>}
      <ul className="flex flex-col gap-1 text-sm">
        {committee.data?.items.map((c) => (
          <li key={c.user_id} className="flex flex-wrap items-center gap-2">
            <span><span className="font-medium">{c.display_name ?? c.user_id.slice(0, 8)}</span> · {c.committee_role}</span>
            {canEdit && (
              <Button variant="ghost" className="ml-auto" aria-label={`${t("committee.remove")}: ${c.display_name ?? ""}`}
                onClick={() => run(() => client.DELETE("/programs/{program_id}/committee/{user_id}", {
                  params: { path: { program_id: program.id, user_id: c.user_id } } }))}>
                {t("committee.remove")}
              </Button>
            )}
          </li>
        ))}
      </ul>
      {canEdit && (
        <form noValidate className="mt-4 grid gap-2 sm:grid-cols-[1fr_1fr_auto] sm:items-end" onSubmit={handleSubmit(async (v) => {
          if (await run(() => client.PUT("/programs/{program_id}/committee/{user_id}", {
            params: { path: { program_id: program.id, user_id: v.user_id } }, body: { committee_role: v.committee_role },
          }))) reset();
        })}>
          <SelectField label={t("committee.member")} error={formState.errors.user_id?.message}
            {...register("user_id", { required: t("errors.required") })}>
            <option value="">–</option>
            {candidates.map((m) => <option key={m.user_id} value={m.user_id}>{m.display_name ?? m.email ?? m.user_id.slice(0, 8)}</option>)}
          </SelectField>
          <TextField label={t("committee.role")} error={formState.errors.committee_role?.message}
            {...register("committee_role", { required: t("errors.required") })} />
          <Button type="submit">{t("committee.add")}</Button>
        </form>
      )}
    </Card>
  );
}

/** Budget items: the PJ and the department enter them, the bendahara verifies (docs/domain.md, "Who may do what"). */
export function Budget({ program, role, canEnter }: { program: Program; role: Role | null; canEnter: boolean }) {
  const t = useTranslations();
  const { $api, client, language } = useApp();
  const items = $api.useQuery("get", "/programs/{program_id}/budget-items", path(program));
  // the receipts uploaded with the LPJ's attachments, by the budget item they name
  const attachments = $api.useQuery("get", "/programs/{program_id}/lpj/attachments", path(program));
  const receipts = (itemId: string) => (attachments.data?.items ?? []).filter((a) => a.budget_item_id === itemId && a.url);
  const invalidate = useInvalidatePrograms();
  const problemText = useProblemText();
  const [failure, setFailure] = useState<string | null>(null);
  const verifier = role === "bendahara";

  async function verify(id: string, on: boolean) {
    setFailure(null);
    try {
      const options = { params: { path: { item_id: id } } };
      if (on) await client.POST("/budget-items/{item_id}/verification", options);
      else await client.DELETE("/budget-items/{item_id}/verification", options);
      await Promise.all([items.refetch(), invalidate()]);
    } catch (error) {
      setFailure(problemText(error));
    }
  }

  if (items.isError) return <Alert>{problemText(items.error)}</Alert>;
  return (
    <Card title={t("programs.tabs.budget")}>
      {failure && <Alert>{failure}</Alert>}
      {items.data?.items.length === 0 && <p className="text-sm text-slate-700">{t("budget.empty")}</p>}
      {items.data && items.data.items.length > 0 && (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[36rem] text-left text-sm">
            <thead><tr className="border-b border-slate-200 text-slate-700">
              <th className="py-1 pr-2">{t("budget.kind")}</th><th className="pr-2">{t("budget.category")}</th>
              <th className="pr-2 text-right">{t("budget.planned")}</th><th className="pr-2 text-right">{t("budget.actual")}</th>
              <th className="pr-2">{t("budget.receipts")}</th><th className="pr-2">{t("budget.verified")}</th>
            </tr></thead>
            <tbody>
              {items.data.items.map((item) => (
                <tr key={item.id} className="border-b border-slate-100">
                  <td className="py-1 pr-2">{t(`budget.${item.kind}`)}</td>
                  <td className="pr-2">{item.category}{item.description ? ` – ${item.description}` : ""}</td>
                  <td className="pr-2 text-right">{rupiah(item.planned_amount, language)}</td>
                  <td className="pr-2 text-right">{item.actual_amount === null ? "–" : rupiah(item.actual_amount, language)}</td>
                  <td className="pr-2">
                    {receipts(item.id).length === 0 ? "–" : receipts(item.id).map((receipt) => (
                      <a key={receipt.id} href={receipt.url!} target="_blank" rel="noreferrer" className="mr-2 underline">{receipt.title}</a>
                    ))}
                  </td>
                  <td className="pr-2">
                    {item.verified_at ? <Badge tone="green">{t("budget.verified")}</Badge> : <Badge tone="amber">{t("budget.unverified")}</Badge>}
                    {verifier && (
                      <Button variant="ghost" onClick={() => verify(item.id, !item.verified_at)}>
                        {item.verified_at ? t("budget.unverify") : t("budget.verify")}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canEnter && <BudgetForm program={program} onSaved={() => Promise.all([items.refetch(), invalidate()])} />}
    </Card>
  );
}

export function Activity({ program }: { program: Program }) {
  const t = useTranslations();
  const { $api, language } = useApp();
  const activity = $api.useQuery("get", "/programs/{program_id}/activity", { params: { path: { program_id: program.id }, query: { limit: 50 } } });
  return (
    <Card title={t("programs.tabs.activity")}>
      {!activity.data ? <Loading label={t("app.loading")} /> : (
        <ol className="flex flex-col gap-1 text-sm">
          {activity.data.items.map((a) => (
            <li key={a.id}><span className="text-slate-600">{dateTime(a.at, language)}</span> · {a.summary ?? a.action}</li>
          ))}
        </ol>
      )}
    </Card>
  );
}
