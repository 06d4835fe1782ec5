import { migrate } from "../../functions/src/platform/migrate";
import { readFileSync } from "node:fs";
import path from "node:path";
import { resetConfigForTests } from "../../functions/src/platform/config";
import { startApi, type ApiServer } from "../support/api-server";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";

const testDb = useTestDatabase("public");
let api: ApiServer;

beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

describe("GET /health", () => {
  it("answers ok with the environment, without a token", async () => {
    const res = await request(api.baseUrl, "GET", "/health");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "ok", service: "promptforge-api", environment: "development" });
    expect(Date.parse(res.json.time)).not.toBeNaN();
  });

  it("answers HEAD like GET, without a body", async () => {
    const res = await fetch(`${api.baseUrl}/health`, { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
  });
});

describe("GET /health/ready", () => {
  it("is ready when MongoDB answers a ping", async () => {
    const res = await request(api.baseUrl, "GET", "/health/ready");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "ready", checks: { config: { ok: true }, mongo: { ok: true }, indexes: { ok: true } } });
  });

  it("answers 503 naming the config check when MONGODB_URI is missing", async () => {
    const uri = process.env.MONGODB_URI;
    process.env.MONGODB_URI = "";
    try {
      const res = await request(api.baseUrl, "GET", "/health/ready");
      expectErrorBody(res, 503, "not_ready");
      expect(res.json.error.details.checks).toEqual({
        config: { ok: false, error: "MONGODB_URI is not set" },
        mongo: { ok: false, error: "skipped: configuration invalid" },
        indexes: { ok: false, error: "skipped: configuration invalid" },
      });
    } finally {
      process.env.MONGODB_URI = uri;
    }
  });

  it("answers 503 naming each missing index when the database was not migrated", async () => {
    const db = await testDb.db();
    await db.collection("payments").dropIndex("provider_payment_unique");
    try {
      const res = await request(api.baseUrl, "GET", "/health/ready");
      expectErrorBody(res, 503, "not_ready");
      expect(res.json.error.details.checks.indexes).toEqual({
        ok: false,
        missing: ["payments.provider_payment_unique"],
        error: "run npm run db:migrate",
      });
    } finally {
      await migrate(db);
    }
  });

  it("answers 500 config_invalid, without echoing the bad value, when a parameter is invalid", async () => {
    process.env.CORS_ORIGINS = "https://ok.example/with/a/path";
    resetConfigForTests();
    try {
      const res = await request(api.baseUrl, "GET", "/health/ready");
      expectErrorBody(res, 500, "config_invalid");
      expect(res.text).not.toContain("ok.example");
    } finally {
      process.env.CORS_ORIGINS = "";
      resetConfigForTests();
    }
  });
});

describe("GET /billing/tiers", () => {
  it("lists the four tiers and the credit packs, cacheable for five minutes", async () => {
    const res = await request(api.baseUrl, "GET", "/billing/tiers");
    expect(res.status).toBe(200);
    expect(res.json.tiers.map((t: { id: string }) => t.id)).toEqual(["free", "pro", "team", "enterprise"]);
    expect(res.json.currencies).toEqual(["USD", "EUR", "INR"]);
    const pro = res.json.tiers.find((t: { id: string }) => t.id === "pro");
    expect(pro.monthlyPrices).toEqual(expect.arrayContaining([{ currency: "INR", unitAmount: 149_900 }]));
    expect(res.json.creditPacks.length).toBeGreaterThan(0);
    expect(res.headers.get("cache-control")).toBe("public, max-age=300, s-maxage=300");
  });
});

describe("GET /openapi.json", () => {
  it("serves the same OpenAPI 3.1 document that is committed as openapi.json", async () => {
    const res = await request(api.baseUrl, "GET", "/openapi.json");
    expect(res.status).toBe(200);
    const committed = JSON.parse(readFileSync(path.resolve(__dirname, "../../openapi.json"), "utf8"));
    expect(res.json).toEqual(committed);
    expect(res.json.openapi).toBe("3.1.0");
  });
});

describe("CORS", () => {
  it("allows a listed origin, with exposed headers", async () => {
    const res = await request(api.baseUrl, "GET", "/health", { headers: { origin: "http://localhost:5173" } });
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(res.headers.get("access-control-expose-headers")).toContain("X-Request-Id");
    expect(res.headers.get("vary")).toContain("Origin");
  });

  it("answers a preflight from a listed origin with the allowed methods and headers", async () => {
    const res = await request(api.baseUrl, "OPTIONS", "/users/me", {
      headers: {
        origin: "http://localhost:5173",
        "access-control-request-method": "PATCH",
        "access-control-request-headers": "authorization,content-type",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-methods")).toBe("GET, PATCH, DELETE, HEAD, OPTIONS");
    expect(res.headers.get("access-control-allow-headers")).toContain("Authorization");
  });

  it("gives an unlisted origin no CORS headers, and a 403 on preflight", async () => {
    const simple = await request(api.baseUrl, "GET", "/health", { headers: { origin: "https://evil.example" } });
    expect(simple.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await request(api.baseUrl, "OPTIONS", "/users/me", {
      headers: { origin: "https://evil.example", "access-control-request-method": "GET" },
    });
    expectErrorBody(preflight, 403, "cors_origin_denied");
  });

  it("uses the production allowlist when ENVIRONMENT=production", async () => {
    process.env.ENVIRONMENT = "production";
    resetConfigForTests();
    try {
      const local = await request(api.baseUrl, "GET", "/health", { headers: { origin: "http://localhost:5173" } });
      expect(local.headers.get("access-control-allow-origin")).toBeNull();
      const prod = await request(api.baseUrl, "GET", "/health", { headers: { origin: "https://promptforge.app" } });
      expect(prod.headers.get("access-control-allow-origin")).toBe("https://promptforge.app");
      expect(prod.json.environment).toBe("production");
    } finally {
      process.env.ENVIRONMENT = "development";
      resetConfigForTests();
    }
  });
});
