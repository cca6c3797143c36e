"use client";

import Link from "next/link";
import { useTranslations } from "use-intl";

import { useUnreadCount } from "../api";

export function UnreadBadge() {
  const t = useTranslations("nav");
  const unread = useUnreadCount().data?.unread ?? 0;
  return (
    <Link href="/notifications/" className="relative inline-flex min-h-10 items-center rounded-md px-2 text-slate-700 hover:bg-slate-100"
      aria-label={`${t("notifications")}: ${t("unread", { count: unread })}`}>
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6" fill="none" stroke="currentColor" strokeWidth="2">
        <path d="M18 8a6 6 0 1 0-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 0 1-3.4 0" />
      </svg>
      {unread > 0 && (
        <span data-testid="unread-count" className="absolute -right-0.5 -top-0.5 min-w-5 rounded-full bg-red-700 px-1 text-center text-xs font-bold text-white">
          {unread > 99 ? "99+" : unread}
        </span>
      )}
    </Link>
  );
}
