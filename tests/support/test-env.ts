// Parameters every test starts from (tests that need others set them and restore them).
process.env.GCLOUD_PROJECT ??= "demo-promptforge";
process.env.ENVIRONMENT = "development";
process.env.LOG_LEVEL ??= "error";
process.env.CORS_ORIGINS = "";
process.env.REDIS_URL = "";
process.env.SENTRY_DSN = "";
// No local LLM server (development would default to Ollama's loopback URL); tests point it at fakes.
process.env.LOCAL_LLM_BASE_URL = "";

// Expected failures (Mongo down, Sentry tests...) log at error level; keep the output readable.
// TEST_LOGS=1 shows every log line. Tests that assert on logs install their own sink.
if (!process.env.TEST_LOGS) {
  require("../../functions/src/platform/logger").setLogSink(() => undefined);
}
