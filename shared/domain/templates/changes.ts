/**
 * What a mailbox template would change on one mailbox: the one rule the
 * preview, the apply and the UI share. Values are kept short (a quota, the
 * targets, a reply's subject, the filter switches and list sizes, a
 * script's name) so a preview of thousands of mailboxes stays small.
 */
import type { FilterSettings, TemplateField, TemplateSettings } from '../../contract';

/** The parts of a mailbox a template can touch, as they are now. */
export interface TemplateTarget {
  storageQuotaMb: number;
  forwardTargets: readonly string[];
  forwardKeepCopy: boolean;
  /** The mailbox's reply with the template's reply name, if any. */
  reply: { subject: string; message: string; active: boolean } | null;
  filters: { settings: FilterSettings; allow: readonly string[]; block: readonly string[] };
  /** The mailbox's script with the template's script name, if any. */
  script: { content: string; active: boolean } | null;
}

export interface TemplateChange {
  field: TemplateField;
  before: unknown;
  after: unknown;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

const filterSummary = (f: TemplateTarget['filters']) => ({
  spam: f.settings.spam,
  promotions: f.settings.promotions,
  social: f.settings.social,
  allow: f.allow.length,
  block: f.block.length,
});

export function sameFilters(a: TemplateTarget['filters'], b: TemplateTarget['filters']): boolean {
  const keys = Object.keys(a.settings) as (keyof FilterSettings)[];
  return keys.every((k) => a.settings[k] === b.settings[k]) && sameList(a.allow, b.allow) && sameList(a.block, b.block);
}

/** Every part the template sets that differs from the mailbox; empty when applying would change nothing. */
export function templateChanges(target: TemplateTarget, t: TemplateSettings): TemplateChange[] {
  const changes: TemplateChange[] = [];
  if (t.storageQuotaMb !== null && t.storageQuotaMb !== target.storageQuotaMb) {
    changes.push({ field: 'storageQuota', before: target.storageQuotaMb, after: t.storageQuotaMb });
  }
  if (t.forwarding !== null) {
    // Keeping a copy means nothing without targets: "off" is the same whatever the flag says.
    const off = t.forwarding.targets.length === 0 && target.forwardTargets.length === 0;
    const same =
      sameList(t.forwarding.targets, target.forwardTargets) && (off || t.forwarding.keepCopy === target.forwardKeepCopy);
    if (!same) {
      changes.push({
        field: 'forwarding',
        before: { targets: [...target.forwardTargets], keepCopy: target.forwardKeepCopy },
        after: { targets: [...t.forwarding.targets], keepCopy: t.forwarding.keepCopy },
      });
    }
  }
  if (t.autoReply !== null) {
    const r = target.reply;
    const textChanges = !r || r.subject !== t.autoReply.subject || r.message !== t.autoReply.message;
    const switchesOn = t.autoReply.active && !r?.active;
    if (textChanges || switchesOn) {
      changes.push({
        field: 'autoReply',
        before: r && { subject: r.subject, active: r.active },
        after: { subject: t.autoReply.subject, active: t.autoReply.active || Boolean(r?.active) },
      });
    }
  }
  if (t.filters !== null && !sameFilters(target.filters, t.filters)) {
    changes.push({ field: 'filters', before: filterSummary(target.filters), after: filterSummary(t.filters) });
  }
  if (t.sieve !== null) {
    const s = target.script;
    if (!s || s.content !== t.sieve.content || (t.sieve.activate && !s.active)) {
      changes.push({
        field: 'sieve',
        before: s && { name: t.sieve.name, active: s.active },
        after: { name: t.sieve.name, active: t.sieve.activate || Boolean(s?.active) },
      });
    }
  }
  return changes;
}
