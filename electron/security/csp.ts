/**
 * The one Content-Security-Policy of the renderer, sent as a header by the
 * desktop app's app:// protocol and by the web host. No inline script, no
 * eval, no remote origin: the UI talks only to its own host.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
