import fc from "fast-check";
import { z } from "zod";
import { HttpError } from "../../functions/src/platform/http-error";
import {
  fieldIssues,
  findForbiddenKey,
  isJsonContentType,
  MAX_BODY_BYTES,
  parseQuery,
  payloadTooLarge,
  readJsonBody,
  validationError,
} from "../../functions/src/platform/request-input";

/** Runs fn and returns the HttpError it throws (fails the test if it throws nothing or something else). */
function httpErrorOf(fn: () => unknown): HttpError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HttpError);
    return err as HttpError;
  }
  throw new Error("expected an HttpError, nothing was thrown");
}

const json = (value: string) => Buffer.from(value, "utf8");

describe("parseQuery", () => {
  it("returns an empty object without a query string", () => {
    expect(parseQuery("/api/v1/users/me")).toEqual({});
    expect(parseQuery("/api/v1/users/me?")).toEqual({});
  });

  it("decodes keys and values as plain strings", () => {
    expect(parseQuery("/x?name=Ada%20Lovelace&plus=a+b&empty=")).toEqual({ name: "Ada Lovelace", plus: "a b", empty: "" });
  });

  it("turns a repeated key into an array in order, keeping single keys as strings", () => {
    expect(parseQuery("/x?tag=a&one=1&tag=b&tag=c")).toEqual({ tag: ["a", "b", "c"], one: "1" });
  });

  it("keeps bracketed keys literal instead of building operator objects (no qs parsing)", () => {
    const q = parseQuery("/x?a[$gt]=1&b[c]=2&d[]=3");
    expect({ ...q }).toEqual({ "a[$gt]": "1", "b[c]": "2", "d[]": "3" });
    expect(Object.values(q).every((v) => typeof v === "string")).toBe(true);
  });

  it("keeps a $-prefixed key as a key (so findForbiddenKey can reject it)", () => {
    const q = parseQuery("/x?%24where=1");
    expect(q).toEqual({ $where: "1" });
    expect(findForbiddenKey(q)).toBe("$where");
  });

  it("only looks after the first '?'", () => {
    expect(parseQuery("/x?a=1?b=2")).toEqual({ a: "1?b=2" });
  });

  it("never produces anything but strings and arrays of strings (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 20 }), (pairs) => {
        const url = `/p?${new URLSearchParams(pairs).toString()}`;
        const q = parseQuery(url);
        for (const [key, value] of pairs) {
          const got = q[key];
          const values = Array.isArray(got) ? got : [got];
          expect(values).toContain(value);
        }
        for (const v of Object.values(q)) {
          if (Array.isArray(v)) expect(v.every((s) => typeof s === "string")).toBe(true);
          else expect(typeof v).toBe("string");
        }
      }),
    );
  });

  it("treats names of Object.prototype members as ordinary keys", () => {
    const q = parseQuery("/x?valueOf=1&toString=2&hasOwnProperty=3&toString=4");
    expect({ ...q }).toEqual({ valueOf: "1", toString: ["2", "4"], hasOwnProperty: "3" });
  });

  it("keeps ?__proto__= as an own key that findForbiddenKey rejects, never as the object's prototype", () => {
    const q = parseQuery("/x?__proto__=a&__proto__=b&length=1");
    expect(Object.keys(q)).toEqual(["__proto__", "length"]);
    expect(findForbiddenKey(q)).toBe("__proto__");
    expect(Object.getPrototypeOf(q) === null || Object.getPrototypeOf(q) === Object.prototype).toBe(true);
  });
});

describe("isJsonContentType", () => {
  it.each([
    "application/json",
    "application/json; charset=utf-8",
    "Application/JSON;charset=UTF-8",
    "  application/json  ",
    "application/vnd.api+json",
    "application/problem+json; charset=utf-8",
    "application/merge-patch+json",
  ])("accepts %p", (header) => {
    expect(isJsonContentType(header)).toBe(true);
  });

  it.each([
    undefined,
    "",
    "text/plain",
    "text/json",
    "application/jsonp",
    "application/json-seq",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/xml",
    "json",
  ])("rejects %p", (header) => {
    expect(isJsonContentType(header)).toBe(false);
  });
});

