/** Where every function runs (Hosting rewrites name it too). */
export const REGION = "us-central1";
