import type { App } from "firebase-admin/app";
import type { Auth } from "firebase-admin/auth";

/**
 * The Admin app and Auth client, initialised on first use. (firebase-functions/v2/https already
 * imports firebase-admin's app and auth modules when index.js loads, so the import costs nothing more
 * here; what we defer is initialisation.) In Cloud Functions and the emulators the default
 * credentials and project come from the environment.
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
