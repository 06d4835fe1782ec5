import { costCredits, maxCostCredits } from "../../functions/src/core/llm/llm-router-types";
import { PROVIDER_IDS } from "../../functions/src/core/llm/llm-types";
import { BASE_MODELS, buildModelCatalog } from "../../functions/src/core/llm/model-catalog";
import { setLogLevel, setLogSink, type LogLevel } from "../../functions/src/platform/logger";

let logs: { level: LogLevel; event: string; fields: Record<string, unknown> }[];
beforeEach(() => {
  logs = [];
  setLogLevel("debug");
  setLogSink((level, event, fields) => logs.push({ level, event, fields }));
});
afterEach(() => {
  setLogSink(undefined);
  setLogLevel((process.env.LOG_LEVEL as LogLevel) || "info");
});

const dev = () => buildModelCatalog({ environment: "development" });

describe("base catalog", () => {
  it("prices every model in integer µcr/token, never zero", () => {
    for (const m of BASE_MODELS) {
      expect(m.price).not.toBeNull();
      expect(Number.isInteger(m.price!.inputMicroCreditsPerToken) && m.price!.inputMicroCreditsPerToken > 0).toBe(true);
      expect(Number.isInteger(m.price!.outputMicroCreditsPerToken) && m.price!.outputMicroCreditsPerToken > 0).toBe(true);
      expect(m.id.startsWith(`${m.provider}:`)).toBe(true);
      expect(m.maxOutputTokens).toBeLessThanOrEqual(m.contextWindow);
    }
  });

  it("converts vendor $/million-token prices at ×1000 (1 credit = $0.001)", () => {
    const c = dev();
    expect(c.get("openai:gpt-4o-mini")!.price).toEqual({
      inputMicroCreditsPerToken: 150,
      outputMicroCreditsPerToken: 600,
      cachedInputMicroCreditsPerToken: 75,
    });
    // Anthropic publishes cache writes (1.25×) and reads (0.1×) apart.
    expect(c.get("anthropic:claude-sonnet-4")!.price).toEqual({
      inputMicroCreditsPerToken: 3_000,
      outputMicroCreditsPerToken: 15_000,
      cachedInputMicroCreditsPerToken: 300,
      cacheWriteMicroCreditsPerToken: 3_750,
    });
    expect(c.get("groq:llama-3.1-8b-instant")!.price).toEqual({ inputMicroCreditsPerToken: 50, outputMicroCreditsPerToken: 80 });
    expect(c.get("google:gemini-2.5-pro")!.price).toEqual({
      inputMicroCreditsPerToken: 1_250,
      outputMicroCreditsPerToken: 10_000,
      cachedInputMicroCreditsPerToken: 125,
    });
  });

  it("lets the free tier use at least one model of every provider", () => {
    const c = dev();
    for (const p of PROVIDER_IDS) {
      expect([...c.values()].some((m) => m.provider === p && m.tiers.includes("free"))).toBe(true);
    }
  });

  it("has the demo model only in development", () => {
    expect(dev().has("demo:echo")).toBe(true);
    expect(buildModelCatalog({ environment: "production" }).has("demo:echo")).toBe(false);
  });
});

describe("cost", () => {
  it("is tokens × price exactly, rounded up to whole credits", () => {
    const mini = dev().get("openai:gpt-4o-mini")!;
    // 1000 × 150 + 500 × 600 = 450 000 µcr → 0.45 credit → 1
    expect(costCredits(mini, { inputTokens: 1_000, outputTokens: 500 })).toBe(1);
    // 10 000 × 150 + 2 000 × 600 = 2 700 000 µcr → 3 credits
    expect(costCredits(mini, { inputTokens: 10_000, outputTokens: 2_000 })).toBe(3);
    // exactly 2 000 000 µcr stays 2
    expect(costCredits(mini, { inputTokens: 0, outputTokens: 3_334 })).toBe(3);
    expect(costCredits(mini, { inputTokens: 0, outputTokens: 3_333 })).toBe(2);
    const sonnet = dev().get("anthropic:claude-sonnet-4")!;
    expect(costCredits(sonnet, { inputTokens: 1_000, outputTokens: 1_000 })).toBe(18);
    expect(costCredits(sonnet, { inputTokens: 0, outputTokens: 0 })).toBe(0);
    expect(maxCostCredits(sonnet, 100, 1_000)).toBe(Math.ceil((100 * 3_000 + 1_000 * 15_000) / 1e6));
  });

  it("refuses to price a model without a price instead of charging 0", () => {
    const c = buildModelCatalog({ environment: "development", overridesJson: JSON.stringify({ "openai:gpt-4.1": { tiers: ["pro"] } }) });
    expect(() => costCredits(c.get("openai:gpt-4.1")!, { inputTokens: 1, outputTokens: 1 })).toThrow(/no price/);
  });
});

