import { ObjectId } from "mongodb";
import { overrideServicesForTests } from "../../functions/src/services";
import { startApi, type ApiServer } from "../support/api-server";
import { createUser, createUserWithRoles, type TestUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";
import { call, createPrompt, giveCredits, listingBody, TEMPLATE, type Market } from "../support/marketplace";

const testDb = useTestDatabase("mkt_listings");
const MIN = 60_000;
let offset = 0;
const clock = () => new Date(Date.now() + offset);
let m: Market;
let api: ApiServer;
let restore: () => void;

beforeAll(async () => {
  restore = overrideServicesForTests({ now: clock });
  api = await startApi();
  const admin = await createUserWithRoles(["admin"], "mkt-mod");
  m = { api, admin, db: () => testDb.db(), now: clock };
});
afterAll(async () => {
  await api.close();
  restore();
});

const pub = (path: string) => request(api.baseUrl, "GET", path);
/** Each test's seller starts a fresh pacing window (new sellers wait 10 minutes between submissions). */
const later = () => (offset += 11 * MIN);

describe("listing lifecycle: draft → pending → rejected / approved, revisions, delist, takedown", () => {
  let seller: TestUser;
  let listing: string;
  beforeAll(async () => {
    seller = await createUser("lifecycle");
  });

  it("creates a draft from the seller's own prompt: sanitized description, no public page, no template in the preview", async () => {
    const promptId = await createPrompt(m, seller);
    const res = await call(m, "POST", "/marketplace/listings", seller, listingBody(promptId));
    expect(res.status).toBe(201);
    listing = res.json.id;
    expect(res.json).toMatchObject({
      state: "draft",
      draftVersion: 1,
      liveVersion: null,
      price: 999,
      tags: ["poetry", "haiku"],
      variables: [expect.objectContaining({ name: "tone" }), expect.objectContaining({ name: "topic" })],
    });
    expect(res.json.description).toBe("<p>Writes <b>haiku</b> in any tone you like.</p>");
    expect(res.text).not.toContain("SECRET-TEMPLATE");
    expectErrorBody(await pub(`/marketplace/listings/${listing}`), 404);
    expect((await pub("/marketplace/listings")).json.listings.map((l: { id: string }) => l.id)).not.toContain(listing);
  });

  it("goes to the moderation queue on submit; only admins see the queue and decide", async () => {
    const sub = await call(m, "POST", `/marketplace/listings/${listing}/submit`, seller);
    expect(sub.json).toMatchObject({ state: "pending", pendingVersion: 1, draftVersion: null });
    expectErrorBody(await call(m, "POST", `/marketplace/listings/${listing}/submit`, seller), 409, "not_a_draft");
    expectErrorBody(await call(m, "GET", "/marketplace/moderation", seller), 403);
    expectErrorBody(await call(m, "POST", `/marketplace/moderation/${listing}/versions/1`, seller, { decision: "approve" }), 403);
    const queue = await call(m, "GET", "/marketplace/moderation", m.admin);
    expect(queue.json.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ listingId: listing, version: 1, revision: false })]),
    );
  });

  it("is rejected with a reason code the seller sees; a rejection needs one", async () => {
    expectErrorBody(await call(m, "POST", `/marketplace/moderation/${listing}/versions/1`, m.admin, { decision: "reject" }), 400);
    const rej = await call(m, "POST", `/marketplace/moderation/${listing}/versions/1`, m.admin, {
      decision: "reject",
      reasonCode: "too_short",
      note: "Add more detail",
    });
    expect(rej.json).toMatchObject({
      state: "rejected",
      lastReview: { version: 1, decision: "rejected", reasonCode: "too_short", note: "Add more detail" },
    });
    expectErrorBody(
      await call(m, "POST", `/marketplace/moderation/${listing}/versions/1`, m.admin, { decision: "approve" }),
      409,
      "not_pending",
    );
  });

  it("an edit after a rejection is a new draft; new sellers wait between submissions", async () => {
    const edit = await call(m, "PATCH", `/marketplace/listings/${listing}`, seller, { title: "Haiku machine deluxe" });
    expect(edit.json).toMatchObject({ state: "draft", draftVersion: 2, title: "Haiku machine deluxe" });
    const early = await call(m, "POST", `/marketplace/listings/${listing}/submit`, seller);
    expectErrorBody(early, 429, "submission_cooldown");
    expect(Number(early.headers.get("retry-after"))).toBeGreaterThan(0);
    later();
    expect((await call(m, "POST", `/marketplace/listings/${listing}/submit`, seller)).json.state).toBe("pending");
    const ok = await call(m, "POST", `/marketplace/moderation/${listing}/versions/2`, m.admin, { decision: "approve" });
    expect(ok.json).toMatchObject({ state: "listed", liveVersion: 2 });
    const page = await pub(`/marketplace/listings/${listing}`);
    expect(page.status).toBe(200);
    expect(page.json).toMatchObject({ id: listing, title: "Haiku machine deluxe", version: 2, sellerUid: seller.uid });
    expect(page.text).not.toContain("SECRET-TEMPLATE");
  });

  it("an edit of a listed item is a pending revision; the approved version stays on sale until the revision is approved", async () => {
    later();
    const rev = await call(m, "PATCH", `/marketplace/listings/${listing}`, seller, { price: 1_500, title: "Haiku machine 2" });
    expect(rev.json).toMatchObject({ state: "listed", liveVersion: 2, pendingVersion: 3 });
    expect((await pub(`/marketplace/listings/${listing}`)).json).toMatchObject({ price: 999, title: "Haiku machine deluxe", version: 2 });
    const buyer = await createUser("rev-buyer");
    await giveCredits(m, buyer.uid, 999);
    expect((await call(m, "POST", `/marketplace/listings/${listing}/purchase`, buyer)).status).toBe(201);
    const queue = await call(m, "GET", "/marketplace/moderation", m.admin);
    expect(queue.json.items).toEqual(expect.arrayContaining([expect.objectContaining({ listingId: listing, version: 3, revision: true })]));
    await call(m, "POST", `/marketplace/moderation/${listing}/versions/3`, m.admin, { decision: "approve" });
    expect((await pub(`/marketplace/listings/${listing}`)).json).toMatchObject({ price: 1_500, title: "Haiku machine 2", version: 3 });
    // The licence covers later approved revisions; the buyer may pin the version bought.
    const content = await call(m, "GET", `/marketplace/licences/${listing}`, buyer);
    expect(content.json).toMatchObject({ version: 3, availableVersions: [2, 3], template: TEMPLATE });
    expect((await call(m, "POST", `/marketplace/licences/${listing}/pin`, buyer, { version: 2 })).json).toMatchObject({
      version: 2,
      pinnedVersion: 2,
    });
    expectErrorBody(await call(m, "POST", `/marketplace/licences/${listing}/pin`, buyer, { version: 1 }), 400, "version_not_licensed");
    expect((await call(m, "GET", `/marketplace/licences/${listing}`, buyer)).json.version).toBe(2);

    // Delisting: off the public pages, the buyer keeps the licence; relisting puts it back.
    expect((await call(m, "POST", `/marketplace/listings/${listing}/availability`, seller, { listed: false })).json.state).toBe("delisted");
    expectErrorBody(await pub(`/marketplace/listings/${listing}`), 404);
    expect((await call(m, "GET", `/marketplace/licences/${listing}`, buyer)).status).toBe(200);
    expect((await call(m, "POST", `/marketplace/listings/${listing}/availability`, seller, { listed: true })).json.state).toBe("listed");
    expect((await pub(`/marketplace/listings/${listing}`)).status).toBe(200);
  });

  it("an admin takedown is final, audited, and paces the seller again", async () => {
    const other = await createUser("not-admin");
    expectErrorBody(
      await call(m, "POST", `/marketplace/listings/${listing}/takedown`, other, { reasonCode: "infringing", note: "x" }),
      403,
    );
    const down = await call(m, "POST", `/marketplace/listings/${listing}/takedown`, m.admin, {
      reasonCode: "infringing",
      note: "DMCA notice 42",
    });
    expect(down.json).toMatchObject({ state: "taken_down", takedown: { reasonCode: "infringing", note: "DMCA notice 42" } });
    expectErrorBody(await pub(`/marketplace/listings/${listing}`), 404);
    expectErrorBody(
      await call(m, "POST", `/marketplace/listings/${listing}/availability`, seller, { listed: true }),
      409,
      "invalid_listing_state",
    );
    expectErrorBody(await call(m, "PATCH", `/marketplace/listings/${listing}`, seller, { price: 10 }), 409, "listing_taken_down");
    const audit = await (await m.db()).collection("audit_log").findOne({ action: "marketplace.takedown", target_uid: seller.uid });
    expect(audit).toMatchObject({ actor_uid: m.admin.uid, reason: "infringing" });
    const account = await (await m.db()).collection("marketplace_accounts").findOne({ uid: seller.uid });
    expect(account?.flagged).toBe(true);
  });
});

