import { describe, expect, it } from "vitest";

import { feedAddress } from "@/features/settings/calendar";

const url = "https://api.prokertracker.example/calendar/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ.ics";

describe("the calendar feed's address", () => {
  it("is the API's own in Indonesian, the feed's default", () => {
    expect(feedAddress(url, "id")).toBe(url);
  });

  it("asks for English titles in English", () => {
    expect(feedAddress(url, "en")).toBe(`${url}?lang=en`);
    expect(feedAddress(`${url}?x=1`, "en")).toBe(`${url}?x=1&lang=en`);
  });
});
