import { useTranslations } from "use-intl";

import { ApiError, NetworkError } from "@/lib/api/problem";

/** What to tell the user about a failed request, in their language, with the API's own reason where it helps. */
export function useProblemText(): (error: unknown) => string {
  const t = useTranslations();
  return (error) => {
    if (error instanceof NetworkError) return t("errors.network");
    if (!(error instanceof ApiError)) return t("errors.generic");
    switch (error.status) {
      case 401: return t("auth.sessionEnded");
      case 403: return t("errors.forbidden");
      case 404: return t("errors.notFound");
      case 409: return t("errors.conflict", { detail: error.detail });
      case 412: return t("errors.stale");
      case 422: return error.errors.length ? t("errors.invalid") : error.detail || t("errors.invalid");
      case 429: return t("auth.tooMany", { seconds: error.retryAfterSeconds ?? 60 });
      default: return t("errors.generic");
    }
  };
}
