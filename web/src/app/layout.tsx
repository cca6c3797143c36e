import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";

import "./globals.css";
import { Providers } from "@/lib/app/providers";

export const metadata: Metadata = {
  title: "Proker Tracker",
  description: "Rencanakan dan pantau program kerja organisasi Anda.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#174ca8" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="id">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
