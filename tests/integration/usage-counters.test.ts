import type { Db } from "mongodb";
import { STALE_COUNTER_MS, UsageCountersStore, type Counted } from "../../functions/src/core/limits/usage-counters-store";
import { useTestDatabase } from "../support/db";

/**
 * The counters behind every counted limit (tier limits, live API keys), on the test database: a slot
 * is one conditional `$inc` on one document, so the limit holds under any interleaving.
 */
const testDb = useTestDatabase("usage_counters");
let clock = new Date("2031-01-01T00:00:00Z");
const now = () => clock;

let n = 0;
function counted(existing: () => Promise<number> = async () => 0): Counted {
  return { scope: { kind: "user", uid: `counter-user-${n++}` }, resource: "vault_items", countExisting: existing };
}
const counterOf = async (c: Counted) =>
  (await testDb.db()).collection("usage_counters").findOne({ key: `user:${(c.scope as { uid: string }).uid}:vault_items` });

it("never hands out more slots than the limit, however many takes run at once", async () => {
  const counters = new UsageCountersStore(await testDb.db(), now);
  const c = counted();
  const taken = await Promise.all(Array.from({ length: 60 }, () => counters.take(c, 7)));
  expect(taken.filter(Boolean)).toHaveLength(7);
  expect((await counterOf(c))!.count).toBe(7);
});

it("starts from what already exists, counts without a limit, and never releases below zero", async () => {
  const counters = new UsageCountersStore(await testDb.db(), now);
  const c = counted(async () => 4);
  expect(await counters.take(c, 5)).toBe(true);
  expect(await counters.take(c, 5)).toBe(false);
  expect((await counterOf(c))!.count).toBe(5);
  expect(await counters.take(c, null)).toBe(true);
  expect((await counterOf(c))!).toMatchObject({
    count: 6,
    owner_uid: (c.scope as { uid: string }).uid,
    team_id: null,
    resource: "vault_items",
  });
  for (let i = 0; i < 8; i++) await counters.release(c);
  expect((await counterOf(c))!.count).toBe(0);
});

it("recounts a counter left too high by a crash once it has been still long enough, not before", async () => {
  const counters = new UsageCountersStore(await testDb.db(), now);
  let existing = 0;
  const c = counted(async () => existing);
  for (let i = 0; i < 3; i++) {
    expect(await counters.take(c, 5)).toBe(true);
    existing++;
  }
  // Two creates took their slot and crashed before writing their item: 5 slots, 3 items.
  expect(await counters.take(c, 5)).toBe(true);
  expect(await counters.take(c, 5)).toBe(true);
  expect(await counters.take(c, 5)).toBe(false);
  clock = new Date(clock.getTime() + STALE_COUNTER_MS - 1_000);
  expect(await counters.take(c, 5)).toBe(false);
  clock = new Date(clock.getTime() + 2_000);
  expect(await counters.take(c, 5)).toBe(true);
  existing++;
  expect((await counterOf(c))!.count).toBe(4);
  expect(await counters.take(c, 5)).toBe(true);
  existing++;
  // Really full: a still counter that matches what exists stays full.
  clock = new Date(clock.getTime() + STALE_COUNTER_MS + 1_000);
  expect(await counters.take(c, 5)).toBe(false);
  expect((await counterOf(c))!.count).toBe(5);
});

it("treats E11000 when starting a counter (a concurrent first take on a real MongoDB) as already started", async () => {
  const db = await testDb.db();
  const real = db.collection("usage_counters");
  let raced = false;
  const racing = {
    collection: () => ({
      findOne: real.findOne.bind(real),
      updateOne: async (filter: object, update: object, opts?: { upsert?: boolean }) => {
        if (opts?.upsert && !raced) {
          raced = true;
          await real.updateOne(filter, update, opts);
          throw Object.assign(new Error("E11000 duplicate key error collection: usage_counters index: key_unique"), { code: 11000 });
        }
        return real.updateOne(filter, update as never, opts);
      },
    }),
  } as unknown as Db;
  const c = counted(async () => 1);
  expect(await new UsageCountersStore(racing, now).take(c, 3)).toBe(true);
  expect(raced).toBe(true);
  expect((await counterOf(c))!.count).toBe(2);
  const failing = {
    collection: () => ({
      findOne: async () => null,
      updateOne: async (_f: object, _u: object, opts?: { upsert?: boolean }) =>
        opts?.upsert ? Promise.reject(new Error("disk full")) : { matchedCount: 0 },
    }),
  } as unknown as Db;
  await expect(new UsageCountersStore(failing, now).take(counted(), 3)).rejects.toThrow("disk full");
});
