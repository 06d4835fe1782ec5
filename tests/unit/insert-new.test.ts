import type { Collection, Document } from "mongodb";
import { insertManyNew } from "../../functions/src/platform/insert-new";

/**
 * How an unordered bulk insert's failure is read: duplicates of derived `_id`s are "already there"
 * (the count is what this call inserted); anything else is a failure. The driver's error is injected
 * in the shape MongoBulkWriteError has (on CongoDB a repeated fan-out gives the duplicate case for real:
 * tests/integration/outgoing-webhooks.test.ts).
 */
const failingWith = (err: unknown) => ({ insertMany: async () => Promise.reject(err) }) as unknown as Collection<Document>;
const bulkError = (codes: number[], insertedCount: number, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error("bulk write failed"), {
    name: "MongoBulkWriteError",
    insertedCount,
    writeErrors: codes.map((code, index) => ({ code, index })),
    ...extra,
  });

it("counts what was inserted when every failure is a duplicate key", async () => {
  await expect(insertManyNew(failingWith(bulkError([11000, 11000], 3)), [{}, {}, {}, {}, {}])).resolves.toBe(3);
});

it("throws when any failure is not a duplicate key, or the write concern failed", async () => {
  await expect(insertManyNew(failingWith(bulkError([11000, 121], 1)), [{}, {}, {}])).rejects.toThrow("bulk write failed");
  await expect(insertManyNew(failingWith(bulkError([11000], 1, { writeConcernError: { code: 64 } })), [{}, {}])).rejects.toThrow();
  await expect(
    insertManyNew(failingWith(Object.assign(new Error("connection reset"), { name: "MongoNetworkError" })), [{}]),
  ).rejects.toThrow("connection reset");
});

it("sends nothing for nothing", async () => {
  await expect(insertManyNew(failingWith(new Error("must not be called")), [])).resolves.toBe(0);
});
