import type { Database, Statement } from 'better-sqlite3';
import type { AuditEntry } from '../../../shared/contract';
import { redactSecrets } from '../../../shared/domain/audit/redact';

export interface AuditRecord {
  actor: string;
  action: string;
  entityType: string;
  entityId: number | null;
  organisationId: number | null;
  summary: string;
  before?: unknown;
  after?: unknown;
  undoesId?: number;
}

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: number | null;
  organisation_id: number | null;
  summary: string;
  before_json: string | null;
  after_json: string | null;
  undoes_id: number | null;
  undone_at: string | null;
}

export class AuditRepository {
  private readonly insertStmt: Statement;
  private readonly getStmt: Statement<[number], AuditRow>;
  private readonly markUndoneStmt: Statement<[string, number]>;
  private readonly listAllStmt: Statement<[number, number], AuditRow>;
  private readonly listOrgStmt: Statement<[number, number, number], AuditRow>;
  private readonly countAllStmt: Statement<[], { n: number }>;
  private readonly countOrgStmt: Statement<[number], { n: number }>;

  constructor(db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO audit_log (at, actor, action, entity_type, entity_id, organisation_id, summary, before_json, after_json, undoes_id)
       VALUES (@at, @actor, @action, @entityType, @entityId, @organisationId, @summary, @before, @after, @undoesId)`,
    );
    this.getStmt = db.prepare('SELECT * FROM audit_log WHERE id = ?');
    this.markUndoneStmt = db.prepare('UPDATE audit_log SET undone_at = ? WHERE id = ?');
    this.listAllStmt = db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ? OFFSET ?');
    this.listOrgStmt = db.prepare('SELECT * FROM audit_log WHERE organisation_id = ? ORDER BY id DESC LIMIT ? OFFSET ?');
    this.countAllStmt = db.prepare('SELECT count(*) AS n FROM audit_log');
    this.countOrgStmt = db.prepare('SELECT count(*) AS n FROM audit_log WHERE organisation_id = ?');
  }

  /** Secrets are stripped here, whatever the caller passed: the audit log never holds them. */
  record(entry: AuditRecord, at: string): number {
    const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(redactSecrets(value)));
    return Number(
      this.insertStmt.run({
        at,
        actor: entry.actor,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        organisationId: entry.organisationId,
        summary: entry.summary,
        before: json(entry.before),
        after: json(entry.after),
        undoesId: entry.undoesId ?? null,
      }).lastInsertRowid,
    );
  }

  getRow(id: number): AuditRow | undefined {
    return this.getStmt.get(id);
  }

  markUndone(id: number, at: string): void {
    this.markUndoneStmt.run(at, id);
  }

  list(q: { organisationId?: number | undefined; offset: number; limit: number }, isUndoable: (row: AuditRow) => boolean) {
    const rows =
      q.organisationId === undefined
        ? this.listAllStmt.all(q.limit, q.offset)
        : this.listOrgStmt.all(q.organisationId, q.limit, q.offset);
    const total = q.organisationId === undefined ? this.countAllStmt.get()!.n : this.countOrgStmt.get(q.organisationId)!.n;
    return { rows: rows.map((row) => toEntry(row, isUndoable(row))), total };
  }
}

export type { AuditRow };

function toEntry(row: AuditRow, undoable: boolean): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    organisationId: row.organisation_id,
    summary: row.summary,
    before: row.before_json === null ? null : (JSON.parse(row.before_json) as unknown),
    after: row.after_json === null ? null : (JSON.parse(row.after_json) as unknown),
    undoable,
    undoneAt: row.undone_at,
  };
}
