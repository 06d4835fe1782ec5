// Seeds demo data: the catalog's tiers (reference data for reporting), a demo user and a demo admin
// in the Auth emulator with their profiles. Idempotent: running it twice changes nothing.
import { build, requireFromFunctions, PROJECT_ID, AUTH_HOST } from "./lib.mjs";

export const DEMO_USERS = [
  { email: "demo@promptforge.dev", password: "demo-password", displayName: "Demo User", roles: [] },
  { email: "admin@promptforge.dev", password: "admin-password", displayName: "Demo Admin", roles: ["admin"] },
];

export async function seed(mongoUri) {
  process.env.FIREBASE_AUTH_EMULATOR_HOST ??= AUTH_HOST;
  process.env.GCLOUD_PROJECT ??= PROJECT_ID;
  const { initializeApp, getApps } = requireFromFunctions("firebase-admin/app");
  const { getAuth } = requireFromFunctions("firebase-admin/auth");
  const { MongoClient } = requireFromFunctions("mongodb");
  const { tiers } = requireFromFunctions("./lib/core/billing/catalog.js");
  const { indexSpecs } = requireFromFunctions("./lib/platform/indexes.js");
  const { databaseName } = requireFromFunctions("./lib/platform/mongo.js");
  const { defaultPreferences } = requireFromFunctions("./lib/api/users/users.schema.js");

  const app = getApps()[0] ?? initializeApp({ projectId: PROJECT_ID });
  const auth = getAuth(app);
  const client = new MongoClient(mongoUri, { serverSelectionTimeoutMS: 5_000 });
  await client.connect();
  try {
    const db = client.db(databaseName(mongoUri, process.env.MONGODB_DB || undefined));
    for (const [name, indexes] of Object.entries(indexSpecs)) await db.collection(name).createIndexes(indexes);
    const now = new Date();
    for (const tier of tiers) {
      await db.collection("tiers").updateOne({ id: tier.id }, { $set: { ...tier, updatedAt: now } }, { upsert: true });
    }
    for (const demo of DEMO_USERS) {
      let user;
      try {
        user = await auth.getUserByEmail(demo.email);
      } catch {
        user = await auth.createUser({ email: demo.email, password: demo.password, displayName: demo.displayName, emailVerified: true });
      }
      await auth.setCustomUserClaims(user.uid, { roles: demo.roles });
      await db.collection("users").updateOne(
        { uid: user.uid },
        {
          $setOnInsert: {
            uid: user.uid,
            email: demo.email,
            displayName: demo.displayName,
            locale: "en",
            timezone: "UTC",
            preferences: defaultPreferences,
            tier: "free",
            createdAt: now,
          },
          $set: { roles: demo.roles, updatedAt: now },
        },
        { upsert: true },
      );
    }
    return DEMO_USERS;
  } finally {
    await client.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!process.env.MONGODB_URI) {
    console.error("Set MONGODB_URI (npm start seeds the embedded database itself).");
    process.exit(2);
  }
  await build();
  await seed(process.env.MONGODB_URI);
  console.log("Seeded tiers and demo users:", DEMO_USERS.map((u) => u.email).join(", "));
}
