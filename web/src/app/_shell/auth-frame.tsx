"use client";

import type { ReactNode } from "react";

/** The frame of the signed-out pages: the product's name and one card. */
export function AuthFrame({ title, lead, children }: { title: string; lead: string; children: ReactNode }) {
  return (
    <main className="grid min-h-dvh place-items-center px-4 py-8">
      <div className="w-full max-w-sm">
        <p className="mb-6 text-center text-lg font-bold text-brand-700">Proker Tracker</p>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="text-xl font-bold">{title}</h1>
          <p className="mb-4 mt-1 text-sm text-slate-700">{lead}</p>
          {children}
        </div>
      </div>
    </main>
  );
}
