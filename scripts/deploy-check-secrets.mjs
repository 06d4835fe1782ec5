// `node scripts/deploy-check-secrets.mjs <project-id>`: before a deploy, checks that every secret a
// deployed function binds (read from the built functions' manifests, so it cannot drift from the code)
// exists in the project's Secret Manager with at least one enabled version, and fails naming the ones
// that do not. `firebase deploy` would otherwise stop half-way, or prompt, on the first missing one.
// Needs `gcloud` authenticated (the deploy workflow's Workload Identity Federation step does that).
import { spawnSync } from "node:child_process";
import { build, requireFromFunctions } from "./lib.mjs";

/** Every secret name bound by an exported function, sorted. */
export function boundSecrets() {
  const index = requireFromFunctions("./lib/index.js");
  const names = new Set();
  for (const fn of Object.values(index)) {
    for (const s of fn?.__endpoint?.secretEnvironmentVariables ?? []) names.add(s.key);
  }
  return [...names].sort();
}

/** The secrets (of `wanted`) that have no enabled version in `project`, per `gcloud`. */
export function missingSecrets(project, wanted, gcloud = "gcloud") {
  const missing = [];
  for (const name of wanted) {
    const res = spawnSync(
      gcloud,
      ["secrets", "versions", "list", name, "--project", project, "--filter", "state=ENABLED", "--limit", "1", "--format", "value(name)"],
      { encoding: "utf8" },
    );
    if (res.status !== 0 || res.stdout.trim() === "") missing.push(name);
  }
  return missing;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const project = process.argv[2];
  if (!project) {
    console.error("usage: node scripts/deploy-check-secrets.mjs <project-id>");
    process.exit(2);
  }
  if (!process.argv.includes("--no-build")) await build();
  const wanted = boundSecrets();
  const missing = missingSecrets(project, wanted, process.env.GCLOUD_BIN || "gcloud");
  if (missing.length > 0) {
    console.error(`Missing in Secret Manager of ${project} (no enabled version): ${missing.join(", ")}`);
    console.error(`Create each with: firebase functions:secrets:set NAME --project ${project}`);
    process.exit(1);
  }
  console.log(`All ${wanted.length} bound secrets exist in ${project}: ${wanted.join(", ")}`);
}