describe("readJsonBody", () => {
  it("returns {} for an empty body whatever the content type", () => {
    expect(readJsonBody(undefined, undefined, undefined)).toEqual({});
    expect(readJsonBody("text/plain", Buffer.alloc(0), {})).toEqual({});
    expect(readJsonBody("application/json", Buffer.alloc(0), undefined)).toEqual({});
  });

  it("parses the raw bytes rather than the framework's parsed body", () => {
    const body = readJsonBody("application/json", json('{"a":1,"nested":{"b":[1,2]}}'), { tampered: true });
    expect(body).toEqual({ a: 1, nested: { b: [1, 2] } });
  });

  it("falls back to the parsed body when no raw bytes were kept", () => {
    expect(readJsonBody("application/json", undefined, { a: 1 })).toEqual({ a: 1 });
  });

  it("accepts +json content types", () => {
    expect(readJsonBody("application/vnd.api+json", json('{"data":{}}'), undefined)).toEqual({ data: {} });
  });

  it("rejects a non-JSON content type with 415 unsupported_media_type", () => {
    const err = httpErrorOf(() => readJsonBody("text/plain", json('{"a":1}'), '{"a":1}'));
    expect(err.status).toBe(415);
    expect(err.code).toBe("unsupported_media_type");
  });

  it("rejects a body without content type with 415", () => {
    const err = httpErrorOf(() => readJsonBody(undefined, json('{"a":1}'), undefined));
    expect(err.status).toBe(415);
  });

  it("rejects invalid JSON with 400 invalid_json", () => {
    for (const raw of ["{bad", '{"a":1', "{'a':1}", "undefined"]) {
      const err = httpErrorOf(() => readJsonBody("application/json", json(raw), undefined));
      expect(err.status).toBe(400);
      expect(err.code).toBe("invalid_json");
    }
  });

  it.each([["[1,2]"], ['"text"'], ["42"], ["true"], ["null"]])("rejects top-level %s with 400 invalid_body", (raw) => {
    const err = httpErrorOf(() => readJsonBody("application/json", json(raw), undefined));
    expect(err.status).toBe(400);
    expect(err.code).toBe("invalid_body");
  });

  it("rejects a non-object parsed body when no raw bytes were kept", () => {
    expect(httpErrorOf(() => readJsonBody("application/json", undefined, [1])).code).toBe("invalid_body");
    expect(httpErrorOf(() => readJsonBody("application/json", undefined, "x")).code).toBe("invalid_body");
  });

  it("rejects a body over 10 MB with 413 payload_too_large, before looking at the content type", () => {
    const raw = Buffer.alloc(MAX_BODY_BYTES + 1, 0x20);
    for (const type of ["application/json", "text/plain", undefined]) {
      const err = httpErrorOf(() => readJsonBody(type, raw, undefined));
      expect(err.status).toBe(413);
      expect(err.code).toBe("payload_too_large");
      expect(err.message).toBe("The body exceeds 10 MB");
    }
  });

  it("accepts a body of exactly 10 MB", () => {
    const padding = MAX_BODY_BYTES - '{"p":""}'.length;
    const raw = json(`{"p":"${"x".repeat(padding)}"}`);
    expect(raw.length).toBe(MAX_BODY_BYTES);
    expect((readJsonBody("application/json", raw, undefined) as { p: string }).p).toHaveLength(padding);
  });

  it("keeps __proto__ as an own key (visible to findForbiddenKey) and does not pollute prototypes", () => {
    const body = readJsonBody("application/json", json('{"__proto__":{"polluted":true},"a":1}'), undefined) as Record<string, unknown>;
    expect(Object.keys(body)).toContain("__proto__");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(findForbiddenKey(body)).toBe("__proto__");
  });
});

