import type { Database, Statement } from 'better-sqlite3';

export interface BatchRow {
  id: number;
  import_id: number;
  mail_service_id: number;
  domain: string;
  file_name: string;
  position: number;
  not_before: string;
  exported_at: string | null;
  applied_at: string | null;
  created_at: string;
  size: number;
}

const SELECT = `SELECT b.id, b.import_id, i.mail_service_id, s.domain, i.file_name, b.position, b.not_before, b.exported_at, b.applied_at,
    i.created_at, (SELECT count(*) FROM mailboxes m WHERE m.batch_id = b.id) AS size
  FROM bulk_batches b JOIN bulk_imports i ON i.id = b.import_id JOIN mail_services s ON s.id = i.mail_service_id`;

export class BulkCreateRepository {
  private readonly insertImportStmt: Statement<[number, string, string]>;
  private readonly insertBatchStmt: Statement<[number, number, string]>;
  private readonly byServiceStmt: Statement<[number], BatchRow>;
  private readonly allStmt: Statement<[], BatchRow>;
  private readonly getStmt: Statement<[number], BatchRow>;

  constructor(private readonly db: Database) {
    this.insertImportStmt = db.prepare('INSERT INTO bulk_imports (mail_service_id, file_name, created_at) VALUES (?, ?, ?)');
    this.insertBatchStmt = db.prepare('INSERT INTO bulk_batches (import_id, position, not_before) VALUES (?, ?, ?)');
    this.byServiceStmt = db.prepare(`${SELECT} WHERE i.mail_service_id = ? ORDER BY i.created_at, i.id, b.position`);
    this.allStmt = db.prepare(`${SELECT} ORDER BY i.created_at, i.id, b.position`);
    this.getStmt = db.prepare(`${SELECT} WHERE b.id = ?`);
  }

  insertImport(mailServiceId: number, fileName: string, now: string): number {
    return Number(this.insertImportStmt.run(mailServiceId, fileName, now).lastInsertRowid);
  }
  insertBatch(importId: number, position: number, notBefore: string): number {
    return Number(this.insertBatchStmt.run(importId, position, notBefore).lastInsertRowid);
  }
  assign(batchId: number, mailboxIds: readonly number[]): void {
    this.db
      .prepare('UPDATE mailboxes SET batch_id = ? WHERE id IN (SELECT value FROM json_each(?))')
      .run(batchId, JSON.stringify(mailboxIds));
  }
  list(mailServiceId?: number): BatchRow[] {
    return mailServiceId === undefined ? this.allStmt.all() : this.byServiceStmt.all(mailServiceId);
  }
  get(id: number): BatchRow | undefined {
    return this.getStmt.get(id);
  }
  markExported(id: number, now: string): void {
    this.db.prepare('UPDATE bulk_batches SET exported_at = ? WHERE id = ?').run(now, id);
  }
  markApplied(id: number, now: string): void {
    this.db.prepare('UPDATE bulk_batches SET applied_at = ? WHERE id = ?').run(now, id);
    this.db.prepare("UPDATE mailboxes SET state = 'created', updated_at = ? WHERE batch_id = ?").run(now, id);
  }
  /** The batch's mailboxes with their sealed passwords and forwarding, in file order. */
  batchMailboxes(id: number) {
    return this.db
      .prepare(
        `SELECT id, local_part, password_sealed, forward_targets, forward_keep_copy FROM mailboxes WHERE batch_id = ? ORDER BY id`,
      )
      .all(id) as {
      id: number;
      local_part: string;
      password_sealed: string | null;
      forward_targets: string;
      forward_keep_copy: number;
    }[];
  }
  /**
   * Addresses created at the provider in the window before `now`: applied
   * batches (one event per mailbox) and mailboxes marked created by hand.
   */
  recentCreations(mailServiceId: number, since: string): string[] {
    const applied = this.db
      .prepare(
        `SELECT b.applied_at AS at FROM bulk_batches b JOIN bulk_imports i ON i.id = b.import_id JOIN mailboxes m ON m.batch_id = b.id
         WHERE i.mail_service_id = ? AND b.applied_at > ?`,
      )
      .pluck()
      .all(mailServiceId, since) as string[];
    const byHand = this.db
      .prepare(
        "SELECT created_at FROM mailboxes WHERE mail_service_id = ? AND batch_id IS NULL AND state = 'created' AND created_at > ?",
      )
      .pluck()
      .all(mailServiceId, since) as string[];
    return [...applied, ...byHand];
  }
  /** Local parts taken in the service: mailboxes and aliases (a new address may be neither). */
  takenLocalParts(mailServiceId: number): string[] {
    return this.db
      .prepare(
        'SELECT local_part FROM mailboxes WHERE mail_service_id = ? UNION ALL SELECT local_part FROM mailbox_aliases WHERE mail_service_id = ?',
      )
      .pluck()
      .all(mailServiceId, mailServiceId) as string[];
  }
}
