import type { Database, Statement } from 'better-sqlite3';
import type { AutoReply, WorkspaceSettings } from '../../../shared/contract';

export interface AliasRow {
  id: number;
  mailbox_id: number;
  mail_service_id: number;
  local_part: string;
  created_at: string;
}

interface AutoReplyRow {
  id: number;
  mailbox_id: number;
  name: string;
  subject: string;
  message: string;
  starts_at: string | null;
  ends_at: string | null;
  weekdays: string;
  sender_address: string | null;
  excluded: string;
  active: number;
  counter_reset_at: string | null;
  created_at: string;
  updated_at: string;
}

export type AutoReplyValues = Omit<AutoReply, 'id' | 'mailboxId' | 'active' | 'counterResetAt' | 'createdAt' | 'updatedAt'>;

function toAutoReply(row: AutoReplyRow): AutoReply {
  return {
    id: row.id,
    mailboxId: row.mailbox_id,
    name: row.name,
    subject: row.subject,
    message: row.message,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    weekdays: JSON.parse(row.weekdays) as number[],
    senderAddress: row.sender_address,
    excluded: JSON.parse(row.excluded) as string[],
    active: row.active === 1,
    counterResetAt: row.counter_reset_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class AliasesRepository {
  private readonly listStmt: Statement<[number], AliasRow>;
  private readonly getStmt: Statement<[number], AliasRow>;
  private readonly byLocalPartStmt: Statement<[number, string], AliasRow>;
  private readonly insertStmt: Statement<[number, number, string, string]>;
  private readonly deleteStmt: Statement<[number]>;
  private readonly takenStmt: Statement<[number, string], { local_part: string }>;

  constructor(db: Database) {
    this.listStmt = db.prepare('SELECT * FROM mailbox_aliases WHERE mailbox_id = ? ORDER BY local_part');
    this.getStmt = db.prepare('SELECT * FROM mailbox_aliases WHERE id = ?');
    this.byLocalPartStmt = db.prepare('SELECT * FROM mailbox_aliases WHERE mail_service_id = ? AND local_part = ?');
    this.insertStmt = db.prepare(
      'INSERT INTO mailbox_aliases (mailbox_id, mail_service_id, local_part, created_at) VALUES (?, ?, ?, ?)',
    );
    this.deleteStmt = db.prepare('DELETE FROM mailbox_aliases WHERE id = ?');
    this.takenStmt = db.prepare(
      'SELECT local_part FROM mailbox_aliases WHERE mail_service_id = ? AND local_part IN (SELECT value FROM json_each(?)) LIMIT 1',
    );
  }

  list(mailboxId: number): AliasRow[] {
    return this.listStmt.all(mailboxId);
  }
  get(id: number): AliasRow | undefined {
    return this.getStmt.get(id);
  }
  byLocalPart(mailServiceId: number, localPart: string): AliasRow | undefined {
    return this.byLocalPartStmt.get(mailServiceId, localPart);
  }
  /** The first of these local parts that is already an alias in the service, if any. */
  firstTaken(mailServiceId: number, localParts: readonly string[]): string | undefined {
    return this.takenStmt.get(mailServiceId, JSON.stringify(localParts))?.local_part;
  }
  insert(mailboxId: number, mailServiceId: number, localPart: string, now: string): number {
    return Number(this.insertStmt.run(mailboxId, mailServiceId, localPart, now).lastInsertRowid);
  }
  delete(id: number): void {
    this.deleteStmt.run(id);
  }
}

export class AutoRepliesRepository {
  private readonly listStmt: Statement<[number], AutoReplyRow>;
  private readonly getStmt: Statement<[number], AutoReplyRow>;
  private readonly insertStmt: Statement;
  private readonly updateStmt: Statement;
  private readonly deleteStmt: Statement<[number]>;
  private readonly deactivateStmt: Statement<[string, number]>;
  private readonly setActiveStmt: Statement<[number, string, number]>;
  private readonly resetStmt: Statement<[string, string, number]>;

  constructor(private readonly db: Database) {
    this.listStmt = db.prepare('SELECT * FROM auto_replies WHERE mailbox_id = ? ORDER BY active DESC, name COLLATE NOCASE, id');
    this.getStmt = db.prepare('SELECT * FROM auto_replies WHERE id = ?');
    this.insertStmt = db.prepare(
      `INSERT INTO auto_replies (mailbox_id, name, subject, message, starts_at, ends_at, weekdays, sender_address, excluded, created_at, updated_at)
       VALUES (@mailboxId, @name, @subject, @message, @startsAt, @endsAt, @weekdays, @senderAddress, @excluded, @now, @now)`,
    );
    this.updateStmt = db.prepare(
      `UPDATE auto_replies SET name = @name, subject = @subject, message = @message, starts_at = @startsAt, ends_at = @endsAt,
         weekdays = @weekdays, sender_address = @senderAddress, excluded = @excluded, updated_at = @now WHERE id = @id`,
    );
    this.deleteStmt = db.prepare('DELETE FROM auto_replies WHERE id = ?');
    this.deactivateStmt = db.prepare('UPDATE auto_replies SET active = 0, updated_at = ? WHERE mailbox_id = ? AND active = 1');
    this.setActiveStmt = db.prepare('UPDATE auto_replies SET active = ?, updated_at = ? WHERE id = ?');
    this.resetStmt = db.prepare('UPDATE auto_replies SET counter_reset_at = ?, updated_at = ? WHERE id = ?');
  }

  list(mailboxId: number): AutoReply[] {
    return this.listStmt.all(mailboxId).map(toAutoReply);
  }
  get(id: number): AutoReply | undefined {
    const row = this.getStmt.get(id);
    return row && toAutoReply(row);
  }
  insert(mailboxId: number, values: AutoReplyValues, now: string): number {
    return Number(this.insertStmt.run(this.params(values, now, { mailboxId })).lastInsertRowid);
  }
  update(id: number, values: AutoReplyValues, now: string): void {
    this.updateStmt.run(this.params(values, now, { id }));
  }
  delete(id: number): void {
    this.deleteStmt.run(id);
  }
  /** Switches a reply on or off; on switches the mailbox's other replies off first (one active per mailbox). */
  setActive(reply: Pick<AutoReply, 'id' | 'mailboxId'>, active: boolean, now: string): void {
    if (active) this.deactivateStmt.run(now, reply.mailboxId);
    this.setActiveStmt.run(active ? 1 : 0, now, reply.id);
  }
  resetCounter(id: number, now: string): void {
    this.resetStmt.run(now, now, id);
  }
  /** The active reply of each of these mailboxes (bulk off, for the audit entry and undo). */
  activeOf(mailboxIds: readonly number[]): { id: number; mailbox_id: number }[] {
    return this.db
      .prepare('SELECT id, mailbox_id FROM auto_replies WHERE active = 1 AND mailbox_id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(mailboxIds)) as { id: number; mailbox_id: number }[];
  }
  setActiveMany(ids: readonly number[], active: boolean, now: string): void {
    this.db
      .prepare('UPDATE auto_replies SET active = ?, updated_at = ? WHERE id IN (SELECT value FROM json_each(?))')
      .run(active ? 1 : 0, now, JSON.stringify(ids));
  }
  deleteMany(ids: readonly number[]): void {
    this.db.prepare('DELETE FROM auto_replies WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(ids));
  }

  private params(values: AutoReplyValues, now: string, extra: Record<string, number>) {
    return {
      ...extra,
      name: values.name,
      subject: values.subject,
      message: values.message,
      startsAt: values.startsAt,
      endsAt: values.endsAt,
      weekdays: JSON.stringify(values.weekdays),
      senderAddress: values.senderAddress,
      excluded: JSON.stringify(values.excluded),
      now,
    };
  }
}

export class SettingsRepository {
  private readonly allStmt: Statement<[], { key: string; value: string }>;
  private readonly upsertStmt: Statement<[string, string, string]>;

  constructor(db: Database) {
    this.allStmt = db.prepare('SELECT key, value FROM workspace_settings');
    this.upsertStmt = db.prepare(
      'INSERT INTO workspace_settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    );
  }

  all(): Record<string, unknown> {
    return Object.fromEntries(this.allStmt.all().map((row) => [row.key, JSON.parse(row.value) as unknown]));
  }
  set(values: WorkspaceSettings, now: string): void {
    for (const [key, value] of Object.entries(values))
      if (value !== undefined) this.upsertStmt.run(key, JSON.stringify(value), now);
  }
}
