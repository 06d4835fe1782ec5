import { FakeHttpServer } from "./fake-http-server";

/**
 * Paddle Billing's API, just enough for transactions and subscription cancels (snake_case JSON in
 * `{ data, meta }` envelopes; the SDK needs every array field present).
 */
export class PaddleFake extends FakeHttpServer {
  readonly transactions: Record<string, any>[];
  readonly cancellations: { id: string; params: Record<string, any> }[];

  constructor() {
    const transactions: Record<string, any>[] = [];
    const cancellations: { id: string; params: Record<string, any> }[] = [];
    const meta = () => ({ request_id: `req_${Math.random().toString(36).slice(2)}` });
    super({
      errorBody: (status, detail) => ({
        error: {
          type: status >= 500 ? "api_error" : "request_error",
          code: status >= 500 ? "internal_error" : status === 429 ? "too_many_requests" : "bad_request",
          detail,
          documentation_url: "https://developer.paddle.com/errors/shared/internal_error",
        },
        meta: meta(),
      }),
      routes: [
        {
          method: "POST",
          path: "/transactions",
          reply: (req) => {
            const id = `txn_fake${transactions.length + 1}`;
            const now = new Date().toISOString();
            const transaction = {
              id,
              status: "ready",
              customer_id: req.body.customer_id ?? null,
              custom_data: req.body.custom_data ?? null,
              currency_code: "USD",
              origin: "api",
              collection_mode: "automatic",
              created_at: now,
              updated_at: now,
              items: [],
              payments: [],
              checkout: { url: `https://pay.paddle.test/checkout?_ptxn=${id}` },
            };
            transactions.push({ ...transaction, requested_items: req.body.items });
            return { status: 201, body: { data: transaction, meta: meta() } };
          },
        },
        {
          method: "POST",
          path: "/subscriptions/:id/cancel",
          reply: (req, { id }) => {
            cancellations.push({ id, params: req.body });
            const now = new Date().toISOString();
            return {
              status: 200,
              body: {
                data: {
                  id,
                  status: "active",
                  items: [],
                  billing_cycle: { interval: "month", frequency: 1 },
                  scheduled_change: { action: "cancel", effective_at: now, resume_at: null },
                  created_at: now,
                  updated_at: now,
                },
                meta: meta(),
              },
            };
          },
        },
      ],
    });
    this.transactions = transactions;
    this.cancellations = cancellations;
  }
}
