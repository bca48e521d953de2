import {
  columnOrderingFeature,
  columnResizingFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  rowSortingFeature,
  tableFeatures,
} from '@tanstack/react-table';
import i18next from 'i18next';
import type { Mailbox, MailboxSortColumn } from '../../../../shared/contract';
import { formatDateTime } from '../../i18n/format';
import { gbText } from './MailboxDialogs';

/**
 * The mailbox table's TanStack setup, at module scope so it stays stable:
 * sorting is manual (SQL does it), and visibility, order and widths are
 * features whose state the workspace remembers.
 */
export const features = tableFeatures({
  columnVisibilityFeature,
  columnOrderingFeature,
  columnSizingFeature,
  columnResizingFeature,
  rowSortingFeature,
});

const helper = createColumnHelper<typeof features, Mailbox>();

/** Column id → the sort key the service knows. */
export const SORT_COLUMN: Record<string, MailboxSortColumn> = {
  address: 'address',
  displayName: 'displayName',
  storageQuotaMb: 'storageQuotaMb',
  state: 'state',
  forwarding: 'forwarding',
  autoReply: 'autoReply',
  aliasCount: 'aliasCount',
  updatedAt: 'updatedAt',
};

/*
 * Cells read translations with i18next.t rather than useTranslation: hundreds of cells mount per scroll
 * frame, and a hook each (with its language subscription) cost more than the rows themselves. The table
 * re-renders on a language change anyway.
 */
const t = (key: string, options?: Record<string, unknown>) => i18next.t(key, options);

function ColumnLabel({ id }: { id: string }) {
  return <>{t(`mailboxes.columns.${id}`)}</>;
}

function Forwarding({ mailbox }: { mailbox: Mailbox }) {
  if (mailbox.forwardTargets.length === 0) return <span className="muted">{t('mailboxes.off')}</span>;
  return (
    <span title={mailbox.forwardTargets.join(', ')}>
      <span className="badge badge-info">
        {mailbox.forwardKeepCopy ? t('mailboxes.forwardKeep') : t('mailboxes.forwardOnly')}
      </span>{' '}
      {mailbox.forwardTargets[0]}
      {mailbox.forwardTargets.length > 1 && ` +${mailbox.forwardTargets.length - 1}`}
    </span>
  );
}

function AutoReplyCell({ mailbox }: { mailbox: Mailbox }) {
  if (!mailbox.autoReply.active) return <span className="muted">{t('mailboxes.off')}</span>;
  return (
    <span>
      <span className="badge badge-warning">{t('mailboxes.on')}</span>{' '}
      {mailbox.autoReply.until ? t('mailboxes.until', { date: formatDateTime(mailbox.autoReply.until, i18next.language) }) : ''}
    </span>
  );
}

function Quota({ mb }: { mb: number }) {
  return <>{t('mailboxes.quotaValue', { gb: gbText(mb, i18next.language) })}</>;
}

function StateBadge({ state }: { state: Mailbox['state'] }) {
  return <span className={`badge badge-${state}`}>{t(`mailboxes.states.${state}`)}</span>;
}

function DateCell({ iso }: { iso: string }) {
  return <>{formatDateTime(iso, i18next.language)}</>;
}

export const SELECT_COLUMN = 'select';

export const columns = helper.columns([
  helper.display({
    id: SELECT_COLUMN,
    size: 44,
    enableHiding: false,
    enableSorting: false,
    enableResizing: false,
    header: () => null,
    cell: () => null,
  }),
  helper.accessor('address', {
    id: 'address',
    size: 300,
    minSize: 160,
    enableHiding: false,
    header: () => <ColumnLabel id="address" />,
    cell: (info) => <span className="mono">{info.getValue()}</span>,
  }),
  helper.accessor('displayName', {
    id: 'displayName',
    size: 200,
    header: () => <ColumnLabel id="displayName" />,
    cell: (info) => info.getValue(),
  }),
  helper.accessor('storageQuotaMb', {
    id: 'storageQuotaMb',
    size: 110,
    header: () => <ColumnLabel id="storageQuotaMb" />,
    cell: (info) => <Quota mb={info.getValue()} />,
  }),
  helper.accessor('state', {
    id: 'state',
    size: 110,
    header: () => <ColumnLabel id="state" />,
    cell: (info) => <StateBadge state={info.getValue()} />,
  }),
  helper.display({
    id: 'forwarding',
    size: 240,
    header: () => <ColumnLabel id="forwarding" />,
    cell: (info) => <Forwarding mailbox={info.row.original} />,
  }),
  helper.display({
    id: 'autoReply',
    size: 190,
    header: () => <ColumnLabel id="autoReply" />,
    cell: (info) => <AutoReplyCell mailbox={info.row.original} />,
  }),
  helper.accessor('aliasCount', {
    id: 'aliasCount',
    size: 90,
    header: () => <ColumnLabel id="aliasCount" />,
    cell: (info) => info.getValue() || '',
  }),
  helper.accessor('updatedAt', {
    id: 'updatedAt',
    size: 170,
    header: () => <ColumnLabel id="updatedAt" />,
    cell: (info) => <DateCell iso={info.getValue()} />,
  }),
]);

export const HIDEABLE_COLUMNS = ['displayName', 'storageQuotaMb', 'state', 'forwarding', 'autoReply', 'aliasCount', 'updatedAt'];
export const DEFAULT_ORDER = [SELECT_COLUMN, 'address', ...HIDEABLE_COLUMNS];
