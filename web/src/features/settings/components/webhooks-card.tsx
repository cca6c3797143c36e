"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslations } from "use-intl";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { Alert, Card, Loading } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { ApiError } from "@/lib/api/problem";
import { useApp } from "@/lib/app/providers";
import { dateTime } from "@/lib/i18n/format";
import { useProblemText } from "@/lib/hooks/use-problem";

import { useDeliveries, useInvalidate, useWebhooks, WEBHOOK_EVENTS, type Webhook, type WebhookCreated, type WebhookEvent } from "../api";

/** A webhook event's catalog key: `task.due_soon` -> `task_due_soon` (a dot would be a namespace). */
const eventKey = (event: string) => `settings.events.${event.replace(".", "_")}`;

/** An event's name in the user's language; one the catalog does not know yet keeps the API's name. */
function useEventName() {
  const t = useTranslations();
  return (event: string) => (t.has(eventKey(event)) ? t(eventKey(event)) : event);
}

/** Signed webhooks of the organization (the board): add one (its secret shown once), see its deliveries, delete it. */
export function WebhooksCard({ orgId }: { orgId: string }) {
  const t = useTranslations();
  const webhooks = useWebhooks(orgId, true);
  const problemText = useProblemText();
  const [created, setCreated] = useState<WebhookCreated | null>(null);
  const [adding, setAdding] = useState(false);

  return (
    <Card title={t("settings.webhooks")} action={!adding
      ? <Button variant="secondary" onClick={() => { setAdding(true); setCreated(null); }}>{t("settings.addWebhook")}</Button> : undefined}>
      <div className="flex flex-col gap-3">
        <p className="text-sm text-slate-700">{t("settings.webhooksLead")}</p>
        {adding && <WebhookForm orgId={orgId} onClose={() => setAdding(false)} onCreated={(w) => { setCreated(w); setAdding(false); }} />}
        {created && (
          <div className="flex flex-col gap-2 rounded-md border border-green-300 bg-green-50 p-3">
            <p role="status" className="text-sm font-medium text-green-900">{t("settings.webhookCreated")}</p>
            <CopyField label={t("settings.webhookSecret")} value={created.secret} />
            <Button variant="ghost" className="self-start" onClick={() => setCreated(null)}>{t("settings.secretStored")}</Button>
          </div>
        )}
        {webhooks.isPending && <Loading label={t("app.loading")} />}
        {webhooks.isError && <Alert>{problemText(webhooks.error)}</Alert>}
        {webhooks.data && webhooks.data.items.length === 0 && <p className="text-sm text-slate-700">{t("settings.noWebhooks")}</p>}
        <ul className="flex flex-col gap-2">
          {webhooks.data?.items.map((w) => <WebhookItem key={w.id} webhook={w} />)}
        </ul>
      </div>
    </Card>
  );
}

