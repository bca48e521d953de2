import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrganisationsStore } from '../../stores/use-organisations-store';
import { CreateOrganisationButton } from './CreateOrganisationButton';

export function OrganisationSwitcher() {
  const { t } = useTranslation();
  const id = useId();
  const organisations = useOrganisationsStore((s) => s.organisations);
  const currentId = useOrganisationsStore((s) => s.currentId);
  const select = useOrganisationsStore((s) => s.select);
  return (
    <div className="org-switcher">
      <label htmlFor={id} className="sidebar-label">
        {t('organisations.current')}
      </label>
      {organisations.length > 0 ? (
        <select id={id} className="input" value={currentId ?? ''} onChange={(e) => select(Number(e.target.value))}>
          {organisations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      ) : (
        <p id={id} className="sidebar-note">
          {t('organisations.none')}
        </p>
      )}
      <CreateOrganisationButton />
    </div>
  );
}
