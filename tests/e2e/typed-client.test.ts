import { createPromptForgeClient, PromptForgeError, type GenerateStreamEvent, type Schemas } from "../../clients/typescript/src";
import { createUser, createUserWithRoles, type TestUser } from "../support/auth-emulator";

/**
 * The typed client (clients/typescript) as the apps use it, against the API served by the emulators
 * (Hosting rewrites → Functions → Auth): Firebase ID tokens, typed bodies, the error body as an
 * exception, an idempotent paid call, and a streamed generation read as typed events.
 */
const BASE = process.env.E2E_API_BASE ?? "http://127.0.0.1:5000/api/v1";
const enabled = !!(process.env.FIREBASE_AUTH_EMULATOR_HOST && process.env.E2E_MONGODB_URI);
const messages = [{ role: "user" as const, content: "hello from the typed client" }];

(enabled ? describe : describe.skip)("the typed client through the emulators", () => {
  let user: TestUser;
  let admin: TestUser;
  const as = (who: () => TestUser) => createPromptForgeClient({ baseUrl: BASE, getIdToken: () => who().idToken });

  beforeAll(async () => {
    [user, admin] = await Promise.all([createUser("e2e-client"), createUserWithRoles(["admin"], "e2e-client-admin")]);
  }, 60_000);

  it("reads the caller's profile with their ID token, and throws the uniform error body", async () => {
    const pf = as(() => user);
    const me = await pf.unwrap(await pf.api.GET("/users/me"));
    expect(me.uid).toBe(user.uid);

    const err = await pf.unwrap(await pf.api.PATCH("/users/me", { body: { role: "admin" } as never })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PromptForgeError);
    expect(err).toMatchObject({ status: 400, code: "validation_failed", requestId: expect.any(String) });

    const anonymous = createPromptForgeClient({ baseUrl: BASE });
    await expect(anonymous.unwrap(await anonymous.api.GET("/users/me"))).rejects.toMatchObject({ status: 401, code: "unauthenticated" });
  }, 60_000);

  it("pays a generation once per Idempotency-Key, and streams one as typed events", async () => {
    const pf = as(() => user);
    const balance = async () => (await pf.unwrap(await pf.api.GET("/billing/balance"))).credits;
    // New users may start with a sign-up grant: count from what they have.
    const initial = await balance();
    const grant = as(() => admin);
    await grant.unwrap(
      await grant.api.POST("/admin/users/{uid}/credits", {
        params: { path: { uid: user.uid } },
        body: { type: "grant", amount: 500, reason: "typed client e2e" },
      }),
    );
    expect(await balance()).toBe(initial + 500);

    const body = { model: "demo:echo", messages, maxOutputTokens: 64 };
    // The generated body type requires the fields that have server defaults (stream); the JSON answer
    // shares its 200 with the event stream, hence the cast.
    const call = () =>
      pf.api.POST("/ai/generate", { body: { ...body, stream: false }, headers: { "Idempotency-Key": "e2e-client-key-0001" } });
    const first = await call();
    const again = await call();
    const generated = (await pf.unwrap(first)) as Schemas["GenerateResponse"];
    expect(((await pf.unwrap(again)) as Schemas["GenerateResponse"]).text).toBe(generated.text);
    expect(again.response.headers.get("idempotent-replayed")).toBe("true");
    const afterOne = await balance();
    expect(afterOne).toBe(initial + 500 - generated.cost.credits);

    const events: GenerateStreamEvent[] = [];
    for await (const event of pf.generateStream(body)) events.push(event);
    expect(events[0]).toMatchObject({ event: "start", data: { model: "demo:echo" } });
    expect(events.slice(1, -1).every((e) => e.event === "delta")).toBe(true);
    const done = events.at(-1)!;
    expect(done.event).toBe("done");
    if (done.event !== "done") return;
    const text = events.flatMap((e) => (e.event === "delta" ? [e.data.text] : [])).join("");
    expect(text.length).toBeGreaterThan(0);
    expect(await balance()).toBe(afterOne - done.data.cost.credits);
  }, 120_000);
});
