// TEMPORARY until shared/domain/password lands (helper in progress).
export function generatePassword(randomBytes: (n: number) => Uint8Array): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_.!?*+#%';
  const bytes = randomBytes(64);
  let out = '';
  for (const b of bytes) {
    if (b < 256 - (256 % alphabet.length)) out += alphabet[b % alphabet.length];
    if (out.length === 20) break;
  }
  return out;
}
