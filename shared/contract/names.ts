/**
 * The names of every channel and event, without their schemas, so the
 * sandboxed preload can filter calls without bundling zod and every schema
 * (768 KB → a few KB). index.ts makes the compiler check that this list and
 * the contract's keys are the same set.
 */
export const CHANNEL_NAMES = [
  'workspace.info',
  'organisations.list',
  'organisations.create',
  'organisations.update',
  'organisations.delete',
  'products.list',
  'products.create',
  'products.update',
  'products.delete',
  'mailServices.list',
  'mailServices.get',
  'mailServices.create',
  'mailServices.update',
  'mailServices.delete',
  'mailboxes.list',
  'mailboxes.ids',
  'mailboxes.lookup',
  'mailboxes.create',
  'mailboxes.createMany',
  'mailboxes.update',
  'mailboxes.delete',
  'mailboxes.bulkUpdate',
  'mailboxes.bulkDelete',
  'mailboxes.resetPassword',
  'mailboxes.export',
  'mailboxes.details',
  'aliases.add',
  'aliases.remove',
  'forwarding.set',
  'forwarding.check',
  'autoReplies.save',
  'autoReplies.delete',
  'autoReplies.setActive',
  'autoReplies.resetCounter',
  'bulkCreate.template',
  'bulkCreate.context',
  'bulkCreate.commit',
  'bulkCreate.batches',
  'bulkCreate.exportBatch',
  'bulkCreate.markApplied',
  'settings.get',
  'settings.update',
  'audit.list',
  'audit.undo',
  'access.me',
  'access.actAs',
  'access.matrix',
  'access.grant',
  'access.setFuture',
  'users.list',
  'users.add',
  'users.setRole',
  'users.remove',
  'workGroups.list',
  'workGroups.save',
  'workGroups.delete',
  'transfers.list',
  'transfers.create',
  'transfers.preview',
  'transfers.accept',
  'transfers.cancel',
  'transfers.exportFile',
  'transfers.previewFile',
  'transfers.importFile',
  'filters.get',
  'filters.set',
  'sieve.list',
  'sieve.save',
  'sieve.activate',
  'sieve.delete',
  'templates.list',
  'templates.save',
  'templates.delete',
  'templates.preview',
  'templates.apply',
  'imports.check',
  'imports.list',
  'imports.start',
  'imports.pause',
  'imports.resume',
  'imports.cancel',
  'imports.remove',
  'imports.report',
  'imports.targetServer',
  'imports.setTargetServer',
  'dns.zone',
  'dns.saveZone',
  'dns.check',
  'dns.spfCost',
  'dns.spfEval',
] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

export const EVENT_NAMES = ['workspace.changed', 'transfers.linkOpened', 'imports.progress'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

const channels: ReadonlySet<string> = new Set(CHANNEL_NAMES);
const eventNames: ReadonlySet<string> = new Set(EVENT_NAMES);

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && channels.has(name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && eventNames.has(name);
}
