import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/icons';
import { CreateOrganisationDialog } from './OrganisationDialogs';

export function CreateOrganisationButton({ primary = false }: { primary?: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className={`button ${primary ? 'button-primary' : 'button-ghost button-block'}`}
        onClick={() => setOpen(true)}
      >
        <Icon name="plus" size={16} />
        {t('organisations.new')}
      </button>
      {open && <CreateOrganisationDialog onClose={() => setOpen(false)} />}
    </>
  );
}
