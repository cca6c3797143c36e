import { useQueryClient } from "@tanstack/react-query";

import { useApp } from "@/lib/app/providers";

/** How often the unread badge asks: cheap (one indexed count), and the inbox also refreshes on focus. */
export const UNREAD_POLL_MS = 20_000;

export function useUnreadCount() {
  const { $api, state } = useApp();
  return $api.useQuery("get", "/notifications/unread-count", {}, {
    enabled: !!state, refetchInterval: UNREAD_POLL_MS, refetchIntervalInBackground: false,
  });
}

export function useNotifications(unreadOnly: boolean) {
  const { $api } = useApp();
  return $api.useQuery("get", "/notifications", {
    params: { query: { limit: 50, ...(unreadOnly ? { unread: true } : {}) } },
  }, { refetchInterval: UNREAD_POLL_MS });
}

export function useInvalidateNotifications() {
  const queryClient = useQueryClient();
  return () => Promise.all([
    queryClient.invalidateQueries({ queryKey: ["get", "/notifications"] }),
    queryClient.invalidateQueries({ queryKey: ["get", "/notifications/unread-count"] }),
  ]);
}

/** The API's links name resources (`/tasks/<id>`); the static app shows them at `/…/view?id=`. */
export function appLink(link: string | null | undefined): string | null {
  if (!link) return null;
  const match = /^\/(programs|tasks)\/([0-9a-f-]{36})$/i.exec(link);
  if (match) return `/${match[1]}/view/?id=${match[2]}`;
  return link.startsWith("/") ? link : null;
}
