import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailboxFilter } from '../../../../shared/contract';
import { SelectField } from '../../components/Field';
import { Popover } from '../../components/Popover';
import { useMailboxesStore } from '../../stores/use-mailboxes-store';

type Filter = Omit<MailboxFilter, 'search'>;
const MB_PER_GB = 1024;

/** Column filters: state, forwarding, out-of-office, storage quota range. */
export function MailboxFilters() {
  const { t } = useTranslation();
  const filter = useMailboxesStore((s) => s.query.filter);
  const setFilter = useMailboxesStore((s) => s.setFilter);
  const active = Object.values(filter).filter((v) => v !== undefined).length;
  const set = (patch: Partial<Filter>) => setFilter(clean({ ...filter, ...patch }));
  return (
    <Popover label={t('mailboxes.filters.title')} badge={active || null}>
      <SelectField
        label={t('mailboxes.state')}
        value={filter.state ?? ''}
        onChange={(v) => set({ state: v === '' ? undefined : (v as 'planned' | 'created') })}
        options={[
          { value: '', label: t('mailboxes.filters.any') },
          { value: 'planned', label: t('mailboxes.states.planned') },
          { value: 'created', label: t('mailboxes.states.created') },
        ]}
      />
      <SelectField
        label={t('mailboxes.columns.forwarding')}
        value={filter.forwarding ?? ''}
        onChange={(v) => set({ forwarding: v === '' ? undefined : (v as 'on' | 'off') })}
        options={onOff(t)}
      />
      <SelectField
        label={t('mailboxes.columns.autoReply')}
        value={filter.autoReply ?? ''}
        onChange={(v) => set({ autoReply: v === '' ? undefined : (v as 'on' | 'off') })}
        options={onOff(t)}
      />
      <QuotaRange filter={filter} onChange={set} />
      <button type="button" className="button button-small" disabled={active === 0} onClick={() => setFilter({})}>
        {t('mailboxes.filters.clear')}
      </button>
    </Popover>
  );
}

function QuotaRange({ filter, onChange }: { filter: Filter; onChange: (patch: Partial<Filter>) => void }) {
  const { t } = useTranslation();
  const [min, setMin] = useState(filter.quotaMinMb === undefined ? '' : String(filter.quotaMinMb / MB_PER_GB));
  const [max, setMax] = useState(filter.quotaMaxMb === undefined ? '' : String(filter.quotaMaxMb / MB_PER_GB));
  const toMb = (gb: string) => {
    const n = Number(gb.replace(',', '.'));
    return gb.trim() === '' || !Number.isFinite(n) || n < 0 ? undefined : Math.round(n * MB_PER_GB);
  };
  return (
    <fieldset className="range">
      <legend>{t('mailboxes.filters.quotaRange')}</legend>
      <label>
        {t('mailboxes.filters.fromGb')}
        <input
          className="input"
          type="number"
          min={0}
          step="any"
          value={min}
          onChange={(e) => setMin(e.target.value)}
          onBlur={() => onChange({ quotaMinMb: toMb(min) })}
        />
      </label>
      <label>
        {t('mailboxes.filters.toGb')}
        <input
          className="input"
          type="number"
          min={0}
          step="any"
          value={max}
          onChange={(e) => setMax(e.target.value)}
          onBlur={() => onChange({ quotaMaxMb: toMb(max) })}
        />
      </label>
    </fieldset>
  );
}

function onOff(t: (key: string) => string) {
  return [
    { value: '', label: t('mailboxes.filters.any') },
    { value: 'on', label: t('mailboxes.on') },
    { value: 'off', label: t('mailboxes.off') },
  ];
}

function clean(filter: Filter): Filter {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as Filter;
}
