// Prints a fresh ID token from the Auth emulator for a demo user (default: demo@; --admin: admin@),
// so you can call the API at once:  curl -H "Authorization: Bearer $(npm run -s token)" .../users/me
import { AUTH_HOST } from "./lib.mjs";
import { DEMO_USERS } from "./seed.mjs";

const demo = DEMO_USERS[process.argv.includes("--admin") ? 1 : 0];
const host = process.env.FIREBASE_AUTH_EMULATOR_HOST || AUTH_HOST;
try {
  const res = await fetch(`http://${host}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=demo-api-key`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: demo.email, password: demo.password, returnSecureToken: true }),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(json.error?.message ?? `HTTP ${res.status}`);
  process.stdout.write(json.idToken + "\n");
} catch (err) {
  console.error(`Could not get a token from the Auth emulator at ${host} (is \`npm start\` running?): ${err.message}`);
  process.exit(1);
}
