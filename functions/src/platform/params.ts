import { defineInt, defineSecret, defineString } from "firebase-functions/params";

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
/** Set by the deploy workflow to the commit it deploys (docs/operations.md); tags every Sentry event and trace. */
export const SENTRY_RELEASE = defineString("SENTRY_RELEASE", {
  default: "",
  description: "The release (commit) being deployed, for Sentry; empty = none",
});
export const LOG_LEVEL = defineString("LOG_LEVEL", {
  default: "",
  description: "debug | info | warn | error; empty = the environment's default",
});

export const TRUSTED_PROXIES = defineString("TRUSTED_PROXIES", {
  default: "",
  description:
    "Comma-separated CIDRs of proxies you control in front of the functions (e.g. your load balancer's address); " +
    "their X-Forwarded-For entries are skipped when finding the client address. Empty = the address that connected to Google",
});

/** Connection string of the MongoDB deployment (Atlas or self-hosted). */
export const MONGODB_URI = defineSecret("MONGODB_URI");

// Payments. Each secret is bound only to the functions that use it (a webhook gets its own
// webhook secret and nothing else). Price/plan ids map our skus to each provider's catalog objects.
export const STRIPE_SECRET_KEY = defineSecret("STRIPE_SECRET_KEY");
export const STRIPE_WEBHOOK_SECRET = defineSecret("STRIPE_WEBHOOK_SECRET");
/** The Connect webhook endpoint's signing secret (events on connected accounts: `account.updated`); tried after STRIPE_WEBHOOK_SECRET. */
export const STRIPE_CONNECT_WEBHOOK_SECRET = defineSecret("STRIPE_CONNECT_WEBHOOK_SECRET");
export const RAZORPAY_KEY_ID = defineSecret("RAZORPAY_KEY_ID");
export const RAZORPAY_KEY_SECRET = defineSecret("RAZORPAY_KEY_SECRET");
export const RAZORPAY_WEBHOOK_SECRET = defineSecret("RAZORPAY_WEBHOOK_SECRET");
export const PADDLE_API_KEY = defineSecret("PADDLE_API_KEY");
export const PADDLE_WEBHOOK_SECRET = defineSecret("PADDLE_WEBHOOK_SECRET");

export const STRIPE_PRICES = defineString("STRIPE_PRICES", {
  default: "{}",
  description: 'JSON: sku → Stripe price id, e.g. {"tier_pro_monthly":"price_123"}; credit packs without one use inline prices',
});
export const RAZORPAY_PLANS = defineString("RAZORPAY_PLANS", {
  default: "{}",
  description: "JSON: subscription sku → Razorpay plan id (credit packs are Razorpay Orders and need none)",
});
export const PADDLE_PRICES = defineString("PADDLE_PRICES", {
  default: "{}",
  description: "JSON: sku → Paddle price id (pri_…); every sku sold through Paddle needs one",
});
export const CHECKOUT_SUCCESS_URL = defineString("CHECKOUT_SUCCESS_URL", {
  default: "https://promptforge.app/billing/success",
  description: "Where hosted checkouts send the buyer after paying",
});
export const CHECKOUT_CANCEL_URL = defineString("CHECKOUT_CANCEL_URL", {
  default: "https://promptforge.app/billing/cancel",
  description: "Where hosted checkouts send the buyer who gives up",
});
/** API base URLs: empty = the vendor's; tests and local demos point them at loopback fakes. */
export const STRIPE_API_URL = defineString("STRIPE_API_URL", { default: "" });
export const RAZORPAY_API_URL = defineString("RAZORPAY_API_URL", { default: "" });
export const PADDLE_API_URL = defineString("PADDLE_API_URL", { default: "" });
export const PAYMENT_API_TIMEOUT_MS = defineString("PAYMENT_API_TIMEOUT_MS", {
  default: "10000",
  description: "Deadline of one call to a payment provider's API, in ms (no retry after a timeout)",
});

/**
 * Master key(s) of the vault: base64 of 32 bytes, or `id:base64` entries comma-separated with the
 * current one first (see core/vault/vault-keyring.ts). Bound only to the vault functions.
 */
export const VAULT_MASTER_KEY = defineSecret("VAULT_MASTER_KEY");

