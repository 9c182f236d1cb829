/**
 * Reading LSP messages (`Content-Length: N\r\n\r\n` + N bytes of JSON) from
 * a stream, resyncing after a mis-framed one. vscode-jsonrpc's reader goes
 * deaf after a single wrong Content-Length (10 bytes short, 40 long): it
 * reads the rest as headers forever while the process keeps running, so the
 * editor never restarts it. Here a body that is not a JSON object is dropped
 * (reported on stderr), and reading starts again at the next
 * `Content-Length:` after the faulty header: the message that the wrong
 * length cut into is read whole.
 */
import { AbstractMessageReader, type DataCallback, type Disposable, type Message, type MessageReader } from 'vscode-languageserver/node';

const HEADER = Buffer.from('Content-Length:', 'latin1');
const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');
/** Header blocks longer than this are garbage: skipped, not buffered. */
const LONGEST_HEADERS = 8192;

export class ResyncingMessageReader extends AbstractMessageReader implements MessageReader {
  private buffer = Buffer.alloc(0);
  /** Whether a `shutdown` request came: exiting when the input ends is then no failure. */
  shutdownRequested = false;

  constructor(
    private readonly input: NodeJS.ReadableStream,
    private readonly report: (problem: string) => void = (problem) => void process.stderr.write(`keraflow lsp: ${problem}\n`),
  ) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const onData = (chunk: Buffer | string) => {
      this.buffer = Buffer.concat([this.buffer, typeof chunk === 'string' ? Buffer.from(chunk) : chunk]);
      this.drain(callback);
    };
    const onError = (error: Error) => this.fireError(error);
    const onClose = () => this.fireClose();
    this.input.on('data', onData);
    this.input.on('error', onError);
    this.input.on('end', onClose);
    return {
      dispose: () => {
        this.input.off('data', onData);
        this.input.off('error', onError);
        this.input.off('end', onClose);
      },
    };
  }

  /** Every whole message in the buffer, in order; what is left waits for more bytes. */
  private drain(callback: DataCallback): void {
    for (;;) {
      const start = this.buffer.indexOf(HEADER);
      if (start < 0) {
        // Keep what could be the start of a header cut in two.
        this.buffer = this.buffer.subarray(Math.max(0, this.buffer.length - HEADER.length));
        return;
      }
      if (start > 0) {
        if (this.buffer.subarray(0, start).some((byte) => byte !== 0x0d && byte !== 0x0a && byte !== 0x20)) this.report(`skipped ${start} bytes before a message header`);
        this.buffer = this.buffer.subarray(start);
      }
      const headerEnd = this.buffer.indexOf(HEADER_END);
      if (headerEnd < 0) {
        if (this.buffer.length > LONGEST_HEADERS) this.skipHeader('a header block without its end');
        return;
      }
      const length = contentLength(this.buffer.subarray(0, headerEnd).toString('latin1'));
      if (length === undefined) {
        this.skipHeader('a header without a valid Content-Length');
        continue;
      }
      const bodyStart = headerEnd + HEADER_END.length;
      if (this.buffer.length < bodyStart + length) return;
      const message = parseMessage(this.buffer.subarray(bodyStart, bodyStart + length));
      if (message === undefined) {
        // Mis-framed: resync at the next header after this one (possibly inside the bytes the wrong length took).
        this.report(`dropped a message whose body is not JSON (${length} bytes declared); reading on from the next header`);
        this.buffer = this.buffer.subarray(bodyStart);
        continue;
      }
      this.buffer = this.buffer.subarray(bodyStart + length);
      if ((message as { method?: unknown }).method === 'shutdown') this.shutdownRequested = true;
      callback(message);
    }
  }

  private skipHeader(problem: string): void {
    this.report(`skipped ${problem}`);
    this.buffer = this.buffer.subarray(1);
  }
}

/** The Content-Length of a header block (case-insensitive names, as HTTP's); undefined when missing or not a number. */
function contentLength(headers: string): number | undefined {
  for (const line of headers.split('\r\n')) {
    const match = /^content-length:\s*(\d{1,10})\s*$/i.exec(line);
    if (match) return Number(match[1]);
  }
  return undefined;
}

function parseMessage(body: Buffer): Message | undefined {
  try {
    const message = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body)) as unknown;
    return typeof message === 'object' && message !== null && !Array.isArray(message) && (message as { jsonrpc?: unknown }).jsonrpc === '2.0' ? (message as Message) : undefined;
  } catch {
    return undefined;
  }
}
