import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * One store per collection (STYLE rule 12, issue 9): a reader looking for who writes a collection finds
 * one file. Scans the source for collection names written as string literals; each module adds its
 * collections to OWNERS when it moves them behind a store.
 */
const SRC = path.resolve(__dirname, "../../functions/src");

const OWNERS: Record<string, string> = {
  prompts: "api/prompts/prompts-store.ts",
  prompt_versions: "api/prompts/prompts-store.ts",
  prompt_label_history: "api/prompts/prompts-store.ts",
  projects: "api/projects/projects-store.ts",
  teams: "core/teams/teams-store.ts",
  team_members: "core/teams/teams-store.ts",
  team_invitations: "api/teams/team-invitations-store.ts",
};

/** Modules whose handlers take everything from ctx.services (issue 9, rule 1). */
const CONVERTED_DIRS = [
  "api/prompts",
  "api/projects",
  "api/search",
  "api/teams",
  "core/access",
  "core/account",
  "core/search",
  "core/teams",
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : [],
  );
}

const files = sourceFiles(SRC).map((f) => ({ rel: path.relative(SRC, f).split(path.sep).join("/"), text: readFileSync(f, "utf8") }));

describe("one store per collection", () => {
  it.each(Object.entries(OWNERS))("only its store names %s", (collection, owner) => {
    const literal = new RegExp(`["'\`]${collection}["'\`]`);
    const naming = files
      .filter((f) => f.text.split("\n").some((line) => /collection\b/.test(line) && literal.test(line)))
      .map((f) => f.rel);
    expect(naming).toEqual([owner]);
  });

  it("finds the collections it guards (the scan would otherwise pass on anything)", () => {
    for (const [collection, owner] of Object.entries(OWNERS)) {
      expect(files.find((f) => f.rel === owner)?.text).toContain(`("${collection}")`);
    }
  });
});

describe("converted modules take time, ids and stores from ctx.services", () => {
  const inScope = files.filter((f) => CONVERTED_DIRS.some((d) => f.rel.startsWith(`${d}/`)));

  it("covers the modules", () => {
    expect(inScope.length).toBeGreaterThan(40);
  });

  it.each([
    ["the current time", /new Date\(\)|Date\.now\(\)/],
    ["a random UUID", /randomUUID\(/],
    ["a store built outside the registry", /new [A-Z]\w*(Store|Counters|Ledger)\(/],
    ["a deps factory", /deps\s*=\s*default\w*Deps/],
  ])("nothing reads %s on its own", (_what, pattern) => {
    expect(inScope.filter((f) => pattern.test(f.text)).map((f) => f.rel)).toEqual([]);
  });
});
