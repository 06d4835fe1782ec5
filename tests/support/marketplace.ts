import { ObjectId, type Db } from "mongodb";
import { MongoCreditLedger } from "../../functions/src/core/credits/ledger";
import type { LedgerEntry } from "../../functions/src/core/credits/ledger-types";
import type { EarningLineDoc } from "../../functions/src/core/marketplace/earnings-store";
import type { ApiServer } from "./api-server";
import type { TestUser } from "./auth-emulator";
import { request } from "./http";

/** Helpers shared by the marketplace tests: a prompt, a listing approved through the real API, credits. */
export interface Market {
  api: ApiServer;
  admin: TestUser;
  db(): Promise<Db>;
  now(): Date;
}

export const call = (m: Market, method: string, path: string, who: TestUser, body?: unknown) =>
  request(m.api.baseUrl, method, path, { token: who.idToken, body });

export const TEMPLATE = "SECRET-TEMPLATE: write a {{tone}} haiku about {{topic}}";

export async function createPrompt(m: Market, seller: TestUser, template = TEMPLATE): Promise<string> {
  const res = await call(m, "POST", "/prompts", seller, {
    title: "Haiku writer",
    type: "text",
    template,
    variables: [
      { name: "tone", type: "enum", values: ["calm", "wild"] },
      { name: "topic", type: "string" },
    ],
  });
  expect(res.status).toBe(201);
  return res.json.id;
}

export const listingBody = (promptId: string, over: Record<string, unknown> = {}) => ({
  promptId,
  title: "Haiku machine",
  description: "<p>Writes <b>haiku</b> in any tone you like.</p><script>alert(1)</script>",
  category: "creative",
  tags: ["Poetry", "haiku"],
  models: ["openai/gpt-4o-mini"],
  price: 999,
  samples: [{ inputs: { tone: "calm", topic: "rain" }, output: "Soft rain on the roof" }],
  ...over,
});

/** A listing created, submitted and approved through the API: returns its id. */
export async function listedListing(m: Market, seller: TestUser, over: Record<string, unknown> = {}): Promise<string> {
  const promptId = await createPrompt(m, seller);
  const created = await call(m, "POST", "/marketplace/listings", seller, listingBody(promptId, over));
  expect(created.status).toBe(201);
  const id = created.json.id;
  expect((await call(m, "POST", `/marketplace/listings/${id}/submit`, seller)).status).toBe(200);
  const approved = await call(m, "POST", `/marketplace/moderation/${id}/versions/1`, m.admin, { decision: "approve" });
  expect(approved.json.state).toBe("listed");
  return id;
}

export async function giveCredits(m: Market, uid: string, amount: number): Promise<void> {
  const ledger = new MongoCreditLedger(await m.db(), m.now);
  await ledger.purchase({
    uid,
    amount,
    idempotencyKey: `test:${uid}:${new ObjectId().toHexString()}`,
    actor: "system",
    reason: "test pack",
    cause: { kind: "test", id: "market" },
  });
}

export async function balanceOf(m: Market, uid: string): Promise<number> {
  const account = await (await m.db()).collection("credit_accounts").findOne({ user_id: uid });
  return (account?.balance as number | undefined) ?? 0;
}

/** The earnings lines of one purchase, by payee and kind. */
export async function linesOf(m: Market, purchaseId: string) {
  return (await m.db())
    .collection<EarningLineDoc>("earnings")
    .find({ "source.type": "purchase", "source.id": purchaseId })
    .sort({ key: 1 })
    .toArray();
}

export async function debitsOf(m: Market, uid: string) {
  return (await m.db()).collection<LedgerEntry>("transactions").find({ user_id: uid, type: "transfer" }).toArray();
}
