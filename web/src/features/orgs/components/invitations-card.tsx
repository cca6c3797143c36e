"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslations } from "use-intl";

import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { Alert, Card, Loading } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { useApp } from "@/lib/app/providers";
import { dateTime } from "@/lib/i18n/format";
import { showFieldErrors } from "@/lib/forms";
import { useProblemText } from "@/lib/hooks/use-problem";
import { useDepartments, type Role } from "@/lib/org";

import { invitableRoles, invitationLink, useInvalidateOrgs, useInvitations, type Invitation, type InvitationStatus } from "../api";

const STATUS_TONE: Record<InvitationStatus, Tone> = {
  pending: "blue", accepted: "green", declined: "red", used_up: "slate", expired: "slate", revoked: "red",
};

/** Inviting people (the board and the sekretaris): by e-mail, or a code to share as a link; and the list to revoke from. */
export function InvitationsCard({ orgId, role }: { orgId: string; role: Role | null }) {
  const t = useTranslations();
  const invitations = useInvitations(orgId, true);
  const problemText = useProblemText();
  const [created, setCreated] = useState<Invitation | null>(null);
  const [pendingOnly, setPendingOnly] = useState(true);
  const items = (invitations.data?.items ?? []).filter((i) => !pendingOnly || i.status === "pending");

  return (
    <Card title={t("org.invitations")}>
      <div className="flex flex-col gap-5">
        <div className="grid gap-4 md:grid-cols-2">
          <InviteForm orgId={orgId} role={role} mode="email" onCreated={() => setCreated(null)} />
          <InviteForm orgId={orgId} role={role} mode="code" onCreated={setCreated} />
        </div>
        {created?.code && (
          <div className="flex flex-col gap-3 rounded-md border border-green-300 bg-green-50 p-3">
            <p role="status" className="text-sm font-medium text-green-900">{t("org.codeCreated")}</p>
            <CopyField label={t("org.code")} value={created.code} />
            <CopyField label={t("org.invitationLink")} value={invitationLink(created.code)} />
          </div>
        )}
        <section aria-labelledby="invitation-list" className="flex flex-col gap-2">
          <div className="flex flex-wrap items-center gap-3">
            <h3 id="invitation-list" className="text-sm font-semibold text-slate-900">{t("org.invitationList")}</h3>
            <label className="ml-auto flex items-center gap-2 text-sm">
              <input type="checkbox" className="h-4 w-4" checked={pendingOnly} onChange={(e) => setPendingOnly(e.target.checked)} />
              {t("org.pendingOnly")}
            </label>
          </div>
          {invitations.isPending && <Loading label={t("app.loading")} />}
          {invitations.isError && <Alert>{problemText(invitations.error)}</Alert>}
          {invitations.data && items.length === 0 && <p className="text-sm text-slate-700">{t("org.noInvitations")}</p>}
          <ul className="flex flex-col gap-2">
            {items.map((invitation) => <InvitationItem key={invitation.id} orgId={orgId} invitation={invitation} />)}
          </ul>
        </section>
      </div>
    </Card>
  );
}

