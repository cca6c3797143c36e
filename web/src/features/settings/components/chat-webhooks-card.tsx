"use client";

import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslations } from "use-intl";

import { Button } from "@/components/ui/button";
import { Alert, Card, Loading } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { useApp } from "@/lib/app/providers";
import { showFieldErrors } from "@/lib/forms";
import { useProblemText } from "@/lib/hooks/use-problem";

import { useInvalidate, useOrganization } from "../api";

type Values = { discord_webhook_url: string; slack_webhook_url: string };

/** Where the organization's announcements are posted (the board's secret: only it sees the URLs). */
export function ChatWebhooksCard({ orgId }: { orgId: string }) {
  const t = useTranslations();
  const { client } = useApp();
  const org = useOrganization(orgId, true);
  const invalidate = useInvalidate();
  const problemText = useProblemText();
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const { register, handleSubmit, formState, setError, reset } = useForm<Values>({
    defaultValues: { discord_webhook_url: "", slack_webhook_url: "" },
  });

  useEffect(() => {
    if (org.data) reset({ discord_webhook_url: org.data.discord_webhook_url ?? "", slack_webhook_url: org.data.slack_webhook_url ?? "" });
  }, [org.data, reset]);

  const submit = handleSubmit(async (values) => {
    setFailure(null);
    setSaved(false);
    const blank = (v: string) => (v.trim() === "" ? null : v.trim());
    try {
      await client.PATCH("/orgs/{org_id}", {
        params: { path: { org_id: orgId } },
        body: { discord_webhook_url: blank(values.discord_webhook_url), slack_webhook_url: blank(values.slack_webhook_url) },
      });
      setSaved(true);
      await invalidate("/orgs/{org_id}", "/orgs");
    } catch (error) {
      showFieldErrors(error, setError, ["discord_webhook_url", "slack_webhook_url"]);
      setFailure(problemText(error));
    }
  });

  const e = formState.errors;
  return (
    <Card title={t("settings.chatTitle")}>
      {org.isPending && <Loading label={t("app.loading")} />}
      {org.isError && <Alert>{problemText(org.error)}</Alert>}
      {org.data && (
        <form onSubmit={submit} noValidate aria-label={t("settings.chatTitle")} className="flex flex-col gap-4">
          <p className="text-sm text-slate-700">{t("settings.chatLead")}</p>
          {failure && <Alert>{failure}</Alert>}
          {saved && <Alert tone="success">{t("settings.saved")}</Alert>}
          <TextField label={t("settings.discordUrl")} type="url" inputMode="url" autoComplete="off" hint={t("settings.chatHint")}
            placeholder="https://discord.com/api/webhooks/…" error={e.discord_webhook_url?.message} {...register("discord_webhook_url")} />
          <TextField label={t("settings.slackUrl")} type="url" inputMode="url" autoComplete="off" hint={t("settings.chatHint")}
            placeholder="https://hooks.slack.com/services/…" error={e.slack_webhook_url?.message} {...register("slack_webhook_url")} />
          <div>
            <Button type="submit" disabled={formState.isSubmitting}>{formState.isSubmitting ? t("common.saving") : t("common.save")}</Button>
          </div>
        </form>
      )}
    </Card>
  );
}
