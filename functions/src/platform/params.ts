import { defineSecret, defineString } from "firebase-functions/params";

/**
 * Every deploy-time parameter and secret, declared once. Values are read only at run time, through
 * `config.ts` (validated) or the module that owns the secret; functions bind only the secrets they use.
 */
export const ENVIRONMENT = defineString("ENVIRONMENT", {
  default: "development",
  description: "development | staging | production: CORS origins, log level, Sentry sampling",
});
export const CORS_ORIGINS = defineString("CORS_ORIGINS", {
  default: "",
  description: "Comma-separated browser origins allowed to call the API; empty = the environment's defaults",
});
export const MONGODB_DB = defineString("MONGODB_DB", {
  default: "",
  description: "Database name; empty = the one in MONGODB_URI's path, else 'promptforge'",
});
export const REDIS_URL = defineString("REDIS_URL", {
  default: "",
  description: "redis:// or rediss:// URL of a shared rate-limit store (e.g. Memorystore); empty = MongoDB store",
});
export const SENTRY_DSN = defineString("SENTRY_DSN", {
  default: "",
  description: "Sentry DSN; empty disables error reporting",
});
export const LOG_LEVEL = defineString("LOG_LEVEL", {
  default: "",
  description: "debug | info | warn | error; empty = the environment's default",
});

export const TRUSTED_PROXY_HOPS = defineString("TRUSTED_PROXY_HOPS", {
  default: "2",
  description: "Proxies in front of the functions that append to X-Forwarded-For (2 = Firebase Hosting's CDN + Google's front end)",
});

/** Connection string of the MongoDB deployment (Atlas or self-hosted). */
export const MONGODB_URI = defineSecret("MONGODB_URI");
