// Master key rotation for the vault, step 2 of 3: re-wraps every user's data key under the current
// (first) key of VAULT_MASTER_KEY. Steps: 1. deploy with `new:<b64>,old:<b64>`; 2. run this with
// the same value until it reports no failures; 3. deploy with `new:<b64>` only.
//   MONGODB_URI=… VAULT_MASTER_KEY='new:…,old:…' node scripts/rewrap-vault-keys.mjs [--no-build]
// Idempotent: every step is a conditional single-document update, safe to re-run alongside traffic.
import { build, requireFromFunctions } from "./lib.mjs";

const uri = process.env.MONGODB_URI;
const rawKeys = process.env.VAULT_MASTER_KEY;
if (!uri || !rawKeys) {
  console.error("Set MONGODB_URI and VAULT_MASTER_KEY (current key first).");
  process.exit(2);
}
if (!process.argv.includes("--no-build")) await build();
const { MongoClient } = requireFromFunctions("mongodb");
const { databaseName } = requireFromFunctions("./lib/platform/mongo.js");
const { parseKeyring } = requireFromFunctions("./lib/core/vault/vault-keyring.js");
const { rewrapVaultKeys } = requireFromFunctions("./lib/core/vault/data-keys.js");
const { VaultKeysStore } = requireFromFunctions("./lib/core/vault/vault-keys-store.js");

const keyring = parseKeyring(rawKeys);
const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
await client.connect();
try {
  const keys = new VaultKeysStore(client.db(databaseName(uri, process.env.MONGODB_DB || undefined)));
  const result = await rewrapVaultKeys(keys, keyring, new Date());
  console.log(JSON.stringify({ currentKeyId: keyring.current.id, ...result }));
  if (result.failed.length) process.exitCode = 1;
} finally {
  await client.close();
}
