import type { SecretParam } from "firebase-functions/params";
import { z } from "zod";
import { HttpError } from "../../platform/http-error";
import { log } from "../../platform/logger";
import { PAYMENT_API_TIMEOUT_MS } from "../../platform/params";
import type { ProviderName } from "./payment-event";

/**
 * Reading a payment provider's params and secrets at run time. Anything missing or malformed is a
 * deploy mistake: logged at error level with the param's name, answered 503 without details.
 */
export function providerUnconfigured(provider: ProviderName, missing: string): HttpError {
  log.error("payment_provider_unconfigured", { provider, missing });
  return new HttpError(503, "payment_provider_unconfigured", `Payments through ${provider} are not available right now`);
}

export function requiredSecret(provider: ProviderName, secret: SecretParam): string {
  const value = secret.value().trim();
  if (!value) throw providerUnconfigured(provider, secret.name);
  return value;
}

/** A string param, or its declared default when the runtime has no value (local runs and tests). */
export function stringParam(param: { value(): string; options: { default?: unknown } }): string {
  const value = param.value().trim();
  return value || (typeof param.options.default === "string" ? param.options.default : "");
}

const SkuMap = z.record(z.string(), z.string().min(1).max(200));

/** A JSON object param mapping our skus to the provider's price or plan ids. */
export function skuMapParam(
  provider: ProviderName,
  param: { name: string; value(): string; options: { default?: unknown } },
): Record<string, string> {
  const raw = stringParam(param) || "{}";
  try {
    return SkuMap.parse(JSON.parse(raw));
  } catch {
    throw providerUnconfigured(provider, `${param.name} (not a JSON object of sku → id)`);
  }
}

/** The provider's id for a sku, or 503: selling needs it. */
export function mappedId(provider: ProviderName, map: Record<string, string>, paramName: string, sku: string): string {
  const id = Object.hasOwn(map, sku) ? map[sku] : undefined;
  if (!id) throw providerUnconfigured(provider, `${paramName}.${sku}`);
  return id;
}

export function apiBaseUrl(param: { value(): string }): URL | undefined {
  const raw = param.value().trim();
  return raw ? new URL(raw) : undefined;
}

/** Deadline of one provider call; a run must fail well inside the function's 30 s. */
export function providerTimeoutMs(): number {
  const ms = Number(stringParam(PAYMENT_API_TIMEOUT_MS));
  return Number.isInteger(ms) && ms >= 100 && ms <= 20_000 ? ms : 10_000;
}

export const currencyUnsupported = (provider: ProviderName, sku: string, currency: string) =>
  new HttpError(400, "currency_unsupported", `${provider} sells only in ${currency}, and ${sku} has no ${currency} price`);
