import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkGroup } from '../../../../shared/contract';
import type { ProductRight } from '../../../../shared/domain/roles/permissions';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import { api } from '../../api';
import { useAccessStore } from '../../stores/use-access-store';
import { invalidate } from '../../stores/invalidate';
import { toast } from '../../stores/use-toast-store';
import { toRights, toggleRight } from './AccessMatrix';

type Open = { kind: 'edit'; group: WorkGroup | null } | { kind: 'delete'; group: WorkGroup } | null;

/** Work groups bundle product rights and are given to several collaborators at once. */
export function WorkGroupsView({ organisationId }: { organisationId: number }) {
  const { t } = useTranslation();
  const groups = useAccessStore((s) => s.groups);
  const matrix = useAccessStore((s) => s.matrix);
  const [open, setOpen] = useState<Open>(null);
  const productName = (id: number) => matrix?.products.find((p) => p.id === id)?.name ?? String(id);
  const memberEmail = (id: number) => matrix?.members.find((m) => m.id === id)?.email ?? String(id);
  return (
    <section aria-labelledby="groups-heading">
      <div className="section-header">
        <h2 id="groups-heading">{t('access.groups')}</h2>
        <button type="button" className="button button-primary" onClick={() => setOpen({ kind: 'edit', group: null })}>
          {t('access.addGroup')}
        </button>
      </div>
      {groups.length === 0 ? (
        <p className="muted">{t('access.noGroups')}</p>
      ) : (
        <ul className="cards">
          {groups.map((g) => (
            <li key={g.id} className="card">
              <div className="card-header">
                <h3>{g.name}</h3>
              </div>
              <p>
                {t('access.groupMembers', { count: g.memberIds.length })}: {g.memberIds.map(memberEmail).join(', ') || '—'}
              </p>
              <ul className="plain-list">
                {g.grants.map((gr) => (
                  <li key={gr.productId}>
                    {productName(gr.productId)}: {gr.rights.map((r) => t(`rights.${r}`)).join(', ')}
                  </li>
                ))}
              </ul>
              <div className="card-actions">
                <button
                  type="button"
                  className="button"
                  onClick={() => setOpen({ kind: 'edit', group: g })}
                  aria-label={t('access.editGroup', { name: g.name })}
                >
                  {t('common.edit')}
                </button>
                <button
                  type="button"
                  className="button button-danger-ghost"
                  onClick={() => setOpen({ kind: 'delete', group: g })}
                  aria-label={t('access.deleteGroup', { name: g.name })}
                >
                  {t('common.delete')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {open?.kind === 'edit' && <GroupDialog organisationId={organisationId} group={open.group} onClose={() => setOpen(null)} />}
      {open?.kind === 'delete' && (
        <ConfirmDialog
          title={t('access.deleteGroupTitle', { name: open.group.name })}
          confirmLabel={t('common.delete')}
          onClose={() => setOpen(null)}
          onConfirm={async () => {
            await api().workGroups.delete({ id: open.group.id });
            invalidate(['access']);
            toast({ tone: 'success', message: t('access.groupDeleted', { name: open.group.name }) });
          }}
        >
          <p>{t('access.deleteGroupText')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function GroupDialog({
  organisationId,
  group,
  onClose,
}: {
  organisationId: number;
  group: WorkGroup | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const matrix = useAccessStore((s) => s.matrix);
  const [name, setName] = useState(group?.name ?? '');
  const [members, setMembers] = useState<number[]>(group?.memberIds ?? []);
  const [rights, setRights] = useState<Record<number, ProductRight[]>>(
    Object.fromEntries((group?.grants ?? []).map((g) => [g.productId, g.rights])),
  );
  // Managers hold every right anyway: groups are for collaborators and externals.
  const candidates = (matrix?.members ?? []).filter((m) => m.role === 'collaborator' || m.role === 'external');
  return (
    <FormDialog
      title={group ? t('access.editGroup', { name: group.name }) : t('access.addGroup')}
      submitLabel={t('common.save')}
      onClose={onClose}
      submitDisabled={name.trim() === ''}
      onSubmit={async () => {
        await api().workGroups.save({
          organisationId,
          id: group?.id,
          name,
          memberIds: members,
          grants: Object.entries(rights).map(([productId, list]) => ({ productId: Number(productId), rights: toRights(list) })),
        });
        invalidate(['access']);
        toast({ tone: 'success', message: t('access.groupSaved', { name: name.trim() }) });
      }}
    >
      <Field label={t('access.groupName')} value={name} onChange={(e) => setName(e.target.value)} autoFocus required />
      <fieldset className="rights">
        <legend>{t('access.groupMembersLegend')}</legend>
        {candidates.length === 0 && <p className="muted">{t('access.noCandidates')}</p>}
        {candidates.map((m) => (
          <label key={m.id} className="checkbox">
            <input
              type="checkbox"
              checked={members.includes(m.id)}
              onChange={(e) => setMembers(e.target.checked ? [...members, m.id] : members.filter((id) => id !== m.id))}
            />
            <span className="mono">{m.email}</span>
          </label>
        ))}
      </fieldset>
      {(matrix?.products ?? []).map((p) => (
        <fieldset key={p.id} className="rights rights-row">
          <legend>
            {p.name} <span className="field-hint">{t(`products.kinds.${p.kind}`)}</span>
          </legend>
          {p.rights.map((right) => (
            <label key={right} className="checkbox-inline">
              <input
                type="checkbox"
                checked={(rights[p.id] ?? []).includes(right)}
                onChange={(e) => setRights({ ...rights, [p.id]: toggleRight(rights[p.id] ?? [], right, e.target.checked) })}
              />
              <span>{t(`rights.${right}`)}</span>
            </label>
          ))}
        </fieldset>
      ))}
    </FormDialog>
  );
}
