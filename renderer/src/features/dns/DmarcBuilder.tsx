import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailService } from '../../../../shared/contract';
import { isDmarcRecord, parseDmarc } from '../../../../shared/domain/dmarc/parse';
import { parseZoneFile, withTxt } from '../../../../shared/domain/dns/zonefile';
import { splitTxt } from '../../../../shared/domain/spf/parse';
import { api } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field, SelectField } from '../../components/Field';
import { Findings } from './Findings';
import { RecordActions } from './RecordActions';

interface Choices {
  p: string;
  sp: string;
  np: string;
  pct: string;
  rua: string;
  ruf: string;
  adkim: string;
  aspf: string;
}

const addresses = (list: string) =>
  list
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((a) => (a.toLowerCase().startsWith('mailto:') ? a : `mailto:${a}`))
    .join(',');

/** The record the choices make: only the tags that differ from DMARC's defaults, in the usual order. */
export function dmarcRecord(c: Choices): string {
  const tags = [`v=DMARC1`, `p=${c.p}`];
  if (c.sp) tags.push(`sp=${c.sp}`);
  if (c.np) tags.push(`np=${c.np}`);
  if (c.pct !== '' && c.pct !== '100') tags.push(`pct=${c.pct}`);
  if (c.rua.trim()) tags.push(`rua=${addresses(c.rua)}`);
  if (c.ruf.trim()) tags.push(`ruf=${addresses(c.ruf)}`);
  if (c.adkim === 's') tags.push('adkim=s');
  if (c.aspf === 's') tags.push('aspf=s');
  return tags.join('; ');
}

function choicesOf(record: string | null, domain: string): Choices {
  const tags = record ? (parseDmarc(record).record?.tags ?? {}) : {};
  const strip = (v: string | undefined) => (v ?? '').replace(/mailto:/gi, '').replace(/,/g, ', ');
  return {
    p: tags.p ?? 'none',
    sp: tags.sp ?? '',
    np: tags.np ?? '',
    pct: tags.pct ?? '100',
    rua: record ? strip(tags.rua) : `dmarc-reports@${domain}`,
    ruf: strip(tags.ruf),
    adkim: tags.adkim ?? 'r',
    aspf: tags.aspf ?? 'r',
  };
}

/** A DMARC record put together from choices, checked as it changes, copied or saved to the planned zone. */
export function DmarcBuilder({ service, readOnly, onSaved }: { service: MailService; readOnly: boolean; onSaved: () => void }) {
  const { t } = useTranslation();
  const [choices, setChoices] = useState<Choices | null>(null);
  const [error, setError] = useState<unknown>(null);
  const titleId = useId();
  const name = `_dmarc.${service.domain}`;
  useEffect(() => {
    let current = true;
    void api()
      .dns.zone({ mailServiceId: service.id })
      .then((zone) => {
        const planned = parseZoneFile(zone.text, service.domain).records.find(
          (r) => r.name === name && r.type === 'TXT' && isDmarcRecord(r.data.join('')),
        );
        if (current) setChoices(choicesOf(planned ? planned.data.join('') : null, service.domain));
      }, setError);
    return () => {
      current = false;
    };
  }, [service.id, service.domain, name]);
  const record = choices ? dmarcRecord(choices) : '';
  const findings = useMemo(() => (record ? parseDmarc(record).findings : []), [record]);
  if (!choices) return error !== null ? <ErrorMessage error={error} /> : null;
  const set = (patch: Partial<Choices>) => setChoices({ ...choices, ...patch });
  const policies = [
    { value: 'none', label: t('dns.dmarc.policies.none') },
    { value: 'quarantine', label: t('dns.dmarc.policies.quarantine') },
    { value: 'reject', label: t('dns.dmarc.policies.reject') },
  ];
  const inherit = [{ value: '', label: t('dns.dmarc.sameAsP') }, ...policies];
  const alignment = [
    { value: 'r', label: t('dns.dmarc.relaxed') },
    { value: 's', label: t('dns.dmarc.strict') },
  ];
  return (
    <section className="dns-card" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('dns.dmarc.title')}</h2>
      <div className="form-grid-2">
        <SelectField
          label={t('dns.dmarc.p')}
          value={choices.p}
          onChange={(p) => set({ p })}
          options={policies}
          hint={t('dns.dmarc.pHint')}
        />
        <Field
          label={t('dns.dmarc.pct')}
          type="number"
          min={0}
          max={100}
          value={choices.pct}
          onChange={(e) => set({ pct: e.target.value })}
          hint={t('dns.dmarc.pctHint')}
        />
        <SelectField label={t('dns.dmarc.sp')} value={choices.sp} onChange={(sp) => set({ sp })} options={inherit} />
        <SelectField label={t('dns.dmarc.np')} value={choices.np} onChange={(np) => set({ np })} options={inherit} />
        <Field
          label={t('dns.dmarc.rua')}
          value={choices.rua}
          onChange={(e) => set({ rua: e.target.value })}
          hint={t('dns.dmarc.ruaHint')}
        />
        <Field label={t('dns.dmarc.ruf')} value={choices.ruf} onChange={(e) => set({ ruf: e.target.value })} />
        <SelectField
          label={t('dns.dmarc.adkim')}
          value={choices.adkim}
          onChange={(adkim) => set({ adkim })}
          options={alignment}
        />
        <SelectField label={t('dns.dmarc.aspf')} value={choices.aspf} onChange={(aspf) => set({ aspf })} options={alignment} />
      </div>
      <p>
        <code className="mono">{`${name} TXT "${record}"`}</code>
      </p>
      <Findings findings={findings} />
      {error !== null && <ErrorMessage error={error} />}
      <RecordActions
        service={service}
        record={record}
        copyLabel={t('dns.dmarc.copy')}
        savedMessage={t('dns.dmarc.saved')}
        disabled={readOnly || findings.some((f) => f.severity === 'error')}
        change={(zoneText) => withTxt(zoneText, service.domain, name, isDmarcRecord, splitTxt(record))}
        onSaved={onSaved}
        onError={setError}
      />
    </section>
  );
}
