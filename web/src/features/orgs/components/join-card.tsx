"use client";

import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslations } from "use-intl";

import { Button } from "@/components/ui/button";
import { Alert, Card, Loading } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { ApiError } from "@/lib/api/problem";
import { useApp } from "@/lib/app/providers";
import { dateTime } from "@/lib/i18n/format";
import { useProblemText } from "@/lib/hooks/use-problem";

import { useInvalidateOrgs, useMyInvitations, type MyInvitation } from "../api";

/**
 * What someone without (or with another) organization needs to get in: the invitations sent to
 * their address, a field for a code (filled from `?code=` when they came by link), and the way to
 * start a new organization.
 */
export function JoinCard({ initialCode, onDone }: { initialCode: string; onDone: (text: string) => void }) {
  const t = useTranslations();
  const mine = useMyInvitations();
  const problemText = useProblemText();

  return (
    <Card title={t("org.joinTitle")}>
      <div className="flex flex-col gap-5">
        <section aria-labelledby="my-invitations">
          <h3 id="my-invitations" className="mb-2 text-sm font-semibold text-slate-900">{t("org.myInvitations")}</h3>
          {mine.isPending && <Loading label={t("app.loading")} />}
          {mine.isError && <Alert>{problemText(mine.error)}</Alert>}
          {mine.data && mine.data.items.length === 0 && <p className="text-sm text-slate-700">{t("org.noInvitations")}</p>}
          <ul className="flex flex-col gap-2">
            {mine.data?.items.map((invitation) => <MyInvitationItem key={invitation.id} invitation={invitation} onDone={onDone} />)}
          </ul>
        </section>
        <CodeForm initialCode={initialCode} onDone={onDone} />
        <p className="text-sm text-slate-700">
          {t("org.orCreate")}{" "}
          <Link href="/org/new/" className="font-medium text-brand-700 underline">{t("nav.newOrg")}</Link>
        </p>
      </div>
    </Card>
  );
}

function MyInvitationItem({ invitation, onDone }: { invitation: MyInvitation; onDone: (text: string) => void }) {
  const t = useTranslations();
  const { client, language, setOrgId } = useApp();
  const invalidate = useInvalidateOrgs();
  const problemText = useProblemText();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const orgName = invitation.organization_short_name ?? invitation.organization_name;

  async function answer(accept: boolean) {
    setBusy(true);
    setFailure(null);
    const path = { params: { path: { invitation_id: invitation.id } } };
    try {
      if (accept) {
        await client.POST("/orgs/invitations/{invitation_id}/accept", path);
        // The list first, then the choice: useCurrentOrg falls back to the first organization it knows.
        await invalidate();
        setOrgId(invitation.organization_id);
        onDone(t("org.joined", { org: orgName }));
      } else {
        await client.POST("/orgs/invitations/{invitation_id}/decline", path);
        await invalidate();
        onDone(t("org.declined", { org: orgName }));
      }
    } catch (error) {
      setFailure(joinProblem(error, problemText, t));
      setBusy(false);
    }
  }

  return (
    <li className="rounded-md border border-slate-200 p-3">
      <p className="font-medium text-slate-900">{invitation.organization_name}</p>
      <p className="text-sm text-slate-700">
        {t("org.invitationAs", {
          role: t(`role.${invitation.role}`),
          hasDepartment: invitation.department_name ? "yes" : "no",
          department: invitation.department_name ?? "",
          period: invitation.period_name,
        })}
      </p>
      <p className="text-xs text-slate-600">{t("org.expires", { when: dateTime(invitation.expires_at, language) })}</p>
      {failure && <div className="mt-2"><Alert>{failure}</Alert></div>}
      <div className="mt-2 flex flex-wrap gap-2">
        <Button disabled={busy} onClick={() => answer(true)}
          aria-label={`${t("org.accept")}: ${invitation.organization_name}`}>{t("org.accept")}</Button>
        <Button variant="secondary" disabled={busy} onClick={() => answer(false)}
          aria-label={`${t("org.decline")}: ${invitation.organization_name}`}>{t("org.decline")}</Button>
      </div>
    </li>
  );
}

function CodeForm({ initialCode, onDone }: { initialCode: string; onDone: (text: string) => void }) {
  const t = useTranslations();
  const { client, setOrgId } = useApp();
  const invalidate = useInvalidateOrgs();
  const problemText = useProblemText();
  const [failure, setFailure] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError, reset } = useForm<{ code: string }>({ defaultValues: { code: initialCode } });

  const submit = handleSubmit(async ({ code }) => {
    setFailure(null);
    try {
      const { data } = await client.POST("/orgs/invitations/accept", { body: { code: code.trim() } });
      await invalidate();
      if (data) setOrgId(data.organization_id);
      reset({ code: "" });
      onDone(t("org.joinedByCode"));
    } catch (error) {
      const message = error instanceof ApiError ? error.fieldErrors().code : undefined;
      if (message) setError("code", { message });
      setFailure(joinProblem(error, problemText, t));
    }
  });

  return (
    <form onSubmit={submit} noValidate aria-labelledby="join-code" className="flex flex-col gap-3">
      <h3 id="join-code" className="text-sm font-semibold text-slate-900">{t("org.acceptCode")}</h3>
      {failure && <Alert>{failure}</Alert>}
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
        <div className="flex-1">
          <TextField label={t("org.code")} hint={t("org.codeHint")} autoComplete="off" spellCheck={false}
            error={formState.errors.code?.message} {...register("code", { required: t("errors.required") })} />
        </div>
        <Button type="submit" className="sm:mt-6" disabled={formState.isSubmitting}>{t("org.join")}</Button>
      </div>
    </form>
  );
}

/** 404 and 410 on an invitation have their own meaning: unknown code, or no longer usable. */
function joinProblem(error: unknown, problemText: (error: unknown) => string, t: ReturnType<typeof useTranslations>): string {
  if (error instanceof ApiError && error.status === 404) return t("org.invitationUnknown");
  if (error instanceof ApiError && error.status === 410) return t("org.invitationGone");
  if (error instanceof ApiError && error.status === 409) return t("org.invitationAnswered");
  return problemText(error);
}
