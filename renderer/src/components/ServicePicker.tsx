import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailService } from '../../../shared/contract';

/** The "Mail service" choice of the pages that work on one service (a label and a select, for an inline field). */
export function ServicePicker({
  services,
  value,
  onChange,
}: {
  services: readonly MailService[];
  value: number;
  onChange: (id: number) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{t('mailboxes.service')}</label>
      <select id={id} className="input" value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {services.map((s) => (
          <option key={s.id} value={s.id}>
            {s.domain}
          </option>
        ))}
      </select>
    </>
  );
}
