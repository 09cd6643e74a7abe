/**
 * Paths whose next segment is a live link's token: a consent link (`/training/consent/<token>`)
 * and a partner page link (`/p/<token>`). Whoever holds the token acts as the person it was sent
 * to, so it must never reach a log. Express matches routes case-insensitively, so this does too;
 * a `/p/` anywhere is taken for a partner link, since redacting too much costs nothing.
 */
const LIVE_LINK = /(\/training\/+consent\/+|\/p\/+)[^\s/?#"'<>]+/gi;

/** The censor put in place of a token. */
export const REDACTED_TOKEN = '[redacted]';

/**
 * `text` with the token of every live link in it replaced by `[redacted]`: request paths,
 * full URLs, error messages. Anything else is left as it is.
 */
export function redactLiveLinks(text: string): string {
  return text.replace(LIVE_LINK, `$1${REDACTED_TOKEN}`);
}
