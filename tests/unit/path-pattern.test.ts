import { API_PREFIX } from "../../functions/src/platform/operation";
import { compilePath } from "../../functions/src/platform/path-pattern";

describe("compilePath", () => {
  describe("a literal path", () => {
    const p = compilePath("/users/me");

    it.each(["/api/v1/users/me", "/users/me", "/users/me/", "/api/v1/users/me/"])("matches %p with no params", (path) => {
      expect(p.match(path)).toEqual({});
    });

    it.each([
      "/users/meX",
      "/users/me/extra",
      "/api/v2/users/me",
      "/v1/users/me",
      "/api/v1/api/v1/users/me",
      "/USERS/ME",
      "users/me",
      "/users//me",
      "/api/v1",
      "/api/v1/",
    ])("does not match %p", (path) => {
      expect(p.match(path)).toBeUndefined();
    });

    it("answers at the bare function root", () => {
      expect(p.match("/")).toEqual({});
      expect(p.match("")).toEqual({});
    });

    it("exposes the Hosting source and OpenAPI path", () => {
      expect(p.hostingSource).toBe("/api/v1/users/me");
      expect(p.openApiPath).toBe("/users/me");
    });
  });

  it("escapes regular-expression characters in literal segments", () => {
    const p = compilePath("/openapi.json");
    expect(p.match("/api/v1/openapi.json")).toEqual({});
    expect(p.match("/api/v1/openapiXjson")).toBeUndefined();
    const q = compilePath("/a+b/(c)");
    expect(q.match("/a+b/(c)")).toEqual({});
    expect(q.match("/aab/c")).toBeUndefined();
  });

  describe("a path with parameters", () => {
    const p = compilePath("/admin/users/{uid}/roles");

    it("extracts the parameter with or without the prefix and with a trailing slash", () => {
      expect(p.match("/api/v1/admin/users/abc123/roles")).toEqual({ uid: "abc123" });
      expect(p.match("/admin/users/abc123/roles")).toEqual({ uid: "abc123" });
      expect(p.match("/admin/users/abc123/roles/")).toEqual({ uid: "abc123" });
    });

    it("percent-decodes parameter values", () => {
      expect(p.match("/admin/users/a%20b%C3%A9/roles")).toEqual({ uid: "a bé" });
      // An encoded slash stays inside the one segment; the schema must reject it.
      expect(p.match("/admin/users/a%2Fb/roles")).toEqual({ uid: "a/b" });
    });

    it("does not match a malformed percent-encoding", () => {
      expect(p.match("/admin/users/%E0%A4%A/roles")).toBeUndefined();
      expect(p.match("/admin/users/%zz/roles")).toBeUndefined();
    });

    it("needs a non-empty single segment for each parameter", () => {
      expect(p.match("/admin/users//roles")).toBeUndefined();
      expect(p.match("/admin/users/a/b/roles")).toBeUndefined();
      expect(p.match("/admin/users/roles")).toBeUndefined();
    });

    it("does not answer at the root (it needs its parameters)", () => {
      expect(p.match("/")).toBeUndefined();
      expect(p.match("")).toBeUndefined();
    });

    it("turns parameters into Hosting wildcards and keeps them in the OpenAPI path", () => {
      expect(p.hostingSource).toBe("/api/v1/admin/users/*/roles");
      expect(p.openApiPath).toBe("/admin/users/{uid}/roles");
    });
  });

  it("extracts several parameters in order", () => {
    const p = compilePath("/orgs/{orgId}/members/{uid}");
    expect(p.match("/api/v1/orgs/o1/members/u%2B1")).toEqual({ orgId: "o1", uid: "u+1" });
  });

  it("treats a segment that is not a valid {name} as a literal", () => {
    const p = compilePath("/x/{1bad}");
    expect(p.match("/x/{1bad}")).toEqual({});
    expect(p.match("/x/anything")).toBeUndefined();
    expect(p.hostingSource).toBe("/api/v1/x/{1bad}");
  });

  describe("the ** catch-all", () => {
    const p = compilePath("/**");

    it.each(["/", "", "/api/v1", "/api/v1/", "/api/v1/nope", "/api/v1/deep/ly/nested/path", "/anything", "/a%zz"])("matches %p", (path) => {
      expect(p.match(path)).toEqual({});
    });

    it("maps to the Hosting catch-all", () => {
      expect(p.hostingSource).toBe(`${API_PREFIX}/**`);
      expect(p.openApiPath).toBe("/**");
    });

    it("only matches under its own prefix when nested", () => {
      const nested = compilePath("/files/**");
      expect(nested.match("/api/v1/files/a/b.txt")).toEqual({});
      expect(nested.match("/api/v1/other/a")).toBeUndefined();
    });
  });

  it("ignores repeated and trailing slashes in the declared path", () => {
    const p = compilePath("//health//ready/");
    expect(p.match("/api/v1/health/ready")).toEqual({});
    expect(p.hostingSource).toBe("/api/v1/health/ready");
    expect(p.openApiPath).toBe("/health/ready");
  });
});
