import type { Entry } from "yauzl";

/** A problem with the archive itself (the manifest's own problems are reported by package-reader.ts). */
export interface ZipProblem {
  path: string;
  code: string;
  message: string;
}

export interface ZipLimits {
  /** Entries in the archive, directories included. */
  maxEntries: number;
  /** The files' uncompressed bytes together. */
  maxBytes: number;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).split("\n")[0].slice(0, 300);

/**
 * The files of a package zip (`manifest.json` and `*.prompt`), read with yauzl from the request's
 * bytes, which the platform has already bounded. Nothing is trusted: the entry count is checked before
 * any entry is read, each entry's declared size before it is inflated, and the bytes actually
 * inflated while they stream (yauzl also checks them against the declared size), so a zip bomb stops
 * at the limit. Names that escape the archive (`../x`, absolute, backslashes) are refused by yauzl;
 * encrypted entries and other files are reported.
 */
export async function readZip(buf: Buffer, limits: ZipLimits): Promise<{ files: Map<string, Buffer>; problems: ZipProblem[] }> {
  const yauzl = await import("yauzl");
  const files = new Map<string, Buffer>();
  const problems: ZipProblem[] = [];
  const problem = (path: string, code: string, text: string) => problems.push({ path, code, message: text });
  let zip: Awaited<ReturnType<typeof yauzl.fromBufferPromise>>;
  try {
    zip = await yauzl.fromBufferPromise(buf, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true });
  } catch (err) {
    problem("(zip)", "invalid_zip", `Not a readable zip archive: ${message(err)}`);
    return { files, problems };
  }
  if (zip.entryCount > limits.maxEntries) {
    problem("(zip)", "too_many_files", `The archive has ${zip.entryCount} entries; a package has at most ${limits.maxEntries}`);
    return { files, problems };
  }
  const archive = zip;
  return new Promise((resolve) => {
    let total = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve({ files, problems });
    };
    const next = () => {
      if (!done) archive.readEntry();
    };
    const tooLarge = () => {
      problem("(zip)", "package_too_large", `The files hold more than ${limits.maxBytes} bytes uncompressed`);
      finish();
    };
    archive.on("error", (err: unknown) => {
      problem("(zip)", "invalid_zip", `The archive is damaged: ${message(err)}`);
      finish();
    });
    archive.on("end", finish);
    archive.on("entry", (entry: Entry) => {
      const name = entry.fileName;
      if (name.endsWith("/")) return next();
      if (entry.isEncrypted()) {
        problem(`files["${name}"]`, "encrypted_file", "Encrypted files are not supported");
        return next();
      }
      if (name !== "manifest.json" && !name.endsWith(".prompt")) {
        problem(`files["${name}"]`, "unexpected_file", "A package holds manifest.json and .prompt files only");
        return next();
      }
      if (files.has(name)) {
        problem(`files["${name}"]`, "duplicate_file", "The archive holds this name twice");
        return next();
      }
      if (total + entry.uncompressedSize > limits.maxBytes) return tooLarge();
      archive.openReadStream(entry, (err, stream) => {
        if (err) {
          problem(`files["${name}"]`, "invalid_zip", `Cannot be read: ${message(err)}`);
          return next();
        }
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (total + size > limits.maxBytes) {
            stream.destroy();
            tooLarge();
          } else {
            chunks.push(chunk);
          }
        });
        stream.on("error", (e: unknown) => {
          problem(`files["${name}"]`, "invalid_zip", `Cannot be read: ${message(e)}`);
          finish();
        });
        stream.on("end", () => {
          total += size;
          files.set(name, Buffer.concat(chunks));
          next();
        });
      });
    });
    archive.readEntry();
  });
}

/**
 * Builds a zip in memory, entry by entry, compressing as entries arrive (yazl). The caller bounds
 * what it adds; the result is one package, which must fit a request to be imported again.
 */
export class ZipWriter {
  private readonly chunks: Buffer[] = [];
  private readonly zip: import("yazl").ZipFile;
  private readonly ended: Promise<void>;

  private constructor(
    yazl: typeof import("yazl"),
    private readonly mtime: Date,
  ) {
    this.zip = new yazl.ZipFile();
    this.zip.outputStream.on("data", (chunk: Buffer) => this.chunks.push(chunk));
    this.ended = new Promise((resolve, reject) => {
      this.zip.outputStream.on("end", resolve);
      this.zip.outputStream.on("error", reject);
    });
  }

  static async create(mtime: Date): Promise<ZipWriter> {
    return new ZipWriter(await import("yazl"), mtime);
  }

  add(name: string, data: Buffer): void {
    this.zip.addBuffer(data, name, { mtime: this.mtime, compress: true });
  }

  async finish(): Promise<Buffer> {
    this.zip.end();
    await this.ended;
    return Buffer.concat(this.chunks);
  }
}
