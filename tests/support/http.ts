/** A small fetch wrapper for API tests: JSON in, status/headers/JSON (or text) out. */
export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export async function request(
  baseUrl: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | Buffer | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === "string" || Buffer.isBuffer(opts.body) ? (opts.body as string | Buffer) : JSON.stringify(opts.body);
    headers["content-type"] ??= "application/json";
  }
  let res: Response;
  try {
    res = await fetch(`${baseUrl}${path}`, { method, headers, body });
  } catch (err) {
    // A kept-alive socket the server closed while idle (the emulators close them after ~5 s) fails
    // the next request before it is sent; a read is safe to send again on a new connection.
    const cause = (err as { cause?: { code?: string } }).cause;
    if (method !== "GET" || cause?.code !== "UND_ERR_SOCKET") throw err;
    res = await fetch(`${baseUrl}${path}`, { method, headers, body });
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** The uniform error body, with no stack trace or driver detail. */
export function expectErrorBody(res: ApiResponse, status: number, code?: string): void {
  expect({ status: res.status, code: res.json?.error?.code }).toEqual({ status, code: code ?? res.json?.error?.code });
  expect(res.json.error).toEqual(
    expect.objectContaining({
      code: expect.stringMatching(/^[a-z][a-z0-9_]*$/),
      message: expect.any(String),
      requestId: res.headers.get("x-request-id"),
    }),
  );
  expect(Object.keys(res.json)).toEqual(["error"]);
  expect(res.text).not.toMatch(/\n\s+at |Mongo[A-Z]\w*Error|node_modules|\.ts:\d+/);
}
