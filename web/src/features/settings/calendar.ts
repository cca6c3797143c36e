/** The feed's address as handed to a calendar app: the event titles in the user's language (`?lang=en`). */
export function feedAddress(url: string, language: string): string {
  return language === "en" ? `${url}${url.includes("?") ? "&" : "?"}lang=en` : url;
}
