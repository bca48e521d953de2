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

export interface AuditQuery {
  organisationId?: number | undefined;
  organisationIds?: number[] | undefined;
  actor?: string | undefined;
  entityType?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  offset: number;
  limit: number;
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
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
    this.insertStmt = db.prepare(
      `INSERT INTO audit_log (at, actor, action, entity_type, entity_id, organisation_id, summary, before_json, after_json, undoes_id)
       VALUES (@at, @actor, @action, @entityType, @entityId, @organisationId, @summary, @before, @after, @undoesId)`,
    );
    this.getStmt = db.prepare('SELECT * FROM audit_log WHERE id = ?');
    this.markUndoneStmt = db.prepare('UPDATE audit_log SET undone_at = ? WHERE id = ?');
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

  /**
   * A page of entries, newest first. `organisationIds` limits to those
   * organisations (plus entries of none, e.g. workspace-wide changes) — what
   * the acting user may see.
   */
  list(q: AuditQuery, isUndoable: (row: AuditRow) => boolean) {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (q.organisationId !== undefined) {
      where.push('organisation_id = @org');
      params.org = q.organisationId;
    }
    if (q.organisationIds !== undefined) {
      where.push('(organisation_id IS NULL OR organisation_id IN (SELECT value FROM json_each(@orgs)))');
      params.orgs = JSON.stringify(q.organisationIds);
    }
    const facetWhere = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const facetParams = { ...params };
    if (q.actor) {
      // A full address finds that user only (not joanna@ for anna@); anything else is a part of the actor.
      where.push(
        /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(q.actor)
          ? "(lower(actor) = lower(@actor) OR substr(lower(actor), 1, length(@actor) + 2) = lower(@actor) || ' (')"
          : 'instr(lower(actor), lower(@actor)) > 0',
      );
      params.actor = q.actor;
    }
    if (q.entityType) {
      where.push('entity_type = @entityType');
      params.entityType = q.entityType;
    }
    if (q.action) {
      // An area (`mailbox`) finds its actions and their undos; a full action finds itself and its undo.
      if (q.action.includes('.')) {
        where.push("(action = @action OR action = @action || '.undo')");
        params.action = q.action;
      } else {
        where.push("action LIKE @actionArea ESCAPE '\\'");
        params.actionArea = `${q.action.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`;
      }
    }
    if (q.from) {
      where.push('at >= @from');
      params.from = q.from;
    }
    if (q.to) {
      where.push('at <= @to');
      params.to = q.to;
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = this.db
      .prepare(`SELECT * FROM audit_log ${clause} ORDER BY id DESC LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: q.limit, offset: q.offset }) as AuditRow[];
    const total = (this.db.prepare(`SELECT count(*) AS n FROM audit_log ${clause}`).get(params) as { n: number }).n;
    const distinct = (column: string) =>
      (
        this.db.prepare(`SELECT DISTINCT ${column} AS v FROM audit_log ${facetWhere} ORDER BY 1 LIMIT 500`).all(facetParams) as {
          v: string;
        }[]
      ).map((r) => r.v);
    return {
      rows: rows.map((row) => toEntry(row, isUndoable(row))),
      total,
      facets: { actors: distinct('actor'), entityTypes: distinct('entity_type'), actions: distinct('action') },
    };
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
