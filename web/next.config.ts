import type { NextConfig } from "next";

// A static export: plain files on S3 + CloudFront (or any static host). Everything that needs
// a server (middleware, i18n routing, route handlers, dynamic segments unknown at build time)
// is left out on purpose: see docs/decisions/0009-web-app.md.
const config: NextConfig = {
  output: "export",
  trailingSlash: true,
  images: { unoptimized: true },
  reactStrictMode: true,
  poweredByHeader: false,
};

export default config;