describe("who may list what, and bad input", () => {
  it("refuses bad fields with 400 and writes nothing", async () => {
    const seller = await createUser("bad-input");
    const promptId = await createPrompt(m, seller);
    const before = await testDb.snapshot();
    const bad: [Record<string, unknown>, string][] = [
      [{ price: 5 }, "price"],
      [{ price: 1_000_001 }, "price"],
      [{ price: 10.5 }, "price"],
      [{ price: -10 }, "price"],
      [{ category: "weapons" }, "category"],
      [{ title: "ab" }, "title"],
      [{ description: "short" }, "description"],
      [{ samples: [{ inputs: { nope: "x" }, output: "y" }] }, "samples"],
      [{ extra: true }, "extra"],
    ];
    for (const [over] of bad) {
      expectErrorBody(await call(m, "POST", "/marketplace/listings", seller, listingBody(promptId, over)), 400);
    }
    // A description that is long only because of markup it loses when sanitized.
    expectErrorBody(
      await call(
        m,
        "POST",
        "/marketplace/listings",
        seller,
        listingBody(promptId, { description: "<script>alert('a long enough script')</script>" }),
      ),
      400,
    );
    expect(await testDb.snapshot()).toEqual(before);
  });

  it("lists only prompts the caller owns, and never bought content", async () => {
    const owner = await createUser("owner");
    const thief = await createUser("thief");
    const promptId = await createPrompt(m, owner);
    expectErrorBody(await call(m, "POST", "/marketplace/listings", thief, listingBody(promptId)), 404);
    expectErrorBody(await call(m, "POST", "/marketplace/listings", thief, listingBody(new ObjectId().toHexString())), 404);
    // Bought, forked into the buyer's prompts: marked licensed, refused for sale.
    const db = await m.db();
    const prompts = db.collection("prompts");
    await prompts.updateOne(
      { _id: new ObjectId(promptId) },
      { $set: { licensed_from: { listingId: new ObjectId(), licenceId: new ObjectId() } } },
    );
    expectErrorBody(await call(m, "POST", "/marketplace/listings", owner, listingBody(promptId)), 403, "licensed_content");
  });

  it("edits and submissions of someone else's listing are 404", async () => {
    const seller = await createUser("mine");
    const other = await createUser("yours");
    const promptId = await createPrompt(m, seller);
    const id = (await call(m, "POST", "/marketplace/listings", seller, listingBody(promptId))).json.id;
    expectErrorBody(await call(m, "PATCH", `/marketplace/listings/${id}`, other, { price: 10 }), 404);
    expectErrorBody(await call(m, "POST", `/marketplace/listings/${id}/submit`, other), 404);
    expectErrorBody(await call(m, "POST", `/marketplace/listings/${id}/availability`, other, { listed: false }), 404);
    expectErrorBody(await call(m, "PATCH", `/marketplace/listings/${id}`, seller, {}), 400);
    const mine = await call(m, "GET", "/marketplace/me/listings", seller);
    expect(mine.json.listings.map((l: { id: string }) => l.id)).toEqual([id]);
    expect((await call(m, "GET", "/marketplace/me/listings", other)).json.listings).toEqual([]);
  });
});

