const replacement = new TextEncoder().encode('[token]');

function lower(byte: number): number {
  return byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte;
}

/**
 * Replaces every occurrence of `secret` (ASCII, case-insensitive: tokens are hex) in a
 * byte stream by `[token]`, chunk by chunk: the stream is never held whole, and an
 * occurrence split across two chunks is still found (the last `secret.length - 1`
 * bytes wait for the next chunk).
 */
export function scrubStream(secret: string): TransformStream<Uint8Array, Uint8Array> {
  const needle = Array.from(new TextEncoder().encode(secret.toLowerCase()));
  let carry = new Uint8Array(0);
  const scan = (bytes: Uint8Array, final: boolean, controller: TransformStreamDefaultController<Uint8Array>): void => {
    const out: number[] = [];
    const keep = final ? 0 : needle.length - 1;
    let index = 0;
    while (index < bytes.length - keep) {
      let found = index + needle.length <= bytes.length;
      for (let offset = 0; found && offset < needle.length; offset++) found = lower(bytes[index + offset] ?? 0) === needle[offset];
      if (found) {
        out.push(...replacement);
        index += needle.length;
      } else {
        out.push(bytes[index] ?? 0);
        index++;
      }
    }
    carry = bytes.slice(index);
    if (out.length > 0) controller.enqueue(new Uint8Array(out));
  };
  return new TransformStream({
    transform(chunk, controller) {
      const joined = new Uint8Array(carry.length + chunk.length);
      joined.set(carry);
      joined.set(chunk, carry.length);
      scan(joined, false, controller);
    },
    flush(controller) {
      scan(carry, true, controller);
    },
  });
}