// LLM vendors. Keys are secrets bound only to the AI functions; a vendor without a key is absent from
// routing. Base URLs are for proxies, self-hosted OpenAI-compatible servers and tests.
export const OPENAI_API_KEY = defineSecret("OPENAI_API_KEY");
export const ANTHROPIC_API_KEY = defineSecret("ANTHROPIC_API_KEY");
export const GEMINI_API_KEY = defineSecret("GEMINI_API_KEY");
export const GROQ_API_KEY = defineSecret("GROQ_API_KEY");
/** Ollama's OpenAI-compatible endpoint on the developer's machine. */
export const OLLAMA_LOCAL_BASE_URL = "http://127.0.0.1:11434/v1";
/** Development only: no staging or production instance runs Ollama on its own loopback. */
export const LOCAL_LLM_BASE_URL = defineString("LOCAL_LLM_BASE_URL", {
  default: ENVIRONMENT.equals("development").thenElse(OLLAMA_LOCAL_BASE_URL, ""),
  description:
    "OpenAI-compatible server for the `local` provider; empty = no local provider (default: Ollama's in development, none elsewhere)",
});
export const OPENAI_BASE_URL = defineString("OPENAI_BASE_URL", { default: "" });
export const ANTHROPIC_BASE_URL = defineString("ANTHROPIC_BASE_URL", { default: "" });
export const GEMINI_BASE_URL = defineString("GEMINI_BASE_URL", { default: "" });
export const GROQ_BASE_URL = defineString("GROQ_BASE_URL", { default: "" });
/** JSON overrides of the model catalog (prices, tiers, new models) without a deploy of code. */
export const LLM_CATALOG_OVERRIDES = defineString("LLM_CATALOG_OVERRIDES", { default: "" });
/** JSON: named fallback chains, e.g. {"default":["openai:gpt-4o-mini","anthropic:claude-3-5-haiku"]}. */
export const LLM_FALLBACK_CHAINS = defineString("LLM_FALLBACK_CHAINS", { default: "" });

// Analytics (docs/analytics.md).
export const ANALYTICS_LOOKBACK_HOURS = defineInt("ANALYTICS_LOOKBACK_HOURS", {
  default: 48,
  description: "Late-event window: every analytics rollup run recomputes at least this many hours of 15-minute buckets (1-720)",
});
export const ANALYTICS_RETENTION_DAYS = defineInt("ANALYTICS_RETENTION_DAYS", {
  default: 400,
  description: "Raw usage records and events older than this are stripped to their dedupe keys (rollups are kept); 30-3650",
});
// Marketplace and partnerships (docs/marketplace.md). Read and bounds-checked at run time by
// core/marketplace/marketplace-settings.ts: a value outside its bounds is a deploy mistake (500
// config_invalid naming the param in the logs), never clamped. Admins override shares per account.
export const MARKETPLACE_SELLER_SHARE_BPS = defineString("MARKETPLACE_SELLER_SHARE_BPS", {
  default: "8000",
  description: "Sellers' share of a sale in basis points (5000–10000; 8000 = 80 %); the rest is the platform fee",
});
export const PARTNER_COMMISSION_BPS = defineString("PARTNER_COMMISSION_BPS", {
  default: "2000",
  description: "Partners' commission in basis points (0–5000): of a referred user's payments, and of the platform fee of their purchases",
});
export const MARKETPLACE_REFUND_WINDOW_DAYS = defineString("MARKETPLACE_REFUND_WINDOW_DAYS", {
  default: "7",
  description: "Days a buyer may refund a purchase (0–60); earnings and commissions are held as long",
});
export const PARTNER_ATTRIBUTION_WINDOW_DAYS = defineString("PARTNER_ATTRIBUTION_WINDOW_DAYS", {
  default: "60",
  description: "Days after a referral click within which a sign-up is attributed to the partner (1–365)",
});
export const PARTNER_COMMISSION_MONTHS = defineString("PARTNER_COMMISSION_MONTHS", {
  default: "12",
  description: "Months after attribution during which a referred user's payments earn commission (1–60)",
});
export const MARKETPLACE_PAYOUT_MIN_CENTS = defineString("MARKETPLACE_PAYOUT_MIN_CENTS", {
  default: "1000",
  description: "Smallest payout in US cents (100–1000000); smaller balances wait for the next period",
});
export const MARKETPLACE_PAYOUT_PERIOD = defineString("MARKETPLACE_PAYOUT_PERIOD", {
  default: "week",
  description: "day | week | month: each payee is paid at most once per period (UTC; weeks start on Monday)",
});
export const MARKETPLACE_NEW_SELLER_DAILY_CAP = defineString("MARKETPLACE_NEW_SELLER_DAILY_CAP", {
  default: "3",
  description: "Listings a new or flagged seller may submit for review per UTC day (1–100)",
});
export const MARKETPLACE_SUBMIT_COOLDOWN_MINUTES = defineString("MARKETPLACE_SUBMIT_COOLDOWN_MINUTES", {
  default: "10",
  description: "Minutes a new or flagged seller waits between two submissions (0–1440)",
});
export const STRIPE_CONNECT_RETURN_URL = defineString("STRIPE_CONNECT_RETURN_URL", {
  default: "https://promptforge.app/payouts/connect/return",
  description: "Where Stripe sends a payee after the Connect onboarding form",
});
export const STRIPE_CONNECT_REFRESH_URL = defineString("STRIPE_CONNECT_REFRESH_URL", {
  default: "https://promptforge.app/payouts/connect/refresh",
  description: "Where Stripe sends a payee whose onboarding link expired (the app asks for a new one)",
});
export const PARTNER_LINK_BASE_URL = defineString("PARTNER_LINK_BASE_URL", {
  default: "https://promptforge.app/r/",
  description: "Referral links are this URL followed by the partner's code",
});