function InvitationItem({ orgId, invitation }: { orgId: string; invitation: Invitation }) {
  const t = useTranslations();
  const { client, language } = useApp();
  const departments = useDepartments(orgId);
  const invalidate = useInvalidateOrgs();
  const problemText = useProblemText();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const department = departments.data?.items.find((d) => d.id === invitation.department_id)?.name;
  const who = invitation.email ?? t("org.codeInvitation");

  async function revoke() {
    if (!window.confirm(t("org.revokeConfirm", { who }))) return;
    setBusy(true);
    setFailure(null);
    try {
      await client.POST("/orgs/{org_id}/invitations/{invitation_id}/revoke", {
        params: { path: { org_id: orgId, invitation_id: invitation.id } },
      });
      await invalidate();
    } catch (error) {
      setFailure(problemText(error));
    }
    setBusy(false);
  }

  return (
    <li className="rounded-md border border-slate-200 p-3 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <span className="break-all font-medium text-slate-900">{who}</span>
        <Badge tone={STATUS_TONE[invitation.status]}>{t(`org.status.${invitation.status}`)}</Badge>
        {invitation.status === "pending" && (
          <Button variant="ghost" className="ml-auto" disabled={busy} onClick={revoke} aria-label={`${t("org.revoke")}: ${who}`}>
            {t("org.revoke")}
          </Button>
        )}
      </div>
      <p className="text-slate-700">
        {t(`role.${invitation.role}`)}{department ? ` · ${department}` : ""}
        {invitation.kind === "code" && ` · ${t("org.uses", { uses: invitation.uses, max: invitation.max_uses })}`}
      </p>
      <p className="text-xs text-slate-600">{t("org.expires", { when: dateTime(invitation.expires_at, language) })}</p>
      {invitation.kind === "code" && invitation.code && invitation.status === "pending" && (
        <details className="mt-2">
          <summary className="cursor-pointer text-brand-700">{t("org.showLink")}</summary>
          <div className="mt-2"><CopyField label={t("org.invitationLink")} value={invitationLink(invitation.code)} /></div>
        </details>
      )}
      {failure && <div className="mt-2"><Alert>{failure}</Alert></div>}
    </li>
  );
}

type Values = { email: string; role: Role; department_id: string; max_uses: string; expires_in_days: string };
const FIELDS = ["email", "role", "department_id", "max_uses", "expires_in_days"];

function InviteForm({ orgId, role, mode, onCreated }: {
  orgId: string; role: Role | null; mode: "email" | "code"; onCreated: (invitation: Invitation) => void;
}) {
  const t = useTranslations();
  const { client } = useApp();
  const departments = useDepartments(orgId);
  const invalidate = useInvalidateOrgs();
  const problemText = useProblemText();
  const [failure, setFailure] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError, reset } = useForm<Values>({
    defaultValues: { email: "", role: "anggota", department_id: "", max_uses: "1", expires_in_days: "7" },
  });
  const headingId = `invite-${mode}`;

  const submit = handleSubmit(async (values) => {
    setFailure(null);
    setSent(null);
    try {
      const { data } = await client.POST("/orgs/{org_id}/invitations", {
        params: { path: { org_id: orgId } },
        body: {
          role: values.role,
          department_id: values.department_id || null,
          expires_in_days: Number(values.expires_in_days) || 7,
          ...(mode === "email" ? { email: values.email.trim() } : { max_uses: Number(values.max_uses) || 1 }),
        },
      });
      reset();
      if (mode === "email") setSent(t("org.invited"));
      if (data) onCreated(data);
      await invalidate();
    } catch (error) {
      showFieldErrors(error, setError, FIELDS);
      setFailure(problemText(error));
    }
  });

  const e = formState.errors;
  return (
    <form onSubmit={submit} noValidate aria-labelledby={headingId} className="flex flex-col gap-3 rounded-md border border-slate-200 p-3">
      <h3 id={headingId} className="text-sm font-semibold text-slate-900">{t(mode === "email" ? "org.inviteByEmail" : "org.inviteByCode")}</h3>
      {failure && <Alert>{failure}</Alert>}
      {sent && <Alert tone="success">{sent}</Alert>}
      {mode === "email" && (
        <TextField label={t("org.email")} type="email" autoComplete="off" error={e.email?.message}
          {...register("email", { required: t("errors.required") })} />
      )}
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField label={t("org.role")} error={e.role?.message} {...register("role")}>
          {invitableRoles(role).map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
        </SelectField>
        <SelectField label={t("org.department")} error={e.department_id?.message} {...register("department_id")}>
          <option value="">{t("org.noDepartment")}</option>
          {departments.data?.items.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
        </SelectField>
        {mode === "code" && (
          <TextField label={t("org.maxUses")} type="number" min={1} max={1000} inputMode="numeric" error={e.max_uses?.message}
            {...register("max_uses")} />
        )}
        <TextField label={t("org.expiresInDays")} type="number" min={1} max={30} inputMode="numeric" error={e.expires_in_days?.message}
          {...register("expires_in_days")} />
      </div>
      <div>
        <Button type="submit" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? t("common.saving") : t(mode === "email" ? "org.sendInvitation" : "org.createCode")}
        </Button>
      </div>
    </form>
  );
}
