import {
  localPeriods,
  startOfLocalDay,
  isTimeZone,
  OffGridTimeZone,
  localDate,
  formatLocalDate,
} from "../../functions/src/core/analytics/time-buckets";
import { providerCost } from "../../functions/src/core/llm/provider-cost";

const iso = (ms: number) => new Date(ms).toISOString();

describe("local days (core/analytics/time-buckets.ts)", () => {
  it.each([
    // Midnight skipped by DST: the day starts at 01:00 local.
    ["America/Santiago", "2026-09-06", "2026-09-06T04:00:00.000Z"],
    ["Africa/Cairo", "2026-04-24", "2026-04-23T22:00:00.000Z"],
    // Midnight twice: the day starts at the first one.
    ["America/Havana", "2026-11-01", "2026-11-01T04:00:00.000Z"],
    ["Atlantic/Azores", "2026-10-25", "2026-10-25T00:00:00.000Z"],
    ["Asia/Kathmandu", "2026-03-01", "2026-02-28T18:15:00.000Z"],
    ["Asia/Kolkata", "2026-03-01", "2026-02-28T18:30:00.000Z"],
  ])("%s %s starts at %s", (tz, day, start) => {
    const [y, m, d] = day.split("-").map(Number);
    const s = startOfLocalDay(tz, { y, m, d });
    expect(iso(s)).toBe(start);
    expect(formatLocalDate(localDate(tz, s))).toBe(day);
    expect(formatLocalDate(localDate(tz, s - 1000))).not.toBe(day);
  });

  it("DST days are 23, 25 and 24.5 hours long", () => {
    const len = (tz: string, from: string) => {
      const [p] = localPeriods(tz, "day", Date.parse(from), Date.parse(from) + 1);
      return (p.end - p.start) / 3_600_000;
    };
    expect(len("America/New_York", "2026-03-08T12:00:00Z")).toBe(23);
    expect(len("America/New_York", "2026-11-01T12:00:00Z")).toBe(25);
    expect(len("Australia/Lord_Howe", "2026-04-05T03:00:00Z")).toBe(24.5);
  });

  it("local hours on a 30-minute DST day: one of them is half an hour", () => {
    // Lord Howe goes from +11:00 to +10:30 at 02:00 local on 2026-04-05 (15:00Z on the 4th).
    const periods = localPeriods("Australia/Lord_Howe", "hour", Date.parse("2026-04-04T13:00:00Z"), Date.parse("2026-04-04T17:00:00Z"));
    expect(periods.map((p) => (p.end - p.start) / 60_000)).toEqual([60, 60, 30, 60, 60]);
  });

  it("weeks start on Monday and months on the 1st, of the zone", () => {
    const [week] = localPeriods("Asia/Kathmandu", "week", Date.parse("2026-03-04T00:00:00Z"), Date.parse("2026-03-04T00:00:01Z"));
    expect(week.label).toBe("2026-03-02");
    expect(iso(week.start)).toBe("2026-03-01T18:15:00.000Z");
    const [month] = localPeriods("America/New_York", "month", Date.parse("2026-03-15T00:00:00Z"), Date.parse("2026-03-15T00:00:01Z"));
    expect([month.label, iso(month.start), iso(month.end)]).toEqual(["2026-03-01", "2026-03-01T05:00:00.000Z", "2026-04-01T04:00:00.000Z"]);
  });

  it("accepts IANA names only", () => {
    expect(isTimeZone("Asia/Kathmandu")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("+05:45")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });

  it("refuses periods whose boundaries fall off the 15-minute grid (historical local mean time)", () => {
    expect(() => localPeriods("Africa/Abidjan", "day", Date.UTC(1900, 0, 1), Date.UTC(1900, 0, 3))).toThrow(OffGridTimeZone);
  });
});

describe("provider cost (core/llm/provider-cost.ts)", () => {
  const model = {
    id: "anthropic:x",
    price: {
      inputMicroCreditsPerToken: 3_000,
      outputMicroCreditsPerToken: 15_000,
      cachedInputMicroCreditsPerToken: 300,
      cacheWriteMicroCreditsPerToken: 3_750,
    },
  };

  it("prices cache reads and writes at their own rates, taken out of the input count (never billed twice)", () => {
    const cost = providerCost(model, { inputTokens: 1_000, outputTokens: 100, cacheReadTokens: 600, cacheWriteTokens: 300 })!;
    // 100 fresh × 3000 + 600 reads × 300 + 300 writes × 3750 + 100 out × 15000
    expect(cost.microCredits).toBe(300_000 + 180_000 + 1_125_000 + 1_500_000);
    expect(cost.price).toMatchObject({ input: 3_000, cachedInput: 300, cacheWrite: 3_750 });
  });

  it("a price change is a new price version; the same rates keep theirs", () => {
    const a = providerCost(model, { inputTokens: 1, outputTokens: 1 })!.price.version;
    expect(providerCost({ ...model }, { inputTokens: 5, outputTokens: 0 })!.price.version).toBe(a);
    expect(
      providerCost({ ...model, price: { ...model.price, outputMicroCreditsPerToken: 15_001 } }, { inputTokens: 1, outputTokens: 1 })!.price
        .version,
    ).not.toBe(a);
  });

  it("no price, no cost (null, not 0)", () => {
    expect(providerCost({ id: "local:x", price: null }, { inputTokens: 5, outputTokens: 5 })).toBeNull();
  });
});
