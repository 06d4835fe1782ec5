/** The same MongoDB URI with another database name (keeps host list and options). */
export function uriWithDatabase(uri, dbName) {
  const m = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!m) throw new Error(`Unexpected MongoDB URI: ${uri}`);
  return `${m[1]}/${dbName}${m[2] ?? ""}`;
}
