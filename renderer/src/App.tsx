import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from './components/EmptyState';
import { Icon, type IconName } from './components/icons';
import { Toasts } from './components/Toasts';
import { AccessPage } from './features/access/AccessPage';
import { ActingUserMenu } from './features/access/ActingUserMenu';
import { ActivityPage } from './features/activity/ActivityPage';
import { AttachmentsPage } from './features/attachments/AttachmentsPage';
import { BulkCreatePage, DropOverlay } from './features/bulk-create/BulkCreatePage';
import { useWindowDrop } from './features/bulk-create/use-window-drop';
import { MailboxesPage } from './features/mailboxes/MailboxesPage';
import { CreateOrganisationButton } from './features/organisations/CreateOrganisationButton';
import { OrganisationSwitcher } from './features/organisations/OrganisationSwitcher';
import { OverviewPage } from './features/overview/OverviewPage';
import { DnsPage } from './features/dns/DnsPage';
import { ImportsPage } from './features/imports/ImportsPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { TransfersPage } from './features/transfers/TransfersPage';
import { useBulkCreateStore } from './stores/use-bulk-create-store';
import { useOrganisationsStore } from './stores/use-organisations-store';
import { type Section, useRouteStore } from './stores/use-route-store';
import { toast } from './stores/use-toast-store';
import { useSessionStore } from './stores/use-session-store';

const NAV: { section: Section; icon: IconName }[] = [
  { section: 'overview', icon: 'overview' },
  { section: 'mailboxes', icon: 'mailboxes' },
  { section: 'bulk-create', icon: 'bulk-create' },
  { section: 'mail-import', icon: 'mail-import' },
  { section: 'dns', icon: 'dns' },
  { section: 'transfers', icon: 'transfers' },
  { section: 'access', icon: 'access' },
  { section: 'activity', icon: 'activity' },
  { section: 'attachments', icon: 'attachments' },
];

export function App() {
  const status = useSessionStore((s) => s.status);
  if (status === 'connecting') return <div className="splash" aria-busy="true" />;
  if (status === 'failed') return <ConnectionProblem />;
  return <Shell />;
}

function Shell() {
  const { t } = useTranslation();
  const section = useRouteStore((s) => s.section);
  const go = useRouteStore((s) => s.go);
  const loaded = useOrganisationsStore((s) => s.loaded);
  const load = useOrganisationsStore((s) => s.load);
  const hasOrganisation = useOrganisationsStore((s) => s.currentId !== null);
  const lost = useSessionStore((s) => s.lost);
  const main = useRef<HTMLElement>(null);
  // A CSV dropped on any other page opens in Bulk create (that page handles its own drops).
  const onDropElsewhere = useCallback(
    (files: File[]) => {
      if (document.querySelector('dialog[open]')) return;
      if (files.length !== 1) {
        toast({ tone: 'error', message: t('bulkCreate.input.oneFile') });
        return;
      }
      useBulkCreateStore.getState().handOver(files[0]!);
      go('bulk-create');
    },
    [go, t],
  );
  // Bulk create, the mail import and the attachment check take their own drops.
  const draggingElsewhere = useWindowDrop(
    onDropElsewhere,
    hasOrganisation && section !== 'bulk-create' && section !== 'mail-import' && section !== 'attachments',
  );

  useEffect(() => {
    load().catch(lost);
  }, [load, lost]);
  useEffect(() => {
    // A new page is announced by moving focus to it, as a page load would.
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [section]);

  return (
    <div className="app">
      <a href="#main" className="skip-link" onClick={(e) => (e.preventDefault(), main.current?.focus())}>
        {t('nav.skip')}
      </a>
      <aside className="sidebar">
        <div className="brand">
          <img src="./favicon.svg" alt="" width={28} height={28} />
          <span>Mailwright</span>
        </div>
        <OrganisationSwitcher />
        <ActingUserMenu />
        <nav aria-label={t('nav.label')}>
          <ul className="nav">
            {NAV.map(({ section: s, icon }) => (
              <li key={s}>
                <a
                  href={`#/${s}`}
                  aria-current={section === s ? 'page' : undefined}
                  onClick={(e) => {
                    e.preventDefault();
                    go(s);
                  }}
                >
                  <Icon name={icon} />
                  <span>{t(`nav.${s}`)}</span>
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="sidebar-footer">
          <a
            href="#/settings"
            aria-current={section === 'settings' ? 'page' : undefined}
            onClick={(e) => {
              e.preventDefault();
              go('settings');
            }}
          >
            <Icon name="settings" />
            <span>{t('nav.settings')}</span>
          </a>
        </div>
      </aside>
      <main id="main" ref={main} tabIndex={-1}>
        {!loaded ? null : section === 'settings' ? (
          <SettingsPage />
        ) : section === 'attachments' ? (
          <AttachmentsPage />
        ) : !hasOrganisation ? (
          <Welcome />
        ) : (
          <SectionPage section={section} />
        )}
      </main>
      {draggingElsewhere && (
        <DropOverlay title={t('bulkCreate.overlay.elsewhereTitle')} text={t('bulkCreate.overlay.elsewhere')} />
      )}
      <Toasts />
    </div>
  );
}

function SectionPage({ section }: { section: Exclude<Section, 'settings' | 'attachments'> }) {
  switch (section) {
    case 'overview':
      return <OverviewPage />;
    case 'mailboxes':
      return <MailboxesPage />;
    case 'bulk-create':
      return <BulkCreatePage />;
    case 'activity':
      return <ActivityPage />;
    case 'access':
      return <AccessPage />;
    case 'transfers':
      return <TransfersPage />;
    case 'dns':
      return <DnsPage />;
    case 'mail-import':
      return <ImportsPage />;
  }
}

function Welcome() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <EmptyState level={1} title={t('welcome.title')} action={<CreateOrganisationButton primary />}>
        <p>{t('welcome.text')}</p>
        <ol className="steps">
          <li>{t('welcome.step1')}</li>
          <li>{t('welcome.step2')}</li>
          <li>{t('welcome.step3')}</li>
        </ol>
      </EmptyState>
    </div>
  );
}

function ConnectionProblem() {
  const { t } = useTranslation();
  const failure = useSessionStore((s) => s.failure);
  const message = useSessionStore((s) => s.failureMessage);
  return (
    <main className="connection-problem">
      <h1>{t('connection.title')}</h1>
      <p>{failure === 'other' ? message : t(`connection.${failure ?? 'unreachable'}`)}</p>
      <p className="muted">{t('connection.help')}</p>
      <pre className="command">npm start</pre>
      <button type="button" className="button button-primary" onClick={() => window.location.reload()}>
        {t('connection.retry')}
      </button>
    </main>
  );
}