function WebhookItem({ webhook }: { webhook: Webhook }) {
  const t = useTranslations();
  const { client, language } = useApp();
  const invalidate = useInvalidate();
  const problemText = useProblemText();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const deliveries = useDeliveries(webhook.id, open);
  const eventName = useEventName();
  const name = webhook.description || webhook.url;

  async function remove() {
    if (!window.confirm(t("settings.deleteWebhookConfirm", { name }))) return;
    setBusy(true);
    setFailure(null);
    try {
      await client.DELETE("/notifications/webhooks/{webhook_id}", { params: { path: { webhook_id: webhook.id } } });
      await invalidate("/notifications/webhooks");
    } catch (error) {
      setFailure(problemText(error));
      setBusy(false);
    }
  }

  const listId = `deliveries-${webhook.id}`;
  return (
    <li className="rounded-md border border-slate-200 p-3 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <span className="min-w-0 break-all font-medium text-slate-900">{name}</span>
        {!webhook.active && <Badge tone="amber">{t("settings.webhookInactive")}</Badge>}
      </div>
      {webhook.description && <p className="break-all font-mono text-xs text-slate-700">{webhook.url}</p>}
      <p className="mt-1 text-xs text-slate-600">{webhook.event_types.map(eventName).join(", ")}</p>
      {failure && <div className="mt-2"><Alert>{failure}</Alert></div>}
      <div className="mt-2 flex flex-wrap gap-2">
        <Button variant="secondary" aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)}>
          {open ? t("settings.hideDeliveries") : t("settings.showDeliveries")}
        </Button>
        <Button variant="danger" disabled={busy} onClick={remove} aria-label={`${t("common.delete")}: ${name}`}>{t("common.delete")}</Button>
      </div>
      <div id={listId} hidden={!open} className="mt-2">
        {open && deliveries.isPending && <Loading label={t("app.loading")} />}
        {deliveries.isError && <Alert>{problemText(deliveries.error)}</Alert>}
        {deliveries.data && deliveries.data.items.length === 0 && <p className="text-slate-700">{t("settings.noDeliveries")}</p>}
        {deliveries.data && deliveries.data.items.length > 0 && (
          <ul className="flex flex-col divide-y divide-slate-100">
            {deliveries.data.items.map((d) => {
              const ok = d.status_code !== null && d.status_code >= 200 && d.status_code < 300;
              return (
                <li key={d.id} className="flex flex-wrap items-center gap-x-2 gap-y-1 py-1.5 text-xs">
                  <Badge tone={ok ? "green" : "red"}>{d.status_code !== null ? `HTTP ${d.status_code}` : t("settings.noAnswer")}</Badge>
                  <span className="text-slate-800">{eventName(d.event_type)}</span>
                  <span className="text-slate-600">{dateTime(d.at, language)}</span>
                  {d.attempt > 1 && <span className="text-slate-600">{t("settings.attempt", { attempt: d.attempt })}</span>}
                  {d.error && <span className="w-full break-all text-red-800">{d.error}</span>}
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </li>
  );
}

type Values = { url: string; description: string; event_types: WebhookEvent[] };

function WebhookForm({ orgId, onClose, onCreated }: { orgId: string; onClose: () => void; onCreated: (w: WebhookCreated) => void }) {
  const t = useTranslations();
  const { client } = useApp();
  const invalidate = useInvalidate();
  const problemText = useProblemText();
  const [failure, setFailure] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError } = useForm<Values>({
    defaultValues: { url: "", description: "", event_types: [...WEBHOOK_EVENTS] },
  });

  const submit = handleSubmit(async (values) => {
    setFailure(null);
    try {
      const { data } = await client.POST("/notifications/webhooks", {
        body: {
          organization_id: orgId, url: values.url.trim(), description: values.description.trim() || null,
          event_types: values.event_types,
        },
      });
      await invalidate("/notifications/webhooks");
      if (data) onCreated(data);
    } catch (error) {
      if (error instanceof ApiError) {
        for (const [field, message] of Object.entries(error.fieldErrors())) {
          const name = field.startsWith("event_types") ? "event_types" : field;
          if (name === "url" || name === "description" || name === "event_types") setError(name, { message });
        }
      }
      setFailure(problemText(error));
    }
  });

  const e = formState.errors;
  return (
    <form onSubmit={submit} noValidate aria-label={t("settings.addWebhook")}
      className="flex flex-col gap-3 rounded-md border border-slate-200 bg-slate-50 p-3">
      {failure && <Alert>{failure}</Alert>}
      <TextField label={t("settings.webhookUrl")} type="url" inputMode="url" autoComplete="off" placeholder="https://"
        hint={t("settings.webhookUrlHint")} error={e.url?.message} {...register("url", { required: t("errors.required") })} />
      <TextField label={`${t("settings.webhookDescription")} (${t("common.optional")})`} error={e.description?.message}
        {...register("description")} />
      <fieldset aria-describedby={e.event_types ? "webhook-events-error" : undefined}>
        <legend className="text-sm font-medium text-slate-800">{t("settings.webhookEvents")}</legend>
        <div className="mt-1 grid gap-1 sm:grid-cols-2">
          {WEBHOOK_EVENTS.map((event) => (
            <label key={event} className="flex items-center gap-2 text-sm">
              <input type="checkbox" value={event} className="h-4 w-4"
                {...register("event_types", { validate: (v) => v.length > 0 || t("settings.pickEvent") })} />
              {t(eventKey(event))}
            </label>
          ))}
        </div>
        {e.event_types && <p id="webhook-events-error" role="alert" className="mt-1 text-sm text-red-700">{e.event_types.message}</p>}
      </fieldset>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={formState.isSubmitting}>{formState.isSubmitting ? t("common.saving") : t("common.add")}</Button>
        <Button variant="secondary" onClick={onClose}>{t("common.cancel")}</Button>
      </div>
    </form>
  );
}