describe("payloadTooLarge", () => {
  it("is a 413 HttpError", () => {
    const err = payloadTooLarge();
    expect(err).toBeInstanceOf(HttpError);
    expect([err.status, err.code]).toEqual([413, "payload_too_large"]);
  });
});

describe("findForbiddenKey", () => {
  it("returns undefined for clean values", () => {
    expect(findForbiddenKey(undefined)).toBeUndefined();
    expect(findForbiddenKey(null)).toBeUndefined();
    expect(findForbiddenKey("$gt")).toBeUndefined();
    expect(findForbiddenKey({ a: "$gt", b: ["$where", { c: 1 }], x$: 1, "a.b": 2 })).toBeUndefined();
  });

  it("finds a top-level $ key", () => {
    expect(findForbiddenKey({ ok: 1, $where: "1" })).toBe("$where");
  });

  it("finds a nested $ key and names its path", () => {
    expect(findForbiddenKey({ filter: { name: { $gt: "" } } })).toBe("filter.name.$gt");
  });

  it("finds $ keys inside arrays, naming the index", () => {
    expect(findForbiddenKey({ list: [{ ok: 1 }, { $ne: null }] })).toBe("list.1.$ne");
    expect(findForbiddenKey([{ a: 1 }, [{ $or: [] }]])).toBe("1.0.$or");
  });

  it("finds a __proto__ key created by JSON.parse", () => {
    expect(findForbiddenKey(JSON.parse('{"a":{"__proto__":{"isAdmin":true}}}'))).toBe("a.__proto__");
  });

  it.each(["constructor", "prototype", "a\u0000b", "$", "$$"])("rejects the key %p", (key) => {
    expect(findForbiddenKey({ outer: { [key]: 1 } })).toBe(`outer.${key}`);
  });

  it("reports the first forbidden key found", () => {
    expect(findForbiddenKey({ a: { $x: 1 }, $y: 2 })).toBe("a.$x");
  });

  it("accepts 32 levels of nesting and rejects 33", () => {
    const nest = (levels: number): unknown => (levels === 0 ? 1 : { a: nest(levels - 1) });
    expect(findForbiddenKey(nest(32))).toBeUndefined();
    expect(findForbiddenKey(nest(33))).toBe(Array(33).fill("a").join("."));
    const arrays = (levels: number): unknown => (levels === 0 ? 1 : [arrays(levels - 1)]);
    expect(findForbiddenKey(arrays(32))).toBeUndefined();
    expect(findForbiddenKey(arrays(33))).toBeDefined();
  });

  it("names the root when the start depth is already too deep", () => {
    expect(findForbiddenKey({}, [], 33)).toBe("(root)");
  });

  // Independent oracle for the property below.
  const forbidden = (k: string) => k.startsWith("$") || k.includes("\u0000") || ["__proto__", "constructor", "prototype"].includes(k);
  const hasForbidden = (v: unknown): boolean =>
    Array.isArray(v)
      ? v.some(hasForbidden)
      : typeof v === "object" && v !== null
        ? Object.entries(v).some(([k, x]) => forbidden(k) || hasForbidden(x))
        : false;

  const cleanKey = fc.string({ maxLength: 8 }).filter((k) => !forbidden(k));
  const riskyKey = fc.oneof(cleanKey, fc.constantFrom("$gt", "$where", "__proto__", "constructor", "prototype", "a\u0000", "x$", "a[$gt]"));
  const tree = (key: fc.Arbitrary<string>) =>
    fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
        fc.array(tie("node"), { maxLength: 4 }),
        fc.array(fc.tuple(key, tie("node")), { maxLength: 4 }).map((entries) => Object.fromEntries(entries)),
      ),
    })).node;

  it("returns undefined exactly when no key anywhere is forbidden (property)", () => {
    fc.assert(
      fc.property(tree(riskyKey), (value) => {
        expect(findForbiddenKey(value) !== undefined).toBe(hasForbidden(value));
      }),
      { numRuns: 300 },
    );
  });

  it("returns undefined for any JSON object without forbidden keys (property)", () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 6 }).filter((v) => !hasForbidden(v)),
        (value) => {
          expect(findForbiddenKey(JSON.parse(JSON.stringify(value)))).toBeUndefined();
        },
      ),
      { numRuns: 300 },
    );
  });

  it("finds a $-prefixed key at any depth and names its exact path (property)", () => {
    const step = fc.oneof(
      fc.record({ key: cleanKey, siblings: fc.dictionary(cleanKey, tree(cleanKey), { maxKeys: 2 }) }),
      fc.record({ before: fc.array(tree(cleanKey), { maxLength: 3 }), after: fc.array(tree(cleanKey), { maxLength: 2 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), fc.string({ maxLength: 6 }), tree(cleanKey), (steps, suffix, payload) => {
        const dollarKey = `$${suffix}`;
        // Build from the innermost object outwards, recording the path to the forbidden key.
        let value: unknown = { [dollarKey]: payload };
        const path: (string | number)[] = [dollarKey];
        for (const s of [...steps].reverse()) {
          if ("key" in s) {
            const siblings = { ...s.siblings };
            delete siblings[s.key];
            value = Object.fromEntries([...Object.entries(siblings), [s.key, value]]);
            path.unshift(s.key);
          } else {
            value = [...s.before, value, ...s.after];
            path.unshift(s.before.length);
          }
        }
        expect(findForbiddenKey(value)).toBe(path.join("."));
      }),
      { numRuns: 300 },
    );
  });
});

