import { MONGODB_URI } from "../../platform/params";
import { moduleRoutes, perMinute } from "../../platform/module-routes";
import { operation } from "../../platform/operation";
import {
  PartnerDashboard,
  PartnerParams,
  PartnerTerms,
  PartnerTermsInput,
  PartnerView,
  ReferralClick,
  ReferralClickInput,
} from "./partners.schema";

/**
 * Partnerships (docs/marketplace.md "Partnerships"): referral codes and links, visits through them,
 * the partner's dashboard and an admin's per-partner commission. Attribution itself happens at
 * sign-up, on the profile's first call (GET /users/me?referralClick=…).
 */
export const partnersRoutes = moduleRoutes(
  { tag: "partners", secrets: [MONGODB_URI] },
  {
    partnersMe: {
      path: "/partners/me",
      operations: {
        GET: operation({
          operationId: "getPartner",
          summary: "The caller's referral code, link and commission terms (404 not_a_partner until POST)",
          auth: "user",
          rateLimit: perMinute(60),
          response: PartnerView,
          errors: [404],
          handler: () => import("./partners").then((m) => m.getPartner),
        }),
        POST: operation({
          operationId: "becomePartner",
          summary: "Become a partner: a referral code and link (idempotent: 201 the first time, then 200 with the same code)",
          auth: "user",
          rateLimit: perMinute(10),
          response: PartnerView,
          status: 201,
          handler: () => import("./partners").then((m) => m.createPartner),
        }),
      },
    },
    partnersDashboard: {
      path: "/partners/me/dashboard",
      operations: {
        GET: operation({
          operationId: "getPartnerDashboard",
          summary: "Clicks, referred sign-ups, conversions, commission pending / available / in payout / paid, by month",
          auth: "user",
          rateLimit: perMinute(60),
          response: PartnerDashboard,
          errors: [404],
          handler: () => import("./partner-dashboard").then((m) => m.partnerDashboard),
        }),
      },
    },
    partnersClicks: {
      path: "/partners/clicks",
      operations: {
        POST: operation({
          operationId: "recordReferralClick",
          summary: "A visit through a referral link (public): the click id the app presents at sign-up",
          auth: "public",
          rateLimit: perMinute(30),
          body: ReferralClickInput,
          response: ReferralClick,
          status: 201,
          errors: [404],
          handler: () => import("./partners").then((m) => m.recordReferralClick),
        }),
      },
    },
    partnersTerms: {
      path: "/partners/{uid}/terms",
      operations: {
        PATCH: operation({
          operationId: "setPartnerTerms",
          summary: "An admin sets one partner's commission in basis points (0–5000; null: the default); out of bounds is refused",
          auth: "user",
          roles: ["admin"],
          rateLimit: perMinute(30),
          params: PartnerParams,
          body: PartnerTermsInput,
          response: PartnerTerms,
          errors: [404],
          handler: () => import("./partners").then((m) => m.setPartnerTerms),
        }),
      },
    },
  },
);
