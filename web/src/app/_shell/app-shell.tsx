"use client";

/**
 * The frame of every signed-in page: the organization switcher, the navigation (a row that
 * scrolls on a phone), the unread badge, and a clear word when the API cannot be reached.
 * Signed out, it sends the visitor to the login page and back here afterwards.
 */
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import { useTranslations } from "use-intl";

import { Button } from "@/components/ui/button";
import { UnreadBadge } from "@/features/notifications/components/unread-badge";
import { useAccountLanguage } from "@/features/settings/api";
import { useCurrentOrg } from "@/lib/org";
import { useApp } from "@/lib/app/providers";

const NAV = [
  { href: "/dashboard/", key: "dashboard" },
  { href: "/programs/", key: "programs" },
  { href: "/tasks/", key: "myTasks" },
  { href: "/notifications/", key: "notifications" },
  { href: "/org/", key: "organization" },
  { href: "/settings/", key: "settings" },
] as const;

export function AppShell({ children, title }: { children: ReactNode; title: string }) {
  const t = useTranslations();
  const { state, session, reachable, client } = useApp();
  const router = useRouter();
  const pathname = usePathname();
  useAccountLanguage(); // the language saved with the account, on any device

  useEffect(() => {
    if (!state) router.replace(`/login/?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  }, [state, router]);

  useEffect(() => {
    document.title = `${title} · Proker Tracker`;
  }, [title]);

  if (!state) return null;
  return (
    <div className="min-h-dvh">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2">
        {t("app.skipToContent")}
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center gap-3 px-4 py-2">
          <Link href="/dashboard/" className="whitespace-nowrap font-bold text-brand-700">Proker Tracker</Link>
          <OrgSwitcher />
          <div className="ml-auto flex items-center gap-2">
            <UnreadBadge />
            <span className="hidden text-sm text-slate-700 sm:inline">{state.user.name ?? state.user.email}</span>
            <Button variant="ghost" onClick={() => { void logout(); }}>{t("nav.logout")}</Button>
          </div>
        </div>
        <nav aria-label={t("nav.menu")} className="mx-auto max-w-6xl overflow-x-auto px-2">
          <ul className="flex gap-1 whitespace-nowrap">
            {NAV.map((item) => {
              const active = pathname.startsWith(item.href.replace(/\/$/, ""));
              return (
                <li key={item.href}>
                  <Link href={item.href} aria-current={active ? "page" : undefined}
                    className={`inline-block border-b-2 px-3 py-2 text-sm ${active ? "border-brand-700 font-semibold text-brand-800" : "border-transparent text-slate-700 hover:text-slate-900"}`}>
                    {t(`nav.${item.key}`)}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
      </header>
      {!reachable && (
        <div role="alert" className="bg-amber-100 px-4 py-2 text-center text-sm text-amber-950">{t("app.apiDown")}</div>
      )}
      <main id="main" className="mx-auto max-w-6xl px-4 py-4">
        <h1 className="mb-4 text-xl font-bold text-slate-900">{title}</h1>
        {children}
      </main>
    </div>
  );

  async function logout() {
    try {
      await client.POST("/auth/logout"); // ends the session on the server, not only in this browser
    } catch {
      // signed out here all the same; the session expires on the server by itself
    } finally {
      session.signOut();
    }
  }
}

function OrgSwitcher() {
  const t = useTranslations();
  const { setOrgId } = useApp();
  const { org, orgs } = useCurrentOrg();
  if (orgs.length < 2) return org ? <span className="hidden truncate text-sm text-slate-700 sm:inline">{org.short_name ?? org.name}</span> : null;
  return (
    <label className="flex items-center gap-1 text-sm">
      <span className="sr-only">{t("nav.switchOrg")}</span>
      <select value={org?.id} onChange={(e) => setOrgId(e.target.value)}
        className="max-w-40 rounded border border-slate-300 bg-white px-2 py-1 text-sm">
        {orgs.map((o) => <option key={o.id} value={o.id}>{o.short_name ?? o.name}</option>)}
      </select>
    </label>
  );
}
