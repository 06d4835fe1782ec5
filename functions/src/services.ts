import { randomUUID } from "node:crypto";
import type { Auth } from "firebase-admin/auth";
import type { Db } from "mongodb";
import type { Caller } from "./core/auth/caller";
import type { LedgerStep } from "./core/credits/ledger";
import type { CreditLedger } from "./core/credits/ledger-types";
import type { InstanceHealth } from "./core/llm/breaker-publisher";
import type { LlmRouter } from "./core/llm/llm-router-types";
import type { ProviderName } from "./core/payments/payment-event";
import type { PaymentProvider } from "./core/payments/payment-provider";
import type { TierSyncStep } from "./core/payments/tier-sync";
import type { FaultStep } from "./core/payments/webhook-pipeline";
import type { DispatchStep } from "./core/notifications/dispatch-faults";
import type { PushSender } from "./core/notifications/push-sender";
import type { WebhookSender } from "./core/outgoing-webhooks/webhook-sender";
import type { MarketplaceStep } from "./core/marketplace/marketplace-steps";
import type { PayoutProvider } from "./core/marketplace/payout-provider";
import { getConfig } from "./platform/config";
import type { PlatformDeps } from "./platform/define-endpoint";
import { storeFactories, type StoreName, type Stores } from "./stores";

/**
 * Everything a handler, a webhook or a scheduled job uses beyond its input (STYLE rule 9): built
 * here, once per instance, each part on first use (nothing connects or loads an SDK at import).
 * Handlers receive it as `ctx.services`; tests swap parts of it with `overrideServicesForTests`.
 */
export interface Services {
  /** The clock: the only source of the current time. */
  now(): Date;
  /** A random id (UUID v4) for keys and names the server makes up. */
  newId(): string;
  db(): Promise<Db>;
  auth(): Promise<Auth>;
  /** The credit ledger over this database and clock. */
  ledger(): Promise<CreditLedger>;
  /** The LLM router over the configured vendors (rebuilt if their params change; breakers kept). */
  llm(): Promise<LlmRouter>;
  /** A payment provider's adapter (its SDK loads on first use). */
  payments(provider: ProviderName): Promise<PaymentProvider>;
  /** The store of one collection (see stores.ts), over this database and clock. */
  store<K extends StoreName>(name: K): Promise<Stores[K]>;
  /** The tier the caller's limits follow (MongoDB, read once per request). */
  tier(caller: Caller): Promise<import("./core/billing/catalog").TierId>;
  /** This instance's circuit breakers (one per model) and the id it publishes them under: the router trips them, monitoring reads them. */
  llmHealth(): Promise<InstanceHealth>;
  /** Where payees are paid out (Stripe Connect; its SDK loads on first use). */
  payouts(): Promise<PayoutProvider>;
  /** Tests only: where to make the money paths fail. Absent in production. */
  faults?: Faults;
  /** The push channel: FCM through the Admin app (core/notifications/fcm-push-sender.ts). */
  push(): Promise<PushSender>;
  /** Posts customers' webhooks: https only outside development, never to internal addresses. */
  webhookSender(): Promise<WebhookSender>;
}

/**
 * The step boundaries of the multi-write money paths: the webhook pipeline's steps, the ledger's
 * apply (`ledger:…`), tier sync (`tier:…`) and the marketplace's sagas (`mkt:…`: purchases, refunds,
 * payouts, commissions).
 */
export type FaultPoint =
  FaultStep | `ledger:${LedgerStep}` | `tier:${TierSyncStep}` | `dispatch:${DispatchStep}` | `mkt:${MarketplaceStep}`;

/**
 * Failure injection for the crash tests (tests/integration/webhooks-crash.test.ts): every
 * FaultPoint calls `at`, and a throw there fails the attempt at that point, so a test proves that
 * the provider's redelivery completes the work exactly once.
 */
export interface Faults {
  at(point: FaultPoint): void;
  /** How long a duplicate webhook delivery waits for the attempt in progress, which a crashed one never finishes. */
  inProgressWaitMs?: number;
}

