import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";

import type { components } from "@/lib/api/schema";
import { useApp } from "@/lib/app/providers";

type S = components["schemas"];
export type Settings = S["Settings"];
export type Profile = S["Profile"];
export type Webhook = S["Webhook"];
export type WebhookCreated = S["WebhookCreated"];
export type WebhookEvent = S["WebhookCreate"]["event_types"][number];
export type NotificationKind = keyof S["NotificationPreferences"];

export const NOTIFICATION_KINDS: NotificationKind[] = [
  "task_assigned", "task_due", "task_status_changed", "program_status_changed", "comment", "invitation", "report",
];
export const CHANNELS = ["in_app", "email", "chat"] as const;
export const WEBHOOK_EVENTS: WebhookEvent[] = [
  "program.created", "program.status_changed", "task.created", "task.assigned", "task.unassigned", "task.status_changed",
  "task.due_date_changed", "task.due_soon", "task.overdue", "comment.created", "report.generated",
];

/** Our own keys (not openapi-react-query's): these queries also carry the ETag, which PATCH/PUT send back as If-Match. */
export const SETTINGS_KEY = ["get", "/users/me/settings", { withEtag: true }] as const;
export const PROFILE_KEY = ["get", "/users/me", { withEtag: true }] as const;

export function useMySettings() {
  const { client, state } = useApp();
  return useQuery({
    queryKey: SETTINGS_KEY,
    enabled: !!state,
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const { data, response } = await client.GET("/users/me/settings");
      return { settings: data as Settings, etag: response.headers.get("ETag") };
    },
  });
}

export function useMyProfile() {
  const { client, state } = useApp();
  return useQuery({
    queryKey: PROFILE_KEY,
    enabled: !!state,
    queryFn: async () => {
      const { data, response } = await client.GET("/users/me");
      return { profile: data as Profile, etag: response.headers.get("ETag") };
    },
  });
}

/**
 * The language stored with the account wins over this browser's: applied once per value the API
 * gives, so signing in on a new device shows the user's language, and a change saved on another
 * device arrives with the next fetch.
 */
export function useAccountLanguage() {
  const { language, setLanguage } = useApp();
  const stored = useMySettings().data?.settings.language;
  const applied = useRef<string | null>(null);
  useEffect(() => {
    if (!stored || applied.current === stored) return;
    applied.current = stored;
    if (stored !== language) setLanguage(stored);
  }, [stored, language, setLanguage]);
}

export function useSessions() {
  const { $api } = useApp();
  return $api.useQuery("get", "/auth/sessions");
}

/** The organization as its board sees it (with its chat webhook URLs). */
export function useOrganization(orgId: string | undefined, enabled: boolean) {
  const { $api } = useApp();
  return $api.useQuery("get", "/orgs/{org_id}", { params: { path: { org_id: orgId ?? "" } } }, { enabled: !!orgId && enabled });
}

export function useWebhooks(orgId: string | undefined, enabled: boolean) {
  const { $api } = useApp();
  return $api.useQuery("get", "/notifications/webhooks", { params: { query: { organization_id: orgId ?? "", limit: 100 } } },
    { enabled: !!orgId && enabled });
}

export function useDeliveries(webhookId: string, enabled: boolean) {
  const { $api } = useApp();
  return $api.useQuery("get", "/notifications/webhooks/{webhook_id}/deliveries", {
    params: { path: { webhook_id: webhookId }, query: { limit: 20 } },
  }, { enabled });
}

export function useInvalidate() {
  const queryClient = useQueryClient();
  return (...paths: string[]) => Promise.all(paths.map((path) => queryClient.invalidateQueries({ queryKey: ["get", path] })));
}

export function useMyCalendar() {
  const { $api } = useApp();
  return $api.useQuery("get", "/me/calendar");
}
