import type { ObjectId } from "mongodb";
import type { Services } from "../../services";
import { errorFields, log } from "../../platform/logger";
import { recordEvent } from "../events/record-event";
import { fault, isInjectedCrash } from "../notifications/fan-out";
import { DISABLE_AFTER_FAILING_MS, nextDelayMs } from "./retry-schedule";
import { activeSecrets, type WebhookEndpointDoc } from "./webhook-endpoints-store";
import { webhookIdOf, type ClaimedMessage } from "./webhook-messages-store";
import type { WebhookResponse } from "./webhook-sender";
import { standardWebhookHeaders } from "./webhook-signing";

export type WebhookDispatchServices = Pick<Services, "store" | "now" | "newId" | "faults" | "webhookSender">;

export interface WebhookDispatchLimits {
  /** Attempts in flight to one endpoint at a time: a slow endpoint holds at most this many slots. */
  perEndpoint: number;
  /** Attempts in flight in all. */
  total: number;
  /** How long a claimed attempt is ours: timeout (15 s) plus ample margin; a dead dispatcher's expire. */
  leaseMs: number;
}

export const DEFAULT_WEBHOOK_LIMITS: WebhookDispatchLimits = { perEndpoint: 4, total: 32, leaseMs: 60_000 };

export interface WebhookDispatchStats {
  attempts: number;
  succeeded: number;
  failed: number;
  crashed: number;
}

/**
 * Delivers due webhook messages with bounded concurrency per endpoint: due messages are claimed only
 * for endpoints below their limit (the query skips saturated ones), so a slow or hanging endpoint
 * fills its own few slots and every other endpoint keeps being served. Each attempt is claimed with
 * a lease (the claim is the record that it started) and ended, with its log entry, by one update
 * after the request: two writes per attempt, the claim shared by the batch. A dispatcher that dies
 * mid-attempt leaves the lease to expire; the next claim tries again with the same webhook-id and
 * logs the dead attempt as interrupted.
 */
export class WebhookDispatcher {
  private readonly inflight = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  readonly stats: WebhookDispatchStats = { attempts: 0, succeeded: 0, failed: 0, crashed: 0 };

  constructor(
    private readonly services: WebhookDispatchServices,
    private readonly limits: WebhookDispatchLimits = DEFAULT_WEBHOOK_LIMITS,
  ) {}

  get busy(): number {
    return this.running.size;
  }

  /**
   * Starts every due attempt the limits allow now; how many it started. Each round reads the due
   * messages of endpoints below their limit, picks what fits each endpoint's free slots, claims them
   * in one update and reads their endpoints in one query: a handful of round trips per round,
   * whatever the number of attempts it starts.
   */
  async pump(): Promise<number> {
    const [messages, endpoints] = await Promise.all([this.services.store("webhookMessages"), this.services.store("webhookEndpoints")]);
    let started = 0;
    for (;;) {
      const free = this.limits.total - this.running.size;
      if (free <= 0) return started;
      const saturated = [...this.inflight.entries()].filter(([, n]) => n >= this.limits.perEndpoint).map(([id]) => id);
      const candidates = await messages.due(
        saturated.map((id) => this.endpointIds.get(id)!),
        free,
      );
      const picked: typeof candidates = [];
      const slots = new Map<string, number>();
      for (const candidate of candidates) {
        const key = candidate.endpoint_id.toHexString();
        const taken = (this.inflight.get(key) ?? 0) + (slots.get(key) ?? 0);
        if (taken >= this.limits.perEndpoint || picked.length >= free) continue;
        slots.set(key, (slots.get(key) ?? 0) + 1);
        picked.push(candidate);
      }
      const claimed = await messages.claimMany(picked, this.services.newId(), this.limits.leaseMs);
      if (claimed.length) {
        const ids = new Map(claimed.map((m) => [m.endpoint_id.toHexString(), m.endpoint_id]));
        const byId = new Map((await endpoints.findMany([...ids.values()])).map((e) => [e._id.toHexString(), e]));
        for (const message of claimed) this.start(message, byId.get(message.endpoint_id.toHexString()) ?? null);
      }
      started += claimed.length;
      // Nothing more to start (or only saturated endpoints' messages were due).
      if (claimed.length === 0) return started;
    }
  }

  /** Waits until one running attempt ends (or none runs). */
  async settleOne(): Promise<void> {
    if (this.running.size) await Promise.race(this.running);
  }

