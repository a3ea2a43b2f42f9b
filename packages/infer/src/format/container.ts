import { PackedFormatError } from './errors.js';
import { PACKED_FORMAT, PACKED_FORMAT_VERSION, type PackedManifest } from './manifest.js';

/**
 * The file layout (docs/export-format.md): the magic `SFPK`, the format version (u32 LE), the
 * manifest's length in bytes (u32 LE), the manifest (UTF-8 JSON), zeros up to a multiple of 8,
 * then the payload, whose size and SHA-256 the manifest gives.
 */
const MAGIC = [0x53, 0x46, 0x50, 0x4b]; // "SFPK"
const HEADER_BYTES = 12;

/** A packed model read from a file: its manifest and its verified payload. */
export interface PackedFile {
  readonly manifest: PackedManifest;
  /** The payload, in its own 8-byte aligned buffer. */
  readonly payload: Uint8Array;
}

/** A manifest before it is written: the payload's size and hash are filled in then. */
export type ManifestDraft = Omit<PackedManifest, 'weights' | 'format' | 'version'>;

/** Hex SHA-256 with WebCrypto (Node ≥ 20 and browsers alike). */
async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

function padTo8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/** Bytes of the file for a manifest of `manifestBytes` UTF-8 bytes and a payload of `payloadBytes`. */
function packedFileBytes(manifestBytes: number, payloadBytes: number): number {
  return padTo8(HEADER_BYTES + manifestBytes) + payloadBytes;
}

/** The manifest of `draft` as written in front of a payload of `payloadBytes` with hash `sha256`. */
function manifestJson(draft: ManifestDraft, payloadBytes: number, sha256: string): Uint8Array {
  const manifest: PackedManifest = { format: PACKED_FORMAT, version: PACKED_FORMAT_VERSION, ...draft, weights: { bytes: payloadBytes, sha256 } };
  return new TextEncoder().encode(JSON.stringify(manifest));
}

/**
 * The size of the file that `draft` makes with a payload of `payloadBytes`, and of its parts:
 * what a summary predicts before any weight is written. The hash is hex of fixed length, so the
 * manifest's size does not depend on the payload's content.
 */
export function packedFileLayout(draft: ManifestDraft, payloadBytes: number): { manifest: number; header: number; payload: number; file: number } {
  const manifest = manifestJson(draft, payloadBytes, '0'.repeat(64)).byteLength;
  const file = packedFileBytes(manifest, payloadBytes);
  return { manifest, header: file - payloadBytes - manifest, payload: payloadBytes, file };
}

/** Writes a packed file: the manifest (with the payload's size and SHA-256) and the payload. */
export async function writePackedFile(draft: ManifestDraft, payload: Uint8Array): Promise<Uint8Array> {
  const json = manifestJson(draft, payload.byteLength, await sha256Hex(payload));
  const start = padTo8(HEADER_BYTES + json.byteLength);
  const out = new Uint8Array(start + payload.byteLength);
  out.set(MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint32(4, PACKED_FORMAT_VERSION, true);
  view.setUint32(8, json.byteLength, true);
  out.set(json, HEADER_BYTES);
  out.set(payload, start);
  return out;
}

/**
 * Reads and verifies a packed file.
 *
 * @param what names the file in error messages.
 * @throws PackedFormatError when the bytes are not a packed file, are truncated, come from a
 *   newer format version, or fail the payload's SHA-256.
 */
export async function readPackedFile(bytes: Uint8Array, what = 'the packed file'): Promise<PackedFile> {
  if (bytes.byteLength < HEADER_BYTES || MAGIC.some((b, i) => bytes[i] !== b)) {
    const truncatedMagic = bytes.byteLength < HEADER_BYTES && MAGIC.slice(0, bytes.byteLength).every((b, i) => bytes[i] === b);
    throw new PackedFormatError(
      truncatedMagic
        ? `${what} is truncated: ${bytes.byteLength} bytes, shorter than the ${HEADER_BYTES}-byte header; export it again.`
        : `${what} is not a signflow packed model (it does not start with "SFPK"); pass a file written by \`signflow export --format packed\`.`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version > PACKED_FORMAT_VERSION || version < 1) {
    throw new PackedFormatError(
      `${what} has format version ${version}, but this signflow reads versions 1 to ${PACKED_FORMAT_VERSION}; ` +
        'upgrade signflow (@signflow/infer) to read it, or export the model again with this version.',
    );
  }
  const manifestBytes = view.getUint32(8, true);
  const start = padTo8(HEADER_BYTES + manifestBytes);
  if (HEADER_BYTES + manifestBytes > bytes.byteLength) {
    throw new PackedFormatError(`${what} is truncated: its manifest needs ${manifestBytes} bytes but the file ends ${bytes.byteLength - HEADER_BYTES} bytes after the header; export it again.`);
  }
  let manifest: PackedManifest;
  try {
    manifest = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + manifestBytes))) as PackedManifest;
  } catch (error) {
    throw new PackedFormatError(`${what} has a corrupt manifest (${(error as Error).message}); export it again.`);
  }
  if (manifest?.format !== PACKED_FORMAT || manifest.version !== version || typeof manifest.weights?.bytes !== 'number') {
    throw new PackedFormatError(`${what} has a manifest that is not a signflow packed manifest of version ${version}; export it again.`);
  }
  const expected = start + manifest.weights.bytes;
  if (bytes.byteLength < expected) {
    throw new PackedFormatError(`${what} is truncated: ${bytes.byteLength} bytes where its manifest describes ${expected}; export it again.`);
  }
  if (bytes.byteLength > expected) {
    throw new PackedFormatError(`${what} has ${bytes.byteLength - expected} bytes after the payload its manifest describes; the file is corrupt, export it again.`);
  }
  const payload = bytes.slice(start, expected);
  const hash = await sha256Hex(payload);
  if (hash !== manifest.weights.sha256) {
    throw new PackedFormatError(`${what} fails its hash: the payload's SHA-256 is ${hash}, the manifest says ${manifest.weights.sha256}; the file is corrupt, export it again.`);
  }
  return { manifest, payload };
}
