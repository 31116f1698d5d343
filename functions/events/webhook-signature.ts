// Authenticating git-host webhooks. The HMAC (GitHub) or shared token (GitLab) is the webhook's only auth,
// so comparisons are constant-time and length-checked (timingSafeEqual throws on unequal lengths).
import { createHmac, timingSafeEqual } from "node:crypto";

const GITHUB_SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * True when `header` is `sha256=<hex>` of HMAC-SHA256(secret, rawBody).
 * Example: body `{}` with secret `s3cret` → header `sha256=` + hex of that HMAC verifies; any other does not.
 */
export function verifyGitHubSignature(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  const match = GITHUB_SIGNATURE.exec(header?.trim() ?? "");
  if (!match || secret === "") return false;
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  return sameBytes(Buffer.from(match[1]!, "hex"), expected);
}

/** True when GitLab's `X-Gitlab-Token` equals the secret. */
export function verifyGitLabToken(header: string | undefined, secret: string): boolean {
  if (header === undefined || secret === "") return false;
  return sameBytes(Buffer.from(header, "utf8"), Buffer.from(secret, "utf8"));
}

/** What tests and operators use to sign a body the way GitHub does. */
export const signGitHub = (rawBody: Buffer | string, secret: string): string =>
  `sha256=${createHmac("sha256", secret).update(rawBody).digest("hex")}`;