function createServices(): Services {
  const stores = new WeakMap<Db, Map<StoreName, Promise<unknown>>>();
  let llm: Promise<() => Promise<LlmRouter>> | undefined;
  let llmHealth: Promise<InstanceHealth> | undefined;
  const services: Services = {
    now: () => new Date(),
    newId: () => randomUUID(),
    db: () => import("./platform/mongo").then((m) => m.getDb()),
    auth: () => import("./platform/firebase-admin").then((m) => m.getAdminAuth()),
    async ledger() {
      const [db, { MongoCreditLedger }] = await Promise.all([services.db(), import("./core/credits/ledger")]);
      const faults = services.faults;
      return new MongoCreditLedger(db, () => services.now(), faults && ((step) => faults.at(`ledger:${step}`)));
    },
    llm() {
      llm ??= Promise.all([import("./core/llm/configured-router"), services.llmHealth()])
        .then(([m, health]) => m.configuredRouter({ health, store: () => services.store("llmHealth"), now: () => services.now() }))
        .catch((err) => {
          llm = undefined;
          throw err;
        });
      return llm.then((current) => current());
    },
    payments: (provider) => import("./core/payments/payment-providers").then((m) => m.getPaymentProvider(provider)),
    payouts: () => import("./core/marketplace/providers/stripe-payouts").then((m) => new m.StripePayouts()),
    async store(name) {
      const db = await services.db();
      let cache = stores.get(db);
      if (!cache) stores.set(db, (cache = new Map()));
      let store = cache.get(name);
      if (!store) {
        store = storeFactories[name]({ db, now: () => services.now(), services });
        cache.set(name, store);
        store.catch(() => cache!.delete(name));
      }
      return store as Promise<Stores[typeof name]>;
    },
    async tier(caller) {
      const { callerTier } = await import("./core/billing/user-tier");
      return callerTier(services, caller);
    },
    async push() {
      const [{ FcmPushSender }, { getAdminApp }] = await Promise.all([
        import("./core/notifications/fcm-push-sender"),
        import("./platform/firebase-admin"),
      ]);
      return new FcmPushSender(async () => (await import("firebase-admin/messaging")).getMessaging(await getAdminApp()));
    },
    async webhookSender() {
      const { HttpWebhookSender } = await import("./core/outgoing-webhooks/webhook-sender");
      return new HttpWebhookSender({ allowHttp: getConfig().environment === "development" });
    },
    llmHealth() {
      llmHealth ??= import("./core/llm/circuit-breaker").then((m) => ({
        instanceId: services.newId(),
        breakers: new m.BreakerRegistry(() => services.now().getTime()),
      }));
      return llmHealth;
    },
  };
  return services;
}

/** This instance's services. */
export const services: Services = createServices();

/**
 * Replaces parts of the services (a clock, a router, a store...) until the returned function is
 * called. Every part reaches the others through this object, so a replaced `db` or `now` is what the
 * ledger and the stores use too.
 */
export function overrideServicesForTests(patch: Partial<Services>): () => void {
  const previous = Object.fromEntries(Object.keys(patch).map((k) => [k, services[k as keyof Services]]));
  Object.assign(services, patch);
  return () => {
    Object.assign(services, previous);
  };
}

/** What the request pipeline needs (platform/define-endpoint.ts), wired to this instance's services. */
export function platformDeps(): PlatformDeps {
  let verifier: ReturnType<PlatformDeps["verifier"]> | undefined;
  return {
    config: getConfig,
    verifier() {
      verifier ??= Promise.all([import("./core/auth/firebase-token-verifier"), import("./core/auth/api-key-verifier")]).then(
        ([id, key]) => {
          const auth = () => services.auth();
          const now = () => services.now();
          return key.idTokenOrApiKeyVerifier(
            id.firebaseTokenVerifier(auth),
            key.apiKeyVerifier(() => services.store("apiKeys"), now, key.firebaseAccountStatus(auth, now)),
          );
        },
      );
      return verifier;
    },
    rateLimiter: (store) => import("./core/rate-limit/rate-limit-stores").then((m) => m.getRateLimiter(store, getConfig)),
    async requestsPerMinute(caller) {
      const { findTier } = await import("./core/billing/catalog");
      return findTier(await services.tier(caller)).limits.requestsPerMinute;
    },
    services,
    report: (report) => import("./platform/sentry").then((m) => m.reportRequest(getConfig(), report)),
    activity: async (caller) => (await services.store("activity")).mark(caller.uid, services.now()),
  };
}
