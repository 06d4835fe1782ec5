import { FakeHttpServer } from "./fake-http-server";

/**
 * Razorpay's API, just enough for Orders and Subscriptions (JSON, Basic auth key_id:key_secret).
 * Razorpay has no idempotency keys: every create makes a new object.
 */
export class RazorpayFake extends FakeHttpServer {
  readonly orders: Record<string, any>[];
  readonly subscriptions: Record<string, any>[];
  readonly cancellations: { id: string; params: Record<string, any> }[];

  constructor() {
    const orders: Record<string, any>[] = [];
    const subscriptions: Record<string, any>[] = [];
    const cancellations: { id: string; params: Record<string, any> }[] = [];
    super({
      errorBody: (status, description) => ({
        error: {
          code: status >= 500 ? "SERVER_ERROR" : "BAD_REQUEST_ERROR",
          description,
          source: "NA",
          step: "NA",
          reason: "NA",
          metadata: {},
        },
      }),
      routes: [
        {
          method: "POST",
          path: "/v1/orders",
          reply: (req) => {
            const order = {
              id: `order_Fake${orders.length + 1}`,
              entity: "order",
              amount: req.body.amount,
              amount_paid: 0,
              amount_due: req.body.amount,
              currency: req.body.currency,
              receipt: req.body.receipt ?? null,
              notes: req.body.notes ?? [],
              status: "created",
              attempts: 0,
              created_at: Math.floor(Date.now() / 1000),
            };
            orders.push(order);
            return { status: 200, body: order };
          },
        },
        {
          method: "POST",
          path: "/v1/subscriptions",
          reply: (req) => {
            const n = subscriptions.length + 1;
            const subscription = {
              id: `sub_Fake${n}`,
              entity: "subscription",
              plan_id: req.body.plan_id,
              total_count: req.body.total_count,
              quantity: req.body.quantity ?? 1,
              customer_notify: req.body.customer_notify ?? 1,
              notes: req.body.notes ?? [],
              status: "created",
              short_url: `https://rzp.test/i/fake${n}`,
              created_at: Math.floor(Date.now() / 1000),
            };
            subscriptions.push(subscription);
            return { status: 200, body: subscription };
          },
        },
        {
          method: "POST",
          path: "/v1/subscriptions/:id/cancel",
          reply: (req, { id }) => {
            cancellations.push({ id, params: req.body });
            return { status: 200, body: { id, entity: "subscription", status: req.body.cancel_at_cycle_end ? "active" : "cancelled" } };
          },
        },
      ],
    });
    this.orders = orders;
    this.subscriptions = subscriptions;
    this.cancellations = cancellations;
  }
}
