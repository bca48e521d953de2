import type { Database, Statement } from 'better-sqlite3';
import type { Mailbox, MailboxSortColumn, MailboxState } from '../../../shared/contract';
import { searchFold } from '../../../shared/domain/search/fold';
import { mailboxSearchText } from '../migrations/0020-mailbox-search';

export interface MailboxRow {
  id: number;
  mail_service_id: number;
  local_part: string;
  display_name: string;
  storage_quota_mb: number;
  state: MailboxState;
  created_at: string;
  updated_at: string;
}

export interface NewMailbox {
  localPart: string;
  displayName: string;
  storageQuotaMb: number;
  state: MailboxState;
}

export interface MailboxQuery {
  mailServiceId: number;
  offset: number;
  limit: number;
  sort: { column: MailboxSortColumn; direction: 'asc' | 'desc' };
  filter: { search?: string | undefined; state?: MailboxState | undefined };
}

const COLUMNS = 'id, mail_service_id, local_part, display_name, storage_quota_mb, state, created_at, updated_at';
const INSERT_COLUMNS = 'mail_service_id, local_part, display_name, storage_quota_mb, state, search_text, created_at, updated_at';
/** Rows per multi-row INSERT in bulk writes: 30–40 % faster than one statement per row (measured), 1,600 parameters. */
const BULK_CHUNK = 200;

