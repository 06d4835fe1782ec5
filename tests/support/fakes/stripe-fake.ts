import { FakeHttpServer, type FakeReply, type RecordedRequest } from "./fake-http-server";

/**
 * Stripe's API, just enough for customers, Checkout Sessions, portal sessions and subscription
 * updates. Like Stripe, a repeated Idempotency-Key returns the first answer (`Idempotent-Replayed`)
 * and creates nothing. Bodies arrive form-encoded and are recorded as nested objects.
 */
export class StripeFake extends FakeHttpServer {
  readonly customers: Record<string, any>[];
  readonly checkoutSessions: Record<string, any>[];
  readonly portalSessions: Record<string, any>[];
  readonly subscriptionUpdates: { id: string; params: Record<string, any> }[];
  /** Connect transfers created (payouts). */
  readonly transfers: Record<string, any>[];
  /** Connected accounts created (Express), by id; `updateAccount` changes what GET answers. */
  readonly accounts: Map<string, Record<string, any>>;
  /** Account links created (onboarding). */
  readonly accountLinks: Record<string, any>[];
  private readonly replies: Map<string, FakeReply & { rawBody: string; path: string }>;

  constructor() {
    const customers: Record<string, any>[] = [];
    const checkoutSessions: Record<string, any>[] = [];
    const portalSessions: Record<string, any>[] = [];
    const subscriptionUpdates: { id: string; params: Record<string, any> }[] = [];
    const replies = new Map<string, FakeReply & { rawBody: string; path: string }>();
    const transfers: Record<string, any>[] = [];
    const accounts = new Map<string, Record<string, any>>();
    const accountLinks: Record<string, any>[] = [];
    const unix = () => Math.floor(Date.now() / 1000);
    super({
      errorBody: (status, message) => ({
        error: { type: status === 429 ? "rate_limit_error" : status >= 500 ? "api_error" : "invalid_request_error", message },
      }),
      intercept: (req: RecordedRequest, route) => {
        const key = req.headers["idempotency-key"];
        if (req.method !== "POST" || typeof key !== "string") return route();
        const previous = replies.get(key);
        if (previous && (previous.path !== req.path || previous.rawBody !== req.rawBody))
          // Stripe: a key reused with other parameters is refused (StripeIdempotencyError).
          return {
            status: 400,
            body: {
              error: { type: "idempotency_error", message: `Keys for idempotent requests can only be used with the same parameters` },
            },
          };
        if (previous) {
          const { status, body, headers } = previous;
          return { status, body, headers: { ...headers, "idempotent-replayed": "true" } };
        }
        const reply = route();
        if (reply.status < 500) replies.set(key, { ...reply, rawBody: req.rawBody, path: req.path });
        return reply;
      },
      routes: [
        {
          method: "POST",
          path: "/v1/customers",
          reply: (req) => {
            const customer = {
              id: `cus_fake${customers.length + 1}`,
              object: "customer",
              email: req.body.email ?? null,
              metadata: req.body.metadata ?? {},
            };
            customers.push(customer);
            return { status: 200, body: customer };
          },
        },
        {
          method: "POST",
          path: "/v1/checkout/sessions",
          reply: (req) => {
            const id = `cs_test_fake${checkoutSessions.length + 1}`;
            const session = {
              id,
              object: "checkout.session",
              mode: req.body.mode,
              status: "open",
              customer: req.body.customer ?? null,
              client_reference_id: req.body.client_reference_id ?? null,
              metadata: req.body.metadata ?? {},
              url: `https://checkout.stripe.test/c/pay/${id}`,
            };
            checkoutSessions.push(session);
            return { status: 200, body: session };
          },
        },
        {
          method: "POST",
          path: "/v1/billing_portal/sessions",
          reply: (req) => {
            const id = `bps_fake${portalSessions.length + 1}`;
            const session = {
              id,
              object: "billing_portal.session",
              customer: req.body.customer,
              return_url: req.body.return_url,
              url: `https://billing.stripe.test/p/session/${id}`,
            };
            portalSessions.push(session);
            return { status: 200, body: session };
          },
        },
        {
          method: "POST",
          path: "/v1/transfers",
          reply: (req) => {
            const transfer = {
              id: `tr_fake${transfers.length + 1}`,
              object: "transfer",
              amount: Number(req.body.amount),
              currency: req.body.currency,
              destination: req.body.destination,
              transfer_group: req.body.transfer_group ?? null,
              metadata: req.body.metadata ?? {},
              reversed: false,
            };
            transfers.push(transfer);
            return { status: 200, body: transfer };
          },
        },
        {
          method: "GET",
          path: "/v1/transfers",
          reply: (req) => {
            const group = req.query.transfer_group;
            const data = transfers.filter((t) => !group || t.transfer_group === group);
            return { status: 200, body: { object: "list", data, has_more: false, url: "/v1/transfers" } };
          },
        },
        {
          method: "POST",
          path: "/v1/accounts",
          reply: (req) => {
            const id = `acct_fake${accounts.size + 1}`;
            const requested = req.body.capabilities?.transfers?.requested === "true";
            const account = {
              id,
              object: "account",
              type: req.body.type,
              country: req.body.country,
              email: req.body.email ?? null,
              metadata: req.body.metadata ?? {},
              created: unix(),
              charges_enabled: false,
              payouts_enabled: false,
              details_submitted: false,
              capabilities: requested ? { transfers: "inactive" } : {},
              requirements: { currently_due: ["external_account", "tos_acceptance.date"], disabled_reason: "requirements.past_due" },
            };
            accounts.set(id, account);
            return { status: 200, body: account };
          },
        },
        {
          method: "GET",
          path: "/v1/accounts/:id",
          reply: (_req, { id }) => {
            const account = accounts.get(id);
            if (!account)
              return {
                status: 404,
                body: { error: { type: "invalid_request_error", code: "resource_missing", message: `No such account: '${id}'` } },
              };
            return { status: 200, body: account };
          },
        },
        {
          method: "POST",
          path: "/v1/account_links",
          reply: (req) => {
            if (!accounts.has(req.body.account) || req.body.type !== "account_onboarding" || !req.body.return_url || !req.body.refresh_url)
              return { status: 400, body: { error: { type: "invalid_request_error", message: "invalid account link request" } } };
            const created = unix();
            const link = {
              object: "account_link",
              created,
              expires_at: created + 300,
              url: `https://connect.stripe.test/setup/e/${req.body.account}/${accountLinks.length + 1}`,
              // What the fake received (the real reply does not echo these).
              account: req.body.account,
              return_url: req.body.return_url,
              refresh_url: req.body.refresh_url,
            };
            accountLinks.push(link);
            return { status: 200, body: link };
          },
        },
        {
          method: "POST",
          path: "/v1/subscriptions/:id",
          reply: (req, { id }) => {
            subscriptionUpdates.push({ id, params: req.body });
            return {
              status: 200,
              body: { id, object: "subscription", status: "active", cancel_at_period_end: req.body.cancel_at_period_end === "true" },
            };
          },
        },
      ],
    });
    this.customers = customers;
    this.checkoutSessions = checkoutSessions;
    this.portalSessions = portalSessions;
    this.subscriptionUpdates = subscriptionUpdates;
    this.transfers = transfers;
    this.replies = replies;
    this.accounts = accounts;
    this.accountLinks = accountLinks;
  }

  /** Stripe's side of onboarding progress (what GET /v1/accounts/:id answers from now on); returns the whole account. */
  updateAccount(id: string, patch: Record<string, any>): Record<string, any> {
    const account = { ...this.accounts.get(id)!, ...patch };
    this.accounts.set(id, account);
    return account;
  }

  /** Stripe keeps idempotency keys about 24 hours: after that a repeated key creates anew. */
  forgetIdempotencyKeys(): void {
    this.replies.clear();
  }
}
