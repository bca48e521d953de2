import type { MailboxFilter, MailboxSort, MailboxSortColumn } from '../../../shared/contract';
import { searchFold } from '../../../shared/domain/search/fold';

/** A WHERE clause with its parameters. */
export interface SqlWhere {
  sql: string;
  params: (string | number)[];
}

export interface MailboxQuerySql {
  where: SqlWhere;
  /** ORDER BY terms, unique per service (the local part breaks ties) so paging is stable. */
  order: string;
  /** Sorted by address: the covering search index serves the order, and counting can resume after a page. */
  byAddress: boolean;
  /** True when the filter is only the service: the count is a plain index count. */
  unfiltered: boolean;
}

const SORT_KEYS: Record<MailboxSortColumn, string[]> = {
  // search_text starts with the local part and U+001F: its order is the address order.
  address: ['search_text'],
  displayName: ['display_name COLLATE NOCASE', 'local_part'],
  storageQuotaMb: ['storage_quota_mb', 'local_part'],
  state: ['state', 'local_part'],
  forwarding: ["forward_targets <> ''", 'forward_targets', 'local_part'],
  autoReply: ['auto_reply_active', 'auto_reply_until', 'local_part'],
  aliasCount: ['alias_count', 'local_part'],
  updatedAt: ['updated_at', 'local_part'],
  createdAt: ['created_at', 'local_part'],
};

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Turns a list query into SQL. Every value travels as a parameter; column
 * names and directions come from fixed tables, never from the input.
 */
export function buildMailboxQuery(mailServiceId: number, filter: MailboxFilter, sort: MailboxSort): MailboxQuerySql {
  const clauses = ['mail_service_id = ?'];
  const params: (string | number)[] = [mailServiceId];
  const search = filter.search ? searchFold(filter.search.trim()) : '';
  if (search !== '') {
    clauses.push(`search_text LIKE ? ESCAPE '\\'`);
    params.push(`%${escapeLike(search)}%`);
  }
  if (filter.state) {
    clauses.push('state = ?');
    params.push(filter.state);
  }
  if (filter.forwarding) clauses.push(filter.forwarding === 'on' ? "forward_targets <> ''" : "forward_targets = ''");
  if (filter.autoReply) clauses.push(filter.autoReply === 'on' ? 'auto_reply_active = 1' : 'auto_reply_active = 0');
  if (filter.quotaMinMb !== undefined) {
    clauses.push('storage_quota_mb >= ?');
    params.push(filter.quotaMinMb);
  }
  if (filter.quotaMaxMb !== undefined) {
    clauses.push('storage_quota_mb <= ?');
    params.push(filter.quotaMaxMb);
  }
  const direction = sort.direction === 'desc' ? 'DESC' : 'ASC';
  return {
    where: { sql: clauses.join(' AND '), params },
    order: SORT_KEYS[sort.column].map((key) => `${key} ${direction}`).join(', '),
    byAddress: sort.column === 'address',
    unfiltered: clauses.length === 1,
  };
}
