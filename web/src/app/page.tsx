"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useTranslations } from "use-intl";

import { useApp } from "@/lib/app/providers";

/** The front door: the dashboard when signed in, else the login page. */
export default function Home() {
  const { state } = useApp();
  const router = useRouter();
  const t = useTranslations("app");
  useEffect(() => {
    router.replace(state ? "/dashboard/" : "/login/");
  }, [state, router]);
  return <p role="status" className="p-6 text-center">{t("loading")}</p>;
}
