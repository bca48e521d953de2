/**
 * Where each source folder goes on the target: INBOX to INBOX, special-use folders (\Sent, \Drafts, \Trash,
 * \Junk, \Archive) to the target's folder of the same use, everything else by name with the hierarchy separator
 * and the personal namespace prefix translated (e.g. Courier's "INBOX.Kunden.2024" → Dovecot's "Kunden/2024").
 */
export interface ImapFolder {
  path: string;
  delimiter: string | null;
  specialUse: string | null;
  /** \Noselect folders hold no messages: only their children are copied. */
  selectable: boolean;
}

export interface FolderPlan {
  source: string;
  target: string;
  specialUse: string | null;
  /** The target folder must be created first. */
  create: boolean;
}

export const MAPPED_SPECIAL_USE = ['\\Sent', '\\Drafts', '\\Trash', '\\Junk', '\\Archive'] as const;

function isInbox(path: string) {
  return path.toUpperCase() === 'INBOX';
}

/** The folder's name parts below the personal namespace prefix (`INBOX.` on Courier/Cyrus). */
export function folderSegments(path: string, delimiter: string | null, prefix = ''): string[] {
  const rest = prefix && path.startsWith(prefix) ? path.slice(prefix.length) : path;
  return delimiter ? rest.split(delimiter) : [rest];
}

/**
 * A name part may contain the target's separator (a "." in "Projekte 2.0" moving to a "." server): it is
 * replaced by "_" so the part doesn't turn into a hierarchy level.
 */
export function targetPath(segments: readonly string[], delimiter: string | null, prefix = ''): string {
  const parts = delimiter ? segments.map((s) => s.split(delimiter).join('_')) : segments;
  return prefix + parts.join(delimiter ?? '');
}

export function planFolders(
  source: readonly ImapFolder[],
  target: readonly ImapFolder[],
  prefixes: { source?: string; target?: string } = {},
): FolderPlan[] {
  const targetDelimiter = target.find((f) => f.delimiter)?.delimiter ?? '/';
  const byUse = new Map<string, string>();
  for (const f of target) if (f.specialUse && !byUse.has(f.specialUse)) byUse.set(f.specialUse, f.path);
  const existing = new Set(target.map((f) => f.path));
  const plans: FolderPlan[] = [];
  for (const f of source) {
    if (!f.selectable) continue;
    let path: string;
    if (isInbox(f.path)) path = 'INBOX';
    else if (f.specialUse && (MAPPED_SPECIAL_USE as readonly string[]).includes(f.specialUse) && byUse.has(f.specialUse))
      path = byUse.get(f.specialUse)!;
    else path = targetPath(folderSegments(f.path, f.delimiter, prefixes.source), targetDelimiter, prefixes.target);
    // Two source folders of the same use (e.g. "Sent" and "Sent Items") share the target's one: both are copied
    // there, messages kept apart by the duplicate check.
    plans.push({ source: f.path, target: path, specialUse: f.specialUse, create: !existing.has(path) && !isInbox(path) });
  }
  return plans;
}
