import { createPublicKey, type KeyObject, verify } from 'node:crypto';

// DER header of an Ed25519 SubjectPublicKeyInfo; Discord gives the raw 32-byte key in hex.
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function publicKeyFromHex(hex: string): KeyObject {
  const raw = Buffer.from(hex, 'hex');
  if (raw.length !== 32)
    throw new Error('DISCORD_PUBLIC_KEY must be 64 hex characters (an Ed25519 public key).');
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** Discord signs timestamp + raw body with the application's Ed25519 key. */
export function verifySignature(
  key: KeyObject,
  signatureHex: string | undefined,
  timestamp: string | undefined,
  body: Buffer,
): boolean {
  if (!signatureHex || !timestamp || !/^[0-9a-f]{128}$/i.test(signatureHex)) return false;
  try {
    return verify(null, Buffer.concat([Buffer.from(timestamp), body]), key, Buffer.from(signatureHex, 'hex'));
  } catch {
    return false;
  }
}
