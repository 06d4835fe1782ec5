// Parameters every test starts from (tests that need others set them and restore them).
process.env.GCLOUD_PROJECT ??= "demo-promptforge";
process.env.ENVIRONMENT = "development";
process.env.LOG_LEVEL ??= "error";
process.env.CORS_ORIGINS = "";
process.env.REDIS_URL = "";
process.env.SENTRY_DSN = "";
