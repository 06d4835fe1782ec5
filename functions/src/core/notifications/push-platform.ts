// Apart from the store, so the notifications schema can name the platforms without loading the store.
export const PUSH_PLATFORMS = ["android", "ios", "web"] as const;
export type PushPlatform = (typeof PUSH_PLATFORMS)[number];
