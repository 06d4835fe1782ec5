import { ObjectId } from "mongodb";
import { Access, accessTo, type EffectiveRole, type TeamRoles } from "../../functions/src/core/access/access-policy";
import { lineDiff } from "../../functions/src/api/prompts/line-diff";
import { placeholders, render } from "../../functions/src/core/prompts/prompt-template";
import { sanitizeDescription } from "../../functions/src/core/prompts/sanitize-description";
import { HttpError } from "../../functions/src/platform/http-error";
import { overrideServicesForTests, services } from "../../functions/src/services";

describe("access policy", () => {
  const table: [EffectiveRole, Record<string, boolean>][] = [
    ["owner", { read: true, write: true, delete: true, manage: true, own: true }],
    ["admin", { read: true, write: true, delete: true, manage: true, own: false }],
    ["editor", { read: true, write: true, delete: false, manage: false, own: false }],
    ["viewer", { read: true, write: false, delete: false, manage: false, own: false }],
    ["none", { read: false, write: false, delete: false, manage: false, own: false }],
  ];
  it.each(table)("%s", (role, expected) => {
    const access = new Access(role);
    for (const [action, allowed] of Object.entries(expected))
      expect({ action, allowed: access.can(action as "read") }).toEqual({ action, allowed });
  });

  it("hides what the caller cannot read (404) and forbids what they can read but not do (403)", () => {
    expect(() => new Access("none").require("read", "Prompt")).toThrow(expect.objectContaining({ status: 404, code: "not_found" }));
    expect(() => new Access("none").require("write", "Prompt")).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => new Access("viewer").require("write", "Prompt")).toThrow(expect.objectContaining({ status: 403, code: "forbidden" }));
    expect(new Access("editor").require("write", "Prompt").role).toBe("editor");
  });

  it("gives a user's resource only to that user, and a team's to the team's roles", async () => {
    const teamId = new ObjectId();
    const roles: TeamRoles = { roleIn: async (id, uid) => (id.equals(teamId) && uid === "m" ? "editor" : "none"), teamsOf: async () => [] };
    expect((await accessTo(roles, { uid: "u" }, { kind: "user", uid: "u" })).role).toBe("owner");
    expect((await accessTo(roles, { uid: "m" }, { kind: "user", uid: "u" })).role).toBe("none");
    expect((await accessTo(roles, { uid: "m" }, { kind: "team", teamId })).role).toBe("editor");
    expect((await accessTo(roles, { uid: "x" }, { kind: "team", teamId })).role).toBe("none");
  });
});

describe("lineDiff", () => {
  it("returns only equal lines for equal texts", () => {
    expect(lineDiff("a\nb", "a\nb")).toEqual([
      { op: "=", text: "a" },
      { op: "=", text: "b" },
    ]);
  });
  it("aligns on the longest common subsequence", () => {
    expect(lineDiff("a\nb\nc\nd", "a\nc\nx\nd")).toEqual([
      { op: "=", text: "a" },
      { op: "-", text: "b" },
      { op: "=", text: "c" },
      { op: "+", text: "x" },
      { op: "=", text: "d" },
    ]);
  });
  it("rebuilds both sides from its output", () => {
    const a = Array.from({ length: 50 }, (_, i) => `l${(i * 7) % 13}`).join("\n");
    const b = Array.from({ length: 60 }, (_, i) => `l${(i * 5) % 11}`).join("\n");
    const d = lineDiff(a, b);
    expect(
      d
        .filter((l) => l.op !== "+")
        .map((l) => l.text)
        .join("\n"),
    ).toBe(a);
    expect(
      d
        .filter((l) => l.op !== "-")
        .map((l) => l.text)
        .join("\n"),
    ).toBe(b);
  });
  it("falls back to remove-then-add for huge inputs", () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join("\n");
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join("\n");
    const d = lineDiff(a, b);
    expect(d).toHaveLength(6000);
    expect(d[0].op).toBe("-");
    expect(d[5999].op).toBe("+");
  });
});

