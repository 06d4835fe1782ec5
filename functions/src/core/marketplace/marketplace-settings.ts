import { HttpError } from "../../platform/http-error";
import { log } from "../../platform/logger";
import {
  MARKETPLACE_NEW_SELLER_DAILY_CAP,
  MARKETPLACE_PAYOUT_MIN_CENTS,
  MARKETPLACE_PAYOUT_PERIOD,
  MARKETPLACE_REFUND_WINDOW_DAYS,
  MARKETPLACE_SELLER_SHARE_BPS,
  MARKETPLACE_SUBMIT_COOLDOWN_MINUTES,
  PARTNER_ATTRIBUTION_WINDOW_DAYS,
  PARTNER_COMMISSION_BPS,
  PARTNER_COMMISSION_MONTHS,
  PARTNER_LINK_BASE_URL,
  STRIPE_CONNECT_REFRESH_URL,
  STRIPE_CONNECT_RETURN_URL,
} from "../../platform/params";
import { BOUNDS } from "./money";

export type PayoutPeriod = "day" | "week" | "month";

/** The deployment's marketplace defaults (platform/params.ts), bounds-checked. */
export interface MarketplaceSettings {
  sellerShareBps: number;
  commissionBps: number;
  refundWindowDays: number;
  attributionWindowDays: number;
  commissionMonths: number;
  payoutMinCents: number;
  payoutPeriod: PayoutPeriod;
  newSellerDailyCap: number;
  submitCooldownMinutes: number;
  connectReturnUrl: string;
  connectRefreshUrl: string;
  partnerLinkBase: string;
}

type Param = { name: string; value(): string; options: { default?: unknown } };

const raw = (p: Param): string => p.value().trim() || String(p.options.default ?? "");

/** A param outside its bounds is a deploy mistake: refused (500 config_invalid, the name in the logs), never clamped. */
function misconfigured(param: Param, why: string): HttpError {
  log.error("marketplace_config_invalid", { param: param.name, value: raw(param), why });
  return new HttpError(500, "config_invalid", "The service is misconfigured");
}

function int(param: Param, min: number, max: number): number {
  const text = raw(param);
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max)
    throw misconfigured(param, `not a whole number in ${min}–${max}`);
  return n;
}

function url(param: Param): string {
  const text = raw(param);
  if (!/^https?:\/\/\S+$/.test(text)) throw misconfigured(param, "not an http(s) URL");
  return text;
}

/** Read on every use (params are cheap to read, and tests change them between cases). */
export function marketplaceSettings(): MarketplaceSettings {
  const period = raw(MARKETPLACE_PAYOUT_PERIOD);
  if (period !== "day" && period !== "week" && period !== "month") throw misconfigured(MARKETPLACE_PAYOUT_PERIOD, "not day, week or month");
  return {
    sellerShareBps: int(MARKETPLACE_SELLER_SHARE_BPS, BOUNDS.sellerShareBps.min, BOUNDS.sellerShareBps.max),
    commissionBps: int(PARTNER_COMMISSION_BPS, BOUNDS.commissionBps.min, BOUNDS.commissionBps.max),
    refundWindowDays: int(MARKETPLACE_REFUND_WINDOW_DAYS, 0, 60),
    attributionWindowDays: int(PARTNER_ATTRIBUTION_WINDOW_DAYS, 1, 365),
    commissionMonths: int(PARTNER_COMMISSION_MONTHS, 1, 60),
    payoutMinCents: int(MARKETPLACE_PAYOUT_MIN_CENTS, 100, 1_000_000),
    payoutPeriod: period,
    newSellerDailyCap: int(MARKETPLACE_NEW_SELLER_DAILY_CAP, 1, 100),
    submitCooldownMinutes: int(MARKETPLACE_SUBMIT_COOLDOWN_MINUTES, 0, 1_440),
    connectReturnUrl: url(STRIPE_CONNECT_RETURN_URL),
    connectRefreshUrl: url(STRIPE_CONNECT_REFRESH_URL),
    partnerLinkBase: url(PARTNER_LINK_BASE_URL),
  };
}

export const DAY_MS = 86_400_000;

/** When money earned at `at` stops being held (the refund window). */
export const holdUntil = (at: Date, s: Pick<MarketplaceSettings, "refundWindowDays">): Date =>
  new Date(at.getTime() + s.refundWindowDays * DAY_MS);

/** The payout period a moment falls in, as a stable key (UTC): 2026-11-27, 2026-W48, 2026-11. */
export function periodKey(at: Date, period: PayoutPeriod): string {
  const iso = at.toISOString();
  if (period === "day") return iso.slice(0, 10);
  if (period === "month") return iso.slice(0, 7);
  // ISO week: the week with the year's first Thursday is week 1.
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / DAY_MS + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}
