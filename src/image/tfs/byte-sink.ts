// A growable byte buffer for encoding metadata records. Records grow with the number of files,
// never with their bytes, so holding one in memory is fine.

export class ByteSink {
  private buf = new Uint8Array(256);
  private len = 0;

  get length(): number {
    return this.len;
  }

  private reserve(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  push(byte: number): void {
    this.reserve(1);
    this.buf[this.len++] = byte;
  }

  pushBytes(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  /** The bytes written so far (a copy, so the sink can be reused). */
  bytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
