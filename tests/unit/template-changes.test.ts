import { describe, expect, it } from 'vitest';
import { TemplateSettings } from '../../shared/contract';
import { type TemplateTarget, templateChanges } from '../../shared/domain/templates/changes';

const mailbox = (over: Partial<TemplateTarget> = {}): TemplateTarget => ({
  storageQuotaMb: 20_480,
  forwardTargets: [],
  forwardKeepCopy: true,
  reply: null,
  filters: {
    settings: {
      spam: true,
      spamFolder: 'Spam',
      promotions: false,
      promotionsFolder: 'Promotions',
      social: false,
      socialFolder: 'Social networks',
    },
    allow: [],
    block: [],
  },
  script: null,
  ...over,
});
const template = (over: Record<string, unknown>) => TemplateSettings.parse(over);

describe('what a template changes on a mailbox', () => {
  it('changes nothing when it sets nothing, or only what the mailbox already has', () => {
    expect(templateChanges(mailbox(), template({}))).toEqual([]);
    expect(
      templateChanges(mailbox(), template({ storageQuotaMb: 20_480, forwarding: { targets: [], keepCopy: false } })),
    ).toEqual([]);
    expect(
      templateChanges(
        mailbox({ reply: { subject: 'Away', message: 'Back Monday', active: true } }),
        template({ autoReply: { name: 'Away', subject: 'Away', message: 'Back Monday', active: false } }),
      ),
    ).toEqual([]);
    expect(
      templateChanges(
        mailbox({ script: { content: 'keep;', active: false } }),
        template({ sieve: { name: 'x', content: 'keep;', activate: false } }),
      ),
    ).toEqual([]);
  });

  it('lists each part that differs, with short before and after values', () => {
    const changes = templateChanges(
      mailbox({ forwardTargets: ['a@example.org'], script: { content: 'keep;', active: false } }),
      template({
        storageQuotaMb: 4096,
        forwarding: { targets: ['a@example.org'], keepCopy: false },
        autoReply: { name: 'Away', message: 'Closed', active: true },
        filters: { settings: { ...mailbox().filters.settings, promotions: true }, allow: ['@partner.example'], block: [] },
        sieve: { name: 'Rules', content: 'keep;', activate: true },
      }),
    );
    expect(changes).toEqual([
      { field: 'storageQuota', before: 20_480, after: 4096 },
      {
        field: 'forwarding',
        before: { targets: ['a@example.org'], keepCopy: true },
        after: { targets: ['a@example.org'], keepCopy: false },
      },
      { field: 'autoReply', before: null, after: { subject: '', active: true } },
      {
        field: 'filters',
        before: { spam: true, promotions: false, social: false, allow: 0, block: 0 },
        after: { spam: true, promotions: true, social: false, allow: 1, block: 0 },
      },
      // Same text, but the template makes it the active script.
      { field: 'sieve', before: { name: 'Rules', active: false }, after: { name: 'Rules', active: true } },
    ]);
  });

  it('never switches a reply or a script off that is on (the template only switches on)', () => {
    const [reply] = templateChanges(
      mailbox({ reply: { subject: 'Old', message: 'Old', active: true } }),
      template({ autoReply: { name: 'Away', subject: 'New', message: 'New', active: false } }),
    );
    expect(reply).toEqual({
      field: 'autoReply',
      before: { subject: 'Old', active: true },
      after: { subject: 'New', active: true },
    });
  });
});