describe("LLM_CATALOG_OVERRIDES", () => {
  const build = (o: unknown) =>
    buildModelCatalog({ environment: "production", overridesJson: typeof o === "string" ? o : JSON.stringify(o) });

  it("changes a price and tiers of a known model", () => {
    const c = build({
      "openai:gpt-4.1": { price: { inputMicroCreditsPerToken: 1_900, outputMicroCreditsPerToken: 7_500 }, tiers: ["team"] },
    });
    expect(c.get("openai:gpt-4.1")).toMatchObject({
      price: { inputMicroCreditsPerToken: 1_900, outputMicroCreditsPerToken: 7_500 },
      tiers: ["team"],
      vendorModel: "gpt-4.1",
    });
  });

  it("adds a new priced model", () => {
    const c = build({
      "openai:gpt-5-mini": {
        provider: "openai",
        vendorModel: "gpt-5-mini",
        contextWindow: 400_000,
        maxOutputTokens: 128_000,
        price: { inputMicroCreditsPerToken: 250, outputMicroCreditsPerToken: 2_000 },
        tiers: ["pro"],
      },
    });
    expect(c.get("openai:gpt-5-mini")).toMatchObject({ provider: "openai", contextWindow: 400_000, tiers: ["pro"] });
  });

  it("disables a model whose override has no price (never makes it free)", () => {
    const c = build({ "google:gemini-2.0-flash": { tiers: ["free", "pro"] }, "groq:llama-3.3-70b": { price: null } });
    expect(c.get("google:gemini-2.0-flash")!.price).toBeNull();
    expect(c.get("groq:llama-3.3-70b")!.price).toBeNull();
    expect(logs.filter((l) => l.event === "llm_catalog_override_unpriced")).toHaveLength(2);
  });

  it("ignores invalid JSON with an error log, keeping the base catalog", () => {
    const c = build("{not json");
    expect(c.get("openai:gpt-4o-mini")!.price).toMatchObject({ inputMicroCreditsPerToken: 150, outputMicroCreditsPerToken: 600 });
    expect(logs).toEqual([expect.objectContaining({ level: "error", event: "llm_catalog_overrides_invalid" })]);
    expect(build("[]").size).toBe(build("").size);
  });

  it("skips only the bad entry: a zero, negative or fractional price keeps the base price", () => {
    const c = build({
      "openai:gpt-4o-mini": { price: { inputMicroCreditsPerToken: 0, outputMicroCreditsPerToken: 600 } },
      "openai:gpt-4.1": { price: { inputMicroCreditsPerToken: 1.5, outputMicroCreditsPerToken: 8_000 } },
      "anthropic:claude-3-5-haiku": { price: { inputMicroCreditsPerToken: -1, outputMicroCreditsPerToken: 4_000 } },
      "groq:llama-3.1-8b-instant": { price: { inputMicroCreditsPerToken: 60, outputMicroCreditsPerToken: 90 } },
      "bogus id": { price: { inputMicroCreditsPerToken: 1, outputMicroCreditsPerToken: 1 } },
      "openai:new-model": { price: { inputMicroCreditsPerToken: 1, outputMicroCreditsPerToken: 1 } },
      "openai:typo": { prise: 3 },
    });
    expect(c.get("openai:gpt-4o-mini")!.price!.inputMicroCreditsPerToken).toBe(150);
    expect(c.get("openai:gpt-4.1")!.price!.inputMicroCreditsPerToken).toBe(2_000);
    expect(c.get("anthropic:claude-3-5-haiku")!.price!.inputMicroCreditsPerToken).toBe(800);
    expect(c.get("groq:llama-3.1-8b-instant")!.price).toEqual({ inputMicroCreditsPerToken: 60, outputMicroCreditsPerToken: 90 });
    expect(c.has("openai:new-model")).toBe(false);
    expect(c.has("openai:typo")).toBe(false);
    expect(logs.filter((l) => l.event === "llm_catalog_override_rejected")).toHaveLength(6);
  });

  it("cannot add the demo model outside development", () => {
    const c = build({
      "demo:echo": {
        provider: "demo",
        vendorModel: "x",
        contextWindow: 10,
        maxOutputTokens: 5,
        price: { inputMicroCreditsPerToken: 1, outputMicroCreditsPerToken: 1 },
      },
    });
    expect(c.has("demo:echo")).toBe(false);
  });
});
