/**
 * The bytes of an ArrayBufferView (or ArrayBuffer) as a Uint8Array over the same memory.
 * A view whose ArrayBuffer was transferred away (detached) reads as empty,
 * as its own `byteLength` does: constructing a view over its `buffer` would
 * throw V8's "Cannot perform Construct on a detached ArrayBuffer".
 */
const EMPTY = new Uint8Array(0)

export function bytesOf(view: ArrayBufferView): Uint8Array {
  if (view.byteLength === 0) return EMPTY
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
}

/** The same for a whole ArrayBuffer or SharedArrayBuffer; a detached one reads as empty. */
export function bytesOfBuffer(buffer: ArrayBuffer | SharedArrayBuffer): Uint8Array {
  if (buffer.byteLength === 0) return EMPTY
  return new Uint8Array(buffer)
}
