import type { z } from 'zod';
import { accessContract } from './access';
import { auditContract } from './audit';
import { bulkCreateContract } from './bulk-create';
import { filtersContract } from './filters';
import { sieveContract } from './sieve';
import { templatesContract } from './templates';
import { dnsContract } from './dns';
import { importsContract } from './imports';
import { mailServicesContract } from './mail-services';
import { mailboxSettingsContract } from './mailbox-settings';
import { mailboxesContract } from './mailboxes';
import { organisationsContract } from './organisations';
import { productsContract } from './products';
import { settingsContract } from './settings';
import { transfersContract } from './transfers';
import { workspaceContract } from './workspace';
import type { events } from './events';
import type { ChannelName, EventName } from './names';

export * from './common';
export * from './events';
export * from './organisations';
export * from './products';
export * from './mail-services';
export * from './mailboxes';
export * from './mailbox-settings';
export * from './settings';
export * from './bulk-create';
export * from './audit';
export * from './access';
export * from './transfers';
export * from './filters';
export * from './sieve';
export * from './templates';
export * from './dns';
export * from './imports';
export * from './workspace';

/** The one contract every transport serves. Channel names are `<area>.<verb>`. */
export const contract = {
  ...workspaceContract,
  ...organisationsContract,
  ...productsContract,
  ...mailServicesContract,
  ...mailboxesContract,
  ...mailboxSettingsContract,
  ...bulkCreateContract,
  ...auditContract,
  ...accessContract,
  ...transfersContract,
  ...filtersContract,
  ...sieveContract,
  ...templatesContract,
  ...dnsContract,
  ...importsContract,
  ...settingsContract,
};
export type Contract = typeof contract;

// names.ts lists the same channels and events without their schemas (for the preload): keep them equal.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const channelNamesMatch: SameKeys<keyof Contract, ChannelName> = true;
const eventNamesMatch: SameKeys<keyof typeof events, EventName> = true;
void channelNamesMatch;
void eventNamesMatch;
export type ChannelInput<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends ChannelName> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Contract[C]['output']>;

export { CHANNEL_NAMES, EVENT_NAMES, isChannelName, isEventName, type ChannelName, type EventName } from './names';

type AreaOf<C> = C extends `${infer A}.${string}` ? A : never;
export type Area = AreaOf<ChannelName>;

/** `api.mailboxes.list(input)` shape derived from the channel names. */
export type Api = {
  [A in Area]: {
    [C in ChannelName as C extends `${A}.${infer V}` ? V : never]: undefined extends ChannelInput<C>
      ? (input?: ChannelInput<C>) => Promise<ChannelOutput<C>>
      : (input: ChannelInput<C>) => Promise<ChannelOutput<C>>;
  };
};
export * from './bridge';
