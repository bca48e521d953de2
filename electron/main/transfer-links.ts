import { parseTransferLink, transferLink } from '../../shared/domain/transfer/transfer';

/**
 * The transfer link among a process's arguments: how Windows and Linux hand
 * a clicked `mailwright://transfer/…` link to the app (macOS uses `open-url`).
 * Anything else on the command line — flags, a link with a malformed token —
 * is ignored, so a crafted link can't smuggle in options.
 */
export function transferLinkFromArgs(argv: readonly string[]): string | undefined {
  for (const arg of argv) {
    if (!arg.toLowerCase().startsWith('mailwright://')) continue;
    const token = parseTransferLink(arg);
    if (token) return transferLink(token);
  }
  return undefined;
}