describe("public browse", () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    // Listed directly through the API, one seller per listing (no pacing between them).
    const specs = [
      { key: "a", price: 10, category: "coding", tags: ["sql"] },
      { key: "b", price: 500, category: "coding", tags: ["python"] },
      { key: "c", price: 0, category: "writing", tags: ["email"] },
      { key: "d", price: 2_000, category: "coding", tags: ["sql"] },
      { key: "e", price: 500, category: "marketing", tags: ["ads"] },
    ];
    for (const s of specs) {
      const seller = await createUser(`browse-${s.key}`);
      const promptId = await createPrompt(m, seller);
      const res = await call(
        m,
        "POST",
        "/marketplace/listings",
        seller,
        listingBody(promptId, { ...s, key: undefined, title: `Browse item k${s.key}${s.key}` }),
      );
      ids[s.key] = res.json.id;
      await call(m, "POST", `/marketplace/listings/${res.json.id}/submit`, seller);
      await call(m, "POST", `/marketplace/moderation/${res.json.id}/versions/1`, m.admin, { decision: "approve" });
    }
  });

  const idsOf = (res: { json: { listings: { id: string }[] } }) => res.json.listings.map((l) => l.id);
  const mine = (list: string[]) => list.filter((id) => Object.values(ids).includes(id));

  it("filters by category, tag, price range and words", async () => {
    expect(mine(idsOf(await pub("/marketplace/listings?category=coding&sort=price_asc")))).toEqual([ids.a, ids.b, ids.d]);
    expect(mine(idsOf(await pub("/marketplace/listings?tag=sql&sort=price_asc")))).toEqual([ids.a, ids.d]);
    // Equal prices are ordered by id (created first, first).
    expect(mine(idsOf(await pub("/marketplace/listings?minPrice=100&maxPrice=600&sort=price_asc")))).toEqual([ids.b, ids.e]);
    expect(mine(idsOf(await pub("/marketplace/listings?q=browse%20kcc")))).toEqual([ids.c]);
  });

  it("pages with a cursor: every item exactly once, in order", async () => {
    const seen: string[] = [];
    const prices: number[] = [];
    let cursor: string | null = null;
    do {
      const res: Awaited<ReturnType<typeof pub>> = await pub(
        `/marketplace/listings?sort=price_desc&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(res.status).toBe(200);
      seen.push(...idsOf(res));
      prices.push(...res.json.listings.map((l: { price: number }) => l.price));
      cursor = res.json.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(mine(seen).sort()).toEqual(Object.values(ids).sort());
    expect([...prices].sort((x, y) => y - x)).toEqual(prices);
  });

  it("refuses bad queries and foreign cursors with 400", async () => {
    expectErrorBody(await pub("/marketplace/listings?minPrice=600&maxPrice=100"), 400);
    expectErrorBody(await pub("/marketplace/listings?sort=cheapest"), 400);
    expectErrorBody(await pub("/marketplace/listings?limit=1000"), 400);
    expectErrorBody(await pub("/marketplace/listings?cursor=not-a-cursor"), 400, "invalid_cursor");
    const first = await pub("/marketplace/listings?sort=newest&limit=1");
    expectErrorBody(await pub(`/marketplace/listings?sort=price_asc&cursor=${first.json.nextCursor}`), 400, "invalid_cursor");
  });
});