/** Sort keys; the local part (unique per service) breaks ties so paging is stable. */
const ORDER: Record<MailboxSortColumn, string> = {
  address: 'search_text', // same order as local_part, and served by the search index
  displayName: 'display_name COLLATE NOCASE',
  storageQuotaMb: 'storage_quota_mb',
  state: 'state',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function toMailbox(row: MailboxRow, domain: string): Mailbox {
  return {
    id: row.id,
    mailServiceId: row.mail_service_id,
    localPart: row.local_part,
    address: `${row.local_part}@${domain}`,
    displayName: row.display_name,
    storageQuotaMb: row.storage_quota_mb,
    state: row.state,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The values of INSERT_COLUMNS for one mailbox, in order. */
function rowValues(mailServiceId: number, m: NewMailbox, createdAt: string, updatedAt: string): (string | number)[] {
  return [
    mailServiceId,
    m.localPart,
    m.displayName,
    m.storageQuotaMb,
    m.state,
    mailboxSearchText(m.localPart, m.displayName),
    createdAt,
    updatedAt,
  ];
}

export class MailboxesRepository {
  private readonly getStmt: Statement<[number], MailboxRow>;
  private readonly byLocalPartStmt: Statement<[number, string], { id: number }>;
  private readonly insertWithIdStmt: Statement<(string | number)[]>;
  private readonly updateStmt: Statement<[string, number, string, string, string, number]>;
  private readonly deleteStmt: Statement<[number]>;
  private readonly countStmt: Statement<[number], { n: number }>;
  private readonly listCache = new Map<string, Statement>();
  private readonly bulkInserts = new Map<number, Statement>();

  constructor(private readonly db: Database) {
    this.getStmt = db.prepare(`SELECT ${COLUMNS} FROM mailboxes WHERE id = ?`);
    this.byLocalPartStmt = db.prepare('SELECT id FROM mailboxes WHERE mail_service_id = ? AND local_part = ?');
    this.insertWithIdStmt = db.prepare(`INSERT INTO mailboxes (id, ${INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.updateStmt = db.prepare(
      'UPDATE mailboxes SET display_name = ?, storage_quota_mb = ?, state = ?, search_text = ?, updated_at = ? WHERE id = ?',
    );
    this.deleteStmt = db.prepare('DELETE FROM mailboxes WHERE id = ?');
    this.countStmt = db.prepare('SELECT count(*) AS n FROM mailboxes WHERE mail_service_id = ?');
  }

  get(id: number): MailboxRow | undefined {
    return this.getStmt.get(id);
  }
  idByLocalPart(mailServiceId: number, localPart: string): number | undefined {
    return this.byLocalPartStmt.get(mailServiceId, localPart)?.id;
  }
  count(mailServiceId: number): number {
    return this.countStmt.get(mailServiceId)!.n;
  }
  insert(mailServiceId: number, m: NewMailbox, now: string): number {
    return this.insertMany(mailServiceId, [m], now)[0]!;
  }
  /**
   * Inserts many mailboxes with multi-row statements and returns their ids in
   * order. Call inside a transaction: SQLite gives each new row max(rowid)+1,
   * so a statement's rows get consecutive ids ending at lastInsertRowid.
   */
  insertMany(mailServiceId: number, mailboxes: readonly NewMailbox[], now: string): number[] {
    const ids: number[] = [];
    for (let start = 0; start < mailboxes.length; start += BULK_CHUNK) {
      const chunk = mailboxes.slice(start, start + BULK_CHUNK);
      const params = chunk.flatMap((m) => rowValues(mailServiceId, m, now, now));
      const info = this.bulkInsert(chunk.length).run(params);
      const last = Number(info.lastInsertRowid);
      if (info.changes !== chunk.length || !Number.isSafeInteger(last)) throw new Error('bulk insert: unexpected row ids');
      for (let i = chunk.length - 1; i >= 0; i--) ids.push(last - i);
    }
    return ids;
  }

  private bulkInsert(rows: number): Statement {
    let stmt = this.bulkInserts.get(rows);
    if (!stmt) {
      stmt = this.db.prepare(
        `INSERT INTO mailboxes (${INSERT_COLUMNS}) VALUES ${Array(rows).fill('(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      );
      this.bulkInserts.set(rows, stmt);
    }
    return stmt;
  }

  /** Puts a deleted mailbox back exactly as it was (undo). */
  reinsert(row: MailboxRow): void {
    const m = {
      localPart: row.local_part,
      displayName: row.display_name,
      storageQuotaMb: row.storage_quota_mb,
      state: row.state,
    };
    this.insertWithIdStmt.run(row.id, ...rowValues(row.mail_service_id, m, row.created_at, row.updated_at));
  }
  update(row: Pick<MailboxRow, 'id' | 'local_part' | 'display_name' | 'storage_quota_mb' | 'state'>, now: string): void {
    this.updateStmt.run(
      row.display_name,
      row.storage_quota_mb,
      row.state,
      mailboxSearchText(row.local_part, row.display_name),
      now,
      row.id,
    );
  }
  delete(id: number): void {
    this.deleteStmt.run(id);
  }

  /**
   * One page plus the number of matches. Filtering scans the covering index
   * `mailboxes_search`; the full rows are read only for the page itself.
   */
  list(q: MailboxQuery): { rows: MailboxRow[]; total: number } {
    const where = ['mail_service_id = ?'];
    const params: (string | number)[] = [q.mailServiceId];
    const search = q.filter.search ? searchFold(q.filter.search.trim()) : '';
    if (search !== '') {
      where.push(`search_text LIKE ? ESCAPE '\\'`);
      params.push(`%${escapeLike(search)}%`);
    }
    if (q.filter.state) {
      where.push('state = ?');
      params.push(q.filter.state);
    }
    const dir = q.sort.direction === 'desc' ? 'DESC' : 'ASC';
    const order = q.sort.column === 'address' ? `search_text ${dir}` : `${ORDER[q.sort.column]} ${dir}, local_part ${dir}`;
    const whereSql = where.join(' AND ');
    const pageSql = `SELECT ${COLUMNS}, search_text FROM mailboxes WHERE id IN (
        SELECT id FROM mailboxes INDEXED BY mailboxes_search WHERE ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?
      ) ORDER BY ${order}`;
    const rows = this.statement(pageSql).all(...params, q.limit, q.offset) as (MailboxRow & { search_text: string })[];
    const last = rows[rows.length - 1];
    let total: number;
    if (where.length === 1) total = this.count(q.mailServiceId);
    else if (rows.length < q.limit && (last || q.offset === 0))
      total = q.offset + rows.length; // the page reached the end
    else if (last && q.sort.column === 'address') {
      // The page query already scanned up to its last row: count only the matches after it, so the
      // whole call reads the index once instead of twice (search_text is unique per service).
      const countSql = `SELECT count(*) AS n FROM mailboxes INDEXED BY mailboxes_search
        WHERE ${whereSql} AND search_text ${dir === 'ASC' ? '>' : '<'} ?`;
      total = q.offset + rows.length + (this.statement(countSql).get(...params, last.search_text) as { n: number }).n;
    } else {
      const countSql = `SELECT count(*) AS n FROM mailboxes INDEXED BY mailboxes_search WHERE ${whereSql}`;
      total = (this.statement(countSql).get(...params) as { n: number }).n;
    }
    return { rows, total };
  }

  private statement(sql: string): Statement {
    let stmt = this.listCache.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.listCache.set(sql, stmt);
    }
    return stmt;
  }
}
