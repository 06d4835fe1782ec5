#!/usr/bin/env bash
# Applies monitoring/ (log-based metrics, alert policies, dashboards) to one Google Cloud project,
# creating what is missing and updating what exists (matched by metric name / displayName), so it can
# be run after every change: `scripts/monitoring-apply.sh <project-id> [notification-channel ...]`.
# Channels are full resource names (projects/P/notificationChannels/N); see docs/operations.md.
set -euo pipefail
cd "$(dirname "$0")/.."
project="${1:?usage: scripts/monitoring-apply.sh <project-id> [notification-channel ...]}"
shift
channels=("$@")
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

for file in monitoring/metrics/*.json; do
  name="$(basename "$file" .json)"
  if gcloud logging metrics describe "$name" --project "$project" >/dev/null 2>&1; then
    gcloud logging metrics update "$name" --project "$project" --config-from-file "$file" --quiet >/dev/null
    echo "metric $name: updated"
  else
    gcloud logging metrics create "$name" --project "$project" --config-from-file "$file" --quiet >/dev/null
    echo "metric $name: created"
  fi
done

for file in monitoring/alerts/*.json; do
  display="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).displayName)' "$file")"
  # The notification channels are per project: added here, never committed.
  node -e '
    const fs = require("fs");
    const policy = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    policy.notificationChannels = process.argv.slice(3);
    fs.writeFileSync(process.argv[2], JSON.stringify(policy));
  ' "$file" "$tmp/policy.json" "${channels[@]+"${channels[@]}"}"
  existing="$(gcloud monitoring policies list --project "$project" --filter "displayName=\"$display\"" --format 'value(name)')"
  if [ -n "$existing" ]; then
    gcloud monitoring policies update "$existing" --project "$project" --policy-from-file "$tmp/policy.json" --quiet >/dev/null
    echo "alert \"$display\": updated"
  else
    gcloud monitoring policies create --project "$project" --policy-from-file "$tmp/policy.json" --quiet >/dev/null
    echo "alert \"$display\": created"
  fi
done

for file in monitoring/dashboards/*.json; do
  display="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).displayName)' "$file")"
  existing="$(gcloud monitoring dashboards list --project "$project" --filter "displayName=\"$display\"" --format 'value(name)')"
  if [ -n "$existing" ]; then
    # An update must carry the dashboard's current etag.
    etag="$(gcloud monitoring dashboards describe "$existing" --project "$project" --format 'value(etag)')"
    node -e '
      const fs = require("fs");
      const d = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
      fs.writeFileSync(process.argv[2], JSON.stringify({ ...d, etag: process.argv[3] }));
    ' "$file" "$tmp/dashboard.json" "$etag"
    gcloud monitoring dashboards update "$existing" --project "$project" --config-from-file "$tmp/dashboard.json" --quiet >/dev/null
    echo "dashboard \"$display\": updated"
  else
    gcloud monitoring dashboards create --project "$project" --config-from-file "$file" --quiet >/dev/null
    echo "dashboard \"$display\": created"
  fi
done
