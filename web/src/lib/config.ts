/**
 * Run-time configuration: `/config.json` beside the static files, so one build serves every
 * stage (local, staging, production). `make dev` writes it; a deploy uploads it.
 */
export type AppConfig = { apiBaseUrl: string };

let loaded: Promise<AppConfig> | null = null;

export function loadConfig(): Promise<AppConfig> {
  loaded ??= fetch("/config.json", { cache: "no-store" })
    .then((response) => {
      if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
      return response.json() as Promise<AppConfig>;
    })
    .then((config) => ({ apiBaseUrl: config.apiBaseUrl.replace(/\/+$/, "") }))
    .catch((error: unknown) => {
      loaded = null; // a later attempt may succeed
      throw error;
    });
  return loaded;
}
