/**
 * The step boundaries of the dispatchers, where the crash tests make them fail
 * (tests/integration/notifications-crash.test.ts): every step is followed by a state that the next
 * run completes without delivering anything twice except as a documented retry.
 */
export type DispatchStep =
  | "fanout:claimed"
  | "fanout:in_app"
  | "fanout:push"
  | "fanout:webhook"
  | "fanout:before_done"
  | "webhook:claimed"
  | "webhook:attempt_started"
  | "webhook:sent"
  | "webhook:settled"
  | "push:claimed"
  | "push:sent";