describe("templates", () => {
  it("finds placeholders in text and chat templates", () => {
    expect(placeholders("{{a}} {{ b }} {{a}} {{1x}} {x}")).toEqual(["a", "b"]);
    expect(placeholders([{ role: "user", content: "{{q}}" }])).toEqual(["q"]);
  });
  it("renders json null and leaves unknown braces untouched", () => {
    const out = render("{{v}} {{other}}", [{ name: "v", type: "json", required: true }], { v: null });
    expect(out.text).toBe("null {{other}}");
  });
  it("throws HttpErrors with details", () => {
    expect(() => render("{{n}}", [{ name: "n", type: "number", required: true }], { n: Infinity })).toThrow(HttpError);
  });
});

describe("sanitizeDescription (sanitize-html, allowlist)", () => {
  it.each([
    ["<b>bold</b> text", "<b>bold</b> text"],
    ["a<script>alert(1)</script>b", "ab"],
    ['<img src=x onerror="alert(1)">x', "x"],
    ["<!-- hidden -->shown", "shown"],
    ["1 < 2 and 3 > 2", "1 &lt; 2 and 3 &gt; 2"],
    ["<a href='javascript:x'>link</a>", '<a rel="noopener noreferrer nofollow">link</a>'],
    ['<a href="https://ok.example/x" onclick="x()">ok</a>', '<a href="https://ok.example/x" rel="noopener noreferrer nofollow">ok</a>'],
    ["<STYLE>p{}</STYLE>ok", "ok"],
    ['<p style="color:red">para</p><iframe src="https://x"></iframe>', "<p>para</p>"],
    ["ctl\u0007char", "ctlchar"],
  ])("%s → %s", (input, output) => {
    expect(sanitizeDescription(input.replace("\\u0007", "\u0007"))).toBe(output);
  });
});

describe("respondInvitation on a real MongoDB's duplicate-key race", () => {
  it("treats E11000 from the membership upsert as already a member, gives the seat back and closes the invitation", async () => {
    const { respondInvitation } = await import("../../functions/src/api/teams/respond-invitation");
    const { sha256 } = await import("../../functions/src/api/teams/team-invitations-store");
    const teamId = new ObjectId();
    const invitation = {
      _id: new ObjectId(),
      team_id: teamId,
      email: "a@example.test",
      role: "editor",
      state: "pending",
      token_hash: sha256("tok"),
    };
    const closed: unknown[] = [];
    const collections: Record<string, object> = {
      team_invitations: {
        findOne: async () => invitation,
        updateOne: async (...args: unknown[]) => (closed.push(args), { modifiedCount: 1 }),
      },
      teams: { findOne: async () => ({ _id: teamId, owner_uid: "someone-else" }) },
      team_members: {
        findOne: async () => null,
        updateOne: async () => Promise.reject(Object.assign(new Error("E11000 duplicate key"), { code: 11000 })),
      },
      users: { findOne: async () => ({ uid: "someone-else", tier: "team" }) },
      usage_counters: {
        updateOne: async (_filter: unknown, update: { $inc: { count: number } }) => (seats.push(update.$inc.count), { matchedCount: 1 }),
      },
    };
    const seats: number[] = [];
    const db = { collection: (name: string) => collections[name] };
    const restore = overrideServicesForTests({ db: async () => db as never });
    const result = await respondInvitation({
      requestId: "r",
      caller: { uid: "u1", email: "A@example.test", emailVerified: true, roles: [], authTime: 0 },
      params: {},
      query: {},
      body: { token: "tok", decision: "accept" },
      services,
      raw: { body: Buffer.alloc(0), headers: {} },
    }).finally(restore);
    expect(result).toEqual({ teamId: teamId.toHexString(), decision: "accept", role: "editor" });
    expect(closed).toHaveLength(1);
    expect(seats).toEqual([1, -1]);
  });
});
