import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../../../shared/contract';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import { useOrganisationsStore } from '../../stores/use-organisations-store';
import { toast } from '../../stores/use-toast-store';

export function CreateOrganisationDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const create = useOrganisationsStore((s) => s.create);
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  const missing = name.trim() === '';
  return (
    <FormDialog
      title={t('organisations.createTitle')}
      submitLabel={t('organisations.create')}
      onClose={onClose}
      onSubmit={async () => {
        setTouched(true);
        if (missing) throw new Error(t('organisations.nameRequired'));
        const created = await create(name.trim());
        toast({ tone: 'success', message: t('organisations.created', { name: created.name }) });
      }}
    >
      <Field
        label={t('organisations.name')}
        value={name}
        onChange={(e) => setName(e.target.value)}
        onBlur={() => setTouched(true)}
        maxLength={120}
        autoFocus
        required
        hint={t('organisations.nameHint')}
        error={touched && missing ? t('organisations.nameRequired') : null}
      />
    </FormDialog>
  );
}

export function RenameOrganisationDialog({ organisation, onClose }: { organisation: Organisation; onClose: () => void }) {
  const { t } = useTranslation();
  const rename = useOrganisationsStore((s) => s.rename);
  const [name, setName] = useState(organisation.name);
  const missing = name.trim() === '';
  return (
    <FormDialog
      title={t('organisations.renameTitle', { name: organisation.name })}
      submitLabel={t('common.save')}
      onClose={onClose}
      submitDisabled={missing}
      onSubmit={async () => {
        await rename(organisation.id, name.trim());
        toast({ tone: 'success', message: t('organisations.renamed', { name: name.trim() }) });
      }}
    >
      <Field
        label={t('organisations.name')}
        value={name}
        onChange={(e) => setName(e.target.value)}
        maxLength={120}
        autoFocus
        required
        error={missing ? t('organisations.nameRequired') : null}
      />
    </FormDialog>
  );
}

export function DeleteOrganisationDialog({ organisation, onClose }: { organisation: Organisation; onClose: () => void }) {
  const { t } = useTranslation();
  const remove = useOrganisationsStore((s) => s.remove);
  return (
    <ConfirmDialog
      title={t('organisations.deleteTitle', { name: organisation.name })}
      confirmLabel={t('organisations.delete')}
      onClose={onClose}
      onConfirm={async () => {
        await remove(organisation.id);
        toast({ tone: 'success', message: t('organisations.deleted', { name: organisation.name }) });
      }}
    >
      <p>
        {organisation.productCount > 0
          ? t('organisations.deleteNotEmpty', { count: organisation.productCount })
          : t('organisations.deleteText')}
      </p>
    </ConfirmDialog>
  );
}