  async drain(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  private readonly endpointIds = new Map<string, ObjectId>();

  private start(message: ClaimedMessage, endpoint: WebhookEndpointDoc | null): void {
    const key = message.endpoint_id.toHexString();
    this.endpointIds.set(key, message.endpoint_id);
    this.inflight.set(key, (this.inflight.get(key) ?? 0) + 1);
    const run: Promise<void> = this.attempt(message, endpoint)
      .catch((err) => {
        this.stats.crashed++;
        if (!isInjectedCrash(err))
          log.error("webhook_attempt_crashed", { messageId: message._id.toHexString(), attempt: message.attempts, ...errorFields(err) });
      })
      .finally(() => {
        const n = (this.inflight.get(key) ?? 1) - 1;
        if (n > 0) this.inflight.set(key, n);
        else this.inflight.delete(key);
        this.running.delete(run);
      });
    this.running.add(run);
  }

  /**
   * One claimed attempt, start to end, to the endpoint as read when it was claimed (null: deleted).
   * A throw leaves the lease to expire (the crash path).
   */
  private async attempt(message: ClaimedMessage, endpoint: WebhookEndpointDoc | null): Promise<void> {
    const { services } = this;
    const token = message.lease_token!;
    const [messages, endpoints] = await Promise.all([services.store("webhookMessages"), services.store("webhookEndpoints")]);
    await fault(services, "webhook:claimed");
    if (!endpoint || !endpoint.enabled) {
      if (endpoint) await announceDisabled(services, endpoint);
      const error = endpoint ? "endpoint_disabled" : "endpoint_deleted";
      await messages.settle(
        message,
        token,
        { state: "failed" },
        { url: endpoint?.url ?? "", status_code: null, latency_ms: null, response_body: null, error },
      );
      return;
    }
    await fault(services, "webhook:attempt_started");
    const now = services.now();
    const keys = activeSecrets(endpoint, now).map((s) => s.key);
    const headers = await standardWebhookHeaders(keys, webhookIdOf(message._id), now, message.body);
    const response = await (await services.webhookSender()).send({ url: endpoint.url, headers, body: message.body });
    this.stats.attempts++;
    await fault(services, "webhook:sent");
    const ok = response.error === null && response.status !== null && response.status >= 200 && response.status < 300;
    const outcome = ok ? ({ state: "succeeded" } as const) : await this.afterFailure(endpoint, message, response);
    await messages.settle(message, token, outcome, {
      url: endpoint.url,
      status_code: response.status,
      latency_ms: response.latencyMs,
      response_body: response.body || null,
      error: response.error ? `${response.error}: ${response.errorMessage ?? ""}`.slice(0, 500) : null,
    });
    if (ok) {
      this.stats.succeeded++;
      // A healthy endpoint (as read at the claim) has no failing clock to stop.
      if (endpoint.failing_since !== null) await endpoints.recordSuccess(endpoint._id);
    } else this.stats.failed++;
    log.info("webhook_attempt", {
      endpointId: endpoint._id.toHexString(),
      messageId: message._id.toHexString(),
      attempt: message.attempts,
      status: response.status,
      error: response.error,
      latencyMs: response.latencyMs,
      outcome: outcome.state,
    });
    await fault(services, "webhook:settled");
  }

  /** After a failed attempt: the endpoint's health, and when (or whether) the message is tried again. */
  private async afterFailure(endpoint: WebhookEndpointDoc, message: ClaimedMessage, response: WebhookResponse) {
    const { services } = this;
    const endpoints = await services.store("webhookEndpoints");
    const now = services.now();
    // 410 Gone: the receiver says this endpoint is no more (Standard Webhooks): stop at once.
    if (response.status === 410) {
      await disableEndpoint(services, endpoint, "gone");
      return { state: "failed" } as const;
    }
    const current = await endpoints.recordFailure(endpoint._id, now);
    if (current?.failing_since && now.getTime() - current.failing_since.getTime() >= DISABLE_AFTER_FAILING_MS) {
      await disableEndpoint(services, current, "failing");
      return { state: "failed" } as const;
    }
    const retryAfter = response.status === 429 || response.status === 503 ? response.retryAfterSeconds : null;
    const delay = nextDelayMs(message.series_attempts, retryAfter);
    return delay === null ? ({ state: "failed" } as const) : ({ state: "pending", retryAt: new Date(now.getTime() + delay) } as const);
  }
}

/** Disables an endpoint, fails what waits for it, and tells its owner (once per disabling). */
async function disableEndpoint(services: WebhookDispatchServices, endpoint: WebhookEndpointDoc, reason: "gone" | "failing"): Promise<void> {
  const endpoints = await services.store("webhookEndpoints");
  if (await endpoints.disable(endpoint._id, reason)) {
    log.warn("webhook_endpoint_disabled", { endpointId: endpoint._id.toHexString(), reason, failingSince: endpoint.failing_since });
  }
  await (await services.store("webhookMessages")).failWaiting(endpoint._id, "endpoint_disabled");
  const now = await endpoints.find(endpoint._id);
  if (now) await announceDisabled(services, now);
}

/**
 * Records the `webhook.endpoint_disabled` fact for an endpoint the dispatcher disabled, keyed by when
 * it was disabled: repeated by whoever meets the disabled endpoint next, it is recorded once.
 */
async function announceDisabled(services: WebhookDispatchServices, endpoint: WebhookEndpointDoc): Promise<void> {
  if (endpoint.enabled || !endpoint.disabled_at || (endpoint.disabled_reason !== "gone" && endpoint.disabled_reason !== "failing")) return;
  const team = endpoint.team_id ? await (await services.store("teams")).find(endpoint.team_id) : null;
  const uid = endpoint.owner_uid ?? team?.owner_uid;
  if (!uid) return;
  await recordEvent(services, {
    type: "webhook.endpoint_disabled",
    dedupeKey: `webhook_endpoint:${endpoint._id.toHexString()}:disabled:${endpoint.disabled_at.getTime()}`,
    occurredAt: endpoint.disabled_at,
    subject: { uid, ...(endpoint.team_id ? { teamId: endpoint.team_id.toHexString() } : {}) },
    data: {
      endpointId: endpoint._id.toHexString(),
      url: endpoint.url,
      reason: endpoint.disabled_reason,
      failingSince: endpoint.failing_since,
    },
  });
}
