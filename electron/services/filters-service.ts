import type { FilterSettings, MailboxFilters, ParsedInput } from '../../shared/contract';
import { checkFilterLists, isListError } from '../../shared/domain/filters/lists';
import type { CallContext, ServiceContext } from './context';
import { AppError } from './errors';
import type { MailServicesService } from './mail-services-service';
import type { MailboxesService } from './mailboxes-service';

interface FilterRow {
  spam: number;
  spam_folder: string;
  promotions: number;
  promotions_folder: string;
  social: number;
  social_folder: string;
}

/** The provider's defaults for a mailbox nobody changed: spam filtered, promotions and social networks not. */
export const FILTER_DEFAULTS: FilterSettings = {
  spam: true,
  spamFolder: 'Spam',
  promotions: false,
  promotionsFolder: 'Promotions',
  social: false,
  socialFolder: 'Social networks',
};

export interface FiltersSnapshot {
  settings: FilterSettings;
  allow: string[];
  block: string[];
}

/** Spam, promotions and social-network filters and the allow/block lists of a mailbox. */
export class FiltersService {
  constructor(
    private readonly s: ServiceContext,
    private readonly mailServices: MailServicesService,
    private readonly mailboxes: MailboxesService,
  ) {}

  get(input: ParsedInput<'filters.get'>): MailboxFilters {
    const mailbox = this.mailboxes.row(input.mailboxId);
    const address = `${mailbox.local_part}@${this.mailServices.get(mailbox.mail_service_id).domain}`;
    const snapshot = this.snapshot(mailbox.id);
    return {
      mailboxId: mailbox.id,
      address,
      ...snapshot,
      problems: checkFilterLists(address, snapshot.allow, snapshot.block).problems,
    };
  }

  set(input: ParsedInput<'filters.set'>, ctx: CallContext): MailboxFilters & { auditId: number | null } {
    return this.s.write((now) => {
      const current = this.get({ mailboxId: input.mailboxId });
      const mailbox = this.mailboxes.row(input.mailboxId);
      this.mailServices.assertWritable(mailbox.mail_service_id);
      const { mailboxId: _id, allow, block, ...changes } = input;
      const lists = checkFilterLists(current.address, allow ?? current.allow, block ?? current.block);
      const errors = lists.problems.filter(isListError);
      if (errors.length > 0) {
        throw new AppError(
          'invalid-filter-entry',
          `"${errors[0]!.entry}" is neither an address nor a domain like @example.ch. Nothing was saved.`,
          { entry: errors[0]!.entry, list: errors[0]!.list, count: errors.length },
        );
      }
      const next: FiltersSnapshot = {
        settings: { ...current.settings, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) },
        allow: lists.allow,
        block: lists.block,
      };
      const before: FiltersSnapshot = { settings: current.settings, allow: current.allow, block: current.block };
      if (JSON.stringify(before) === JSON.stringify(next)) return { ...current, auditId: null };
      this.write(mailbox.id, next, now);
      const auditId = this.s.record(
        ctx,
        {
          action: 'filters.update',
          entityType: 'mailbox',
          entityId: mailbox.id,
          organisationId: this.mailServices.get(mailbox.mail_service_id).organisationId,
          summary: current.address,
          before,
          after: next,
        },
        now,
      );
      return { ...this.get({ mailboxId: mailbox.id }), auditId };
    });
  }

  /** Puts a mailbox's filters back as they were (undo); the caller holds the transaction. */
  restore(mailboxId: number, snapshot: FiltersSnapshot, now: string): void {
    this.mailServices.assertWritable(this.mailboxes.row(mailboxId).mail_service_id);
    this.write(mailboxId, snapshot, now);
  }

  /** Writes a mailbox's filters as given, without checks: for a transfer arriving (in its own transaction). */
  put(mailboxId: number, snapshot: FiltersSnapshot, now: string): void {
    this.write(mailboxId, snapshot, now);
  }

  /** What a transfer file carries of a mailbox's filters. */
  snapshotOf(mailboxId: number): FiltersSnapshot {
    return this.snapshot(mailboxId);
  }

  private snapshot(mailboxId: number): FiltersSnapshot {
    const row = this.s.db.prepare('SELECT * FROM mailbox_filters WHERE mailbox_id = ?').get(mailboxId) as FilterRow | undefined;
    const settings = row
      ? {
          spam: row.spam === 1,
          spamFolder: row.spam_folder,
          promotions: row.promotions === 1,
          promotionsFolder: row.promotions_folder,
          social: row.social === 1,
          socialFolder: row.social_folder,
        }
      : FILTER_DEFAULTS;
    const entries = this.s.db
      .prepare('SELECT list, entry FROM mailbox_filter_entries WHERE mailbox_id = ? ORDER BY list, position')
      .all(mailboxId) as { list: 'allow' | 'block'; entry: string }[];
    return {
      settings,
      allow: entries.filter((e) => e.list === 'allow').map((e) => e.entry),
      block: entries.filter((e) => e.list === 'block').map((e) => e.entry),
    };
  }

  private write(mailboxId: number, next: FiltersSnapshot, now: string): void {
    const st = next.settings;
    this.s.db
      .prepare(
        `INSERT INTO mailbox_filters (mailbox_id, spam, spam_folder, promotions, promotions_folder, social, social_folder, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (mailbox_id) DO UPDATE SET spam = excluded.spam, spam_folder = excluded.spam_folder,
           promotions = excluded.promotions, promotions_folder = excluded.promotions_folder,
           social = excluded.social, social_folder = excluded.social_folder, updated_at = excluded.updated_at`,
      )
      .run(
        mailboxId,
        st.spam ? 1 : 0,
        st.spamFolder,
        st.promotions ? 1 : 0,
        st.promotionsFolder,
        st.social ? 1 : 0,
        st.socialFolder,
        now,
      );
    this.s.db.prepare('DELETE FROM mailbox_filter_entries WHERE mailbox_id = ?').run(mailboxId);
    const insert = this.s.db.prepare(
      'INSERT INTO mailbox_filter_entries (mailbox_id, list, entry, position) VALUES (?, ?, ?, ?)',
    );
    next.allow.forEach((entry, i) => insert.run(mailboxId, 'allow', entry, i));
    next.block.forEach((entry, i) => insert.run(mailboxId, 'block', entry, i));
  }
}
