import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Member, Role } from '../../../../shared/contract';
import { ROLES } from '../../../../shared/domain/roles/roles';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field, SelectField } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import { PageHeader } from '../../components/PageHeader';
import { api } from '../../api';
import { useErrorText } from '../../i18n/use-error-text';
import { useAccessStore, useCan, useMyRole } from '../../stores/use-access-store';
import { invalidate } from '../../stores/invalidate';
import { useCurrentOrganisation } from '../../stores/use-organisations-store';
import { toast } from '../../stores/use-toast-store';
import { AccessMatrixView, FutureGrantsDialog } from './AccessMatrix';
import { WorkGroupsView } from './WorkGroups';

const TABS = ['users', 'matrix', 'groups'] as const;
type Tab = (typeof TABS)[number];

export function AccessPage() {
  const { t } = useTranslation();
  const organisation = useCurrentOrganisation();
  const loadOrganisation = useAccessStore((s) => s.loadOrganisation);
  const me = useAccessStore((s) => s.me);
  const manages = useCan('manage-access');
  const [chosen, setTab] = useState<Tab>('users');
  // Acting as someone who doesn't manage access leaves only the users.
  const tab: Tab = manages ? chosen : 'users';
  const baseId = useId();
  useEffect(() => {
    void loadOrganisation();
  }, [loadOrganisation, me, organisation?.id]);
  if (!organisation) return null;
  const tabs = manages ? TABS : (['users'] as const);
  return (
    <div className="page">
      <PageHeader title={t('nav.access')} subtitle={t('access.subtitle', { organisation: organisation.name })} />
      {!manages && <p className="notice notice-info">{t('access.readOnly')}</p>}
      {/* One tab (a member who doesn't manage) needs no tab bar. */}
      {tabs.length > 1 && (
        <div role="tablist" aria-label={t('access.sections')} className="tabs">
          {tabs.map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              id={`${baseId}-${name}`}
              aria-selected={tab === name}
              aria-controls={`${baseId}-panel`}
              className={tab === name ? 'tab active' : 'tab'}
              onClick={() => setTab(name)}
            >
              {t(`access.tabs.${name}`)}
            </button>
          ))}
        </div>
      )}
      <div
        role={tabs.length > 1 ? 'tabpanel' : undefined}
        id={`${baseId}-panel`}
        aria-labelledby={tabs.length > 1 ? `${baseId}-${tab}` : undefined}
        className="tab-panel"
      >
        {tab === 'users' && <UsersView organisationId={organisation.id} />}
        {tab === 'matrix' && manages && <AccessMatrixView />}
        {tab === 'groups' && manages && <WorkGroupsView organisationId={organisation.id} />}
      </div>
    </div>
  );
}

type Open = { kind: 'add' } | { kind: 'remove'; member: Member } | { kind: 'future'; member: Member } | null;

function UsersView({ organisationId }: { organisationId: number }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const members = useAccessStore((s) => s.members);
  const me = useAccessStore((s) => s.me);
  const myRole = useMyRole();
  const canManage = useCan('manage-users');
  const canManageAccess = useCan('manage-access');
  const [open, setOpen] = useState<Open>(null);
  const setRole = async (member: Member, role: Role) => {
    try {
      await api().users.setRole({ organisationId, userId: member.id, role });
      invalidate(['access']);
      toast({ tone: 'success', message: t('access.roleChanged', { user: member.email, role: t(`roles.${role}`) }) });
    } catch (error) {
      toast({ tone: 'error', message: errorText(error) });
      invalidate(['access']);
    }
  };
  // Only a legal representative can appoint one or change one's role.
  const rolesFor = (member: Member) =>
    ROLES.filter(
      (r) => myRole === 'legal-representative' || (r !== 'legal-representative' && member.role !== 'legal-representative'),
    );
  return (
    <section aria-labelledby="members-heading">
      <div className="section-header">
        <h2 id="members-heading">{t('access.members')}</h2>
        {canManage && (
          <button type="button" className="button button-primary" onClick={() => setOpen({ kind: 'add' })}>
            {t('access.addMember')}
          </button>
        )}
      </div>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">{t('access.members')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('access.email')}</th>
              <th scope="col">{t('access.name')}</th>
              <th scope="col">{t('access.role')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id}>
                <td className="mono">
                  {m.email}
                  {m.id === me?.user?.id && <span className="badge badge-info badge-you">{t('access.you')}</span>}
                </td>
                <td>{m.displayName}</td>
                <td>
                  {canManage && rolesFor(m).includes(m.role) ? (
                    <select
                      className="input input-compact"
                      aria-label={t('access.roleOf', { user: m.email })}
                      value={m.role}
                      onChange={(e) => void setRole(m, e.target.value as Role)}
                    >
                      {rolesFor(m).map((r) => (
                        <option key={r} value={r}>
                          {t(`roles.${r}`)}
                        </option>
                      ))}
                    </select>
                  ) : (
                    t(`roles.${m.role}`)
                  )}
                </td>
                <td className="row-actions">
                  {canManageAccess && m.role === 'collaborator' && (
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => setOpen({ kind: 'future', member: m })}
                      aria-label={t('access.futureOf', { user: m.email })}
                    >
                      {t('access.future')}
                    </button>
                  )}
                  {canManage && rolesFor(m).includes(m.role) && (
                    <button
                      type="button"
                      className="button button-small button-danger-ghost"
                      onClick={() => setOpen({ kind: 'remove', member: m })}
                      aria-label={t('access.removeNamed', { user: m.email })}
                    >
                      {t('common.remove')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="field-hint">{t('access.rolesExplained')}</p>
      {open?.kind === 'add' && <AddMemberDialog organisationId={organisationId} onClose={() => setOpen(null)} />}
      {open?.kind === 'remove' && (
        <ConfirmDialog
          title={t('access.removeTitle', { user: open.member.email })}
          confirmLabel={t('common.remove')}
          onClose={() => setOpen(null)}
          onConfirm={async () => {
            await api().users.remove({ organisationId, userId: open.member.id });
            invalidate(['access']);
            toast({ tone: 'success', message: t('access.removed', { user: open.member.email }) });
          }}
        >
          <p>{t('access.removeText')}</p>
        </ConfirmDialog>
      )}
      {open?.kind === 'future' && <FutureGrantsDialog member={open.member} onClose={() => setOpen(null)} />}
    </section>
  );
}

function AddMemberDialog({ organisationId, onClose }: { organisationId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const myRole = useMyRole();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('collaborator');
  const roles = ROLES.filter((r) => r !== 'legal-representative' || myRole === 'legal-representative');
  return (
    <FormDialog
      title={t('access.addMember')}
      submitLabel={t('access.add')}
      onClose={onClose}
      submitDisabled={!/^[^\s@]+@[^\s@]+$/.test(email.trim())}
      onSubmit={async () => {
        const added = await api().users.add({ organisationId, email, displayName: name, role });
        invalidate(['access']);
        toast({ tone: 'success', message: t('access.added', { user: added.email, role: t(`roles.${added.role}`) }) });
      }}
    >
      <Field label={t('access.email')} type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoFocus required />
      <Field label={t('access.name')} value={name} onChange={(e) => setName(e.target.value)} hint={t('access.nameHint')} />
      <SelectField
        label={t('access.role')}
        value={role}
        onChange={(v) => setRole(v as Role)}
        options={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
        hint={t(`access.roleHints.${role}`)}
      />
    </FormDialog>
  );
}
