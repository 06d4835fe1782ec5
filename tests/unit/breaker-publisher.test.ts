import type { Db } from "mongodb";
import { createBreakerPublisher } from "../../functions/src/core/llm/breaker-publisher";
import { BreakerRegistry } from "../../functions/src/core/llm/circuit-breaker";
import { LlmHealthStore } from "../../functions/src/core/llm/llm-health-store";
import { createLlmRouter } from "../../functions/src/core/llm/llm-router";
import type { Completion, LlmProvider, ProviderId, StreamChunk } from "../../functions/src/core/llm/llm-types";
import { buildModelCatalog } from "../../functions/src/core/llm/model-catalog";
import { setLogLevel, setLogSink } from "../../functions/src/platform/logger";

const demo: LlmProvider = {
  id: "demo",
  async complete(): Promise<Completion> {
    return { text: "ok", usage: { inputTokens: 1, outputTokens: 1 }, finishReason: "stop" };
  },
  async *stream(): AsyncIterable<StreamChunk> {
    yield { type: "delta", text: "ok" };
    yield { type: "done", usage: { inputTokens: 1, outputTokens: 1 }, finishReason: "stop" };
  },
};

function setup(db: () => Promise<Db>, afterCall?: () => void) {
  let t = 1_700_000_000_000;
  const breakers = new BreakerRegistry(() => t);
  const publisher = createBreakerPublisher({
    breakers,
    store: async () => new LlmHealthStore(await db()),
    instanceId: "i-1",
    now: () => t,
  });
  const router = createLlmRouter({
    providers: new Map<ProviderId, LlmProvider>([["demo", demo]]),
    catalog: buildModelCatalog({ environment: "development" }),
    breakers,
    now: () => t,
    sleep: async () => undefined,
    random: () => 0,
    fallbackChains: {},
    afterCall: afterCall ?? publisher.notify,
  });
  const route = {
    modelOrPolicy: "demo:echo",
    tier: "free" as const,
    request: { messages: [{ role: "user" as const, content: "hi" }], maxOutputTokens: 10 },
  };
  const options = () => ({ signal: new AbortController().signal, deadline: t + 10_000 });
  return { router, publisher, route, options, advance: (ms: number) => void (t += ms) };
}

function fakeDb(bulkWrite: (ops: unknown[]) => Promise<unknown>): () => Promise<Db> {
  return async () => ({ collection: () => ({ bulkWrite }) }) as unknown as Db;
}

describe("breaker publisher", () => {
  const logs: { event: string; fields: unknown }[] = [];
  beforeEach(() => {
    logs.length = 0;
    setLogLevel("warn");
    setLogSink((_level, event, fields) => void logs.push({ event, fields }));
  });
  afterAll(() => {
    setLogSink(() => undefined);
    setLogLevel("error");
  });

  it("upserts one document per model for this instance, at most once per 30 s, after calls and streams", async () => {
    const writes: any[][] = [];
    const { router, publisher, route, options, advance } = setup(fakeDb(async (ops) => void writes.push(ops)));
    await router.run(route, options());
    await publisher.idle();
    await router.run(route, options());
    advance(29_000);
    await router.run(route, options());
    await publisher.idle();
    expect(writes).toHaveLength(1);
    expect(writes[0]).toEqual([
      {
        updateOne: {
          filter: { instance_id: "i-1", model: "demo:echo" },
          update: { $set: { snapshot: expect.objectContaining({ key: "demo:echo", state: "closed" }), updated_at: expect.any(Date) } },
          upsert: true,
        },
      },
    ]);
    advance(1_000);
    for await (const _ of router.stream(route, options())) void _;
    await publisher.idle();
    expect(writes).toHaveLength(2);
    expect(writes[1][0].updateOne.update.$set.snapshot.recent.calls).toBe(4);
  });

  it("a failing publication (database down, write error) never fails or slows the call; it is logged", async () => {
    let release!: () => void;
    let writing!: () => void;
    const written = new Promise<void>((resolve) => (writing = resolve));
    const { router, publisher, route, options } = setup(
      fakeDb(
        () =>
          new Promise((_, reject) => {
            release = () => reject(new Error("db down"));
            writing();
          }),
      ),
    );
    const out = await router.run(route, options());
    expect(out.text).toBe("ok");
    // The call has answered; its publication is still waiting on the database.
    await written;
    release();
    await publisher.idle();
    expect(logs.map((l) => l.event)).toContain("llm_health_publish_failed");

    const rejecting = setup(() => Promise.reject(new Error("no connection")));
    await expect(rejecting.router.run(rejecting.route, rejecting.options())).resolves.toMatchObject({ text: "ok" });
    await rejecting.publisher.idle();

    const throwing = setup(
      fakeDb(async () => undefined),
      () => {
        throw new Error("hook bug");
      },
    );
    await expect(throwing.router.run(throwing.route, throwing.options())).resolves.toMatchObject({ text: "ok" });
  });
});