describe("fieldIssues and validationError", () => {
  const Body = z.strictObject({
    name: z.string().min(1),
    prefs: z.strictObject({ theme: z.enum(["light", "dark"]) }).optional(),
    tags: z.array(z.string()).optional(),
  });

  it("names each failing field under its source", () => {
    const result = Body.safeParse({ name: 5, prefs: { theme: "blue" }, tags: ["ok", 7] });
    expect(result.success).toBe(false);
    const fields = fieldIssues("body", result.error!);
    expect(fields.map((f) => [f.field, f.code])).toEqual(
      expect.arrayContaining([
        ["body.name", "invalid_type"],
        ["body.prefs.theme", "invalid_value"],
        ["body.tags.1", "invalid_type"],
      ]),
    );
    expect(fields).toHaveLength(3);
    for (const f of fields) expect(f.message).toEqual(expect.any(String));
  });

  it("reports each unknown key as its own unknown_field, at any level", () => {
    const result = Body.safeParse({ name: "x", extra: 1, other: 2, prefs: { theme: "dark", font: "x" } });
    const fields = fieldIssues("body", result.error!);
    expect(fields).toEqual(
      expect.arrayContaining([
        { field: "body.extra", code: "unknown_field", message: "Unknown field" },
        { field: "body.other", code: "unknown_field", message: "Unknown field" },
        { field: "body.prefs.font", code: "unknown_field", message: "Unknown field" },
      ]),
    );
    expect(fields).toHaveLength(3);
  });

  it("uses the source name alone for a root-level issue", () => {
    const result = z.object({ a: z.string() }).safeParse("nope");
    expect(fieldIssues("query", result.error!)).toEqual([expect.objectContaining({ field: "query", code: "invalid_type" })]);
  });

  it("builds a 400 validation_failed naming at most five distinct fields", () => {
    const fields = ["a", "b", "a", "c", "d", "e", "f"].map((field) => ({ field, code: "x", message: "m" }));
    const err = validationError(fields);
    expect(err).toBeInstanceOf(HttpError);
    expect(err.status).toBe(400);
    expect(err.code).toBe("validation_failed");
    expect(err.message).toBe("Invalid request: a, b, c, d, e");
    expect(err.details).toEqual({ fields });
  });
});
