import type { App } from "firebase-admin/app";
import type { Auth } from "firebase-admin/auth";

/**
 * firebase-admin is loaded on first use (~100 ms of imports), so functions that never verify a token
 * or touch Auth never pay for it. In Cloud Functions and the emulators the default credentials and
 * project come from the environment.
 */
let appPromise: Promise<App> | undefined;

export function getAdminApp(): Promise<App> {
  appPromise ??= import("firebase-admin/app").then(({ getApps, initializeApp }) => getApps()[0] ?? initializeApp());
  return appPromise;
}

let authPromise: Promise<Auth> | undefined;

export function getAdminAuth(): Promise<Auth> {
  authPromise ??= Promise.all([getAdminApp(), import("firebase-admin/auth")]).then(([app, { getAuth }]) => getAuth(app));
  return authPromise;
}
