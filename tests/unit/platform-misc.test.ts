import { getRateLimiter, resetRateLimitersForTests } from "../../functions/src/core/rate-limit/rate-limit-stores";
import { DisplayText, ErrorResponse, Uid } from "../../functions/src/platform/common-schemas";
import type { Config } from "../../functions/src/platform/config";
import { getAdminApp, getAdminAuth } from "../../functions/src/platform/firebase-admin";
import { errorBody, HttpError, notFound } from "../../functions/src/platform/http-error";

describe("HttpError and errorBody", () => {
  it("carries status, code, message, details, headers and cause", () => {
    const cause = new Error("root");
    const err = new HttpError(409, "conflict", "Already exists", { details: { id: "x" }, headers: { "Retry-After": "1" }, cause });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe("HttpError");
    expect([err.status, err.code, err.message]).toEqual([409, "conflict", "Already exists"]);
    expect(err.details).toEqual({ id: "x" });
    expect(err.headers).toEqual({ "Retry-After": "1" });
    expect(err.cause).toBe(cause);
  });

  it("has no cause unless one is given", () => {
    expect("cause" in new HttpError(400, "x", "y")).toBe(false);
  });

  it("builds the one error body shape, with details only when present", () => {
    expect(errorBody(new HttpError(404, "not_found", "Nope"), "req-1")).toEqual({
      error: { code: "not_found", message: "Nope", requestId: "req-1" },
    });
    const withDetails = errorBody(new HttpError(400, "validation_failed", "Bad", { details: { fields: [] } }), "req-2");
    expect(withDetails).toEqual({ error: { code: "validation_failed", message: "Bad", requestId: "req-2", details: { fields: [] } } });
    expect(ErrorResponse.safeParse(withDetails).success).toBe(true);
  });

  it("never puts the cause, headers or stack in the body", () => {
    const body = errorBody(
      new HttpError(503, "service_unavailable", "Later", { headers: { "Retry-After": "5" }, cause: new Error("secret") }),
      "r",
    );
    expect(JSON.stringify(body)).not.toMatch(/secret|Retry-After|stack/);
  });

  it("notFound names what was not found", () => {
    expect([notFound().status, notFound().code, notFound().message]).toEqual([404, "not_found", "Resource not found"]);
    expect(notFound("User").message).toBe("User not found");
  });
});

describe("common schemas", () => {
  it("Uid accepts Firebase uids and rejects anything that could be a path or operator", () => {
    for (const ok of ["abc", "A-b_9", "x".repeat(128)]) expect(Uid.safeParse(ok).success).toBe(true);
    for (const bad of ["", "a/b", "../x", "$gt", "a b", "x".repeat(129), "é"]) expect(Uid.safeParse(bad).success).toBe(false);
  });

  it("DisplayText strips control characters, trims and bounds the length", () => {
    expect(DisplayText(20).parse("  Ada\u0000 Love\u0007lace\n ")).toBe("Ada Lovelace");
    expect(DisplayText(3).safeParse("abcd").success).toBe(false);
  });
});

describe("getRateLimiter (local store)", () => {
  const config = (): Config => {
    throw new Error("the local store needs no configuration");
  };
  afterEach(() => resetRateLimitersForTests());

  it("returns one per-instance limiter whose counters persist across calls", async () => {
    const a = await getRateLimiter("local", config);
    const b = await getRateLimiter("local", config);
    expect(b).toBe(a);
    const rule = { points: 1, durationSeconds: 60 };
    expect((await a.consume("health.GET", "ip:1", rule)).allowed).toBe(true);
    expect((await b.consume("health.GET", "ip:1", rule)).allowed).toBe(false);
  });

  it("starts over after a reset", async () => {
    const rule = { points: 1, durationSeconds: 60 };
    const before = await getRateLimiter("local", config);
    await before.consume("b", "k", rule);
    await resetRateLimitersForTests();
    const after = await getRateLimiter("local", config);
    expect(after).not.toBe(before);
    expect((await after.consume("b", "k", rule)).allowed).toBe(true);
  });

  it("surfaces a shared-store configuration failure and retries it on the next call", async () => {
    let calls = 0;
    const failing = (): Config => {
      calls++;
      throw new Error("bad config");
    };
    await expect(getRateLimiter("shared", failing)).rejects.toThrow("bad config");
    await expect(getRateLimiter("shared", failing)).rejects.toThrow("bad config");
    expect(calls).toBe(2);
  });
});

describe("firebase-admin (lazy)", () => {
  it("initialises one app and one Auth instance on first use", async () => {
    const [app1, app2] = await Promise.all([getAdminApp(), getAdminApp()]);
    expect(app1).toBe(app2);
    const auth = await getAdminAuth();
    expect(await getAdminAuth()).toBe(auth);
    expect(auth.app).toBe(app1);
    expect(typeof auth.verifyIdToken).toBe("function");
  });
});
