// The package ships types for its index only; its per-store files export the same classes.
declare module "rate-limiter-flexible/lib/RateLimiterMemory" {
  const RateLimiterMemory: typeof import("rate-limiter-flexible").RateLimiterMemory;
  export default RateLimiterMemory;
}
declare module "rate-limiter-flexible/lib/RateLimiterRedis" {
  const RateLimiterRedis: typeof import("rate-limiter-flexible").RateLimiterRedis;
  export default RateLimiterRedis;
}
declare module "rate-limiter-flexible/lib/RateLimiterMongo" {
  const RateLimiterMongo: typeof import("rate-limiter-flexible").RateLimiterMongo;
  export default RateLimiterMongo;
}
