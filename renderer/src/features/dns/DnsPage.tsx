import { useEffect, useId, useRef, useState } from 'react';
import { ServicePicker } from '../../components/ServicePicker';
import { useTranslation } from 'react-i18next';
import type { DnsCheckReport, DnsMode, DnsSettings, MailService, PlannedZone } from '../../../../shared/contract';
import { api } from '../../api';
import { download } from '../../components/download';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import { PageHeader } from '../../components/PageHeader';
import { Segmented } from '../../components/Segmented';
import { onChange } from '../../stores/invalidate';
import { useHasRight } from '../../stores/use-access-store';
import { useProductsStore } from '../../stores/use-products-store';
import { toast } from '../../stores/use-toast-store';
import { DmarcBuilder } from './DmarcBuilder';
import { Findings } from './Findings';
import { SenderTest } from './SenderTest';
import { SpfEditor } from './SpfEditor';

type PartKey = 'spf' | 'dmarc' | 'mx' | 'dkim' | 'mtaSts' | 'tlsRpt';
const PARTS: PartKey[] = ['spf', 'dmarc', 'mx', 'dkim', 'mtaSts', 'tlsRpt'];

/** DNS of a mail service's domain: the security overview, the SPF editor, and the planned zone — live or planned. */
export function DnsPage() {
  const { t } = useTranslation();
  const services = useProductsStore((s) => s.services);
  const loaded = useProductsStore((s) => s.loaded);
  const [serviceId, setServiceId] = useState<number | null>(null);
  const [mode, setMode] = useState<DnsMode>('live');
  const [version, setVersion] = useState(0);
  const [resolversOpen, setResolversOpen] = useState(false);
  const service = services.find((s) => s.id === serviceId) ?? services[0] ?? null;
  const canManage = useHasRight(service?.productId, 'manage');
  useEffect(() => onChange(['dns'], () => setVersion((v) => v + 1)), []);

  if (!loaded) return null;
  if (!service)
    return (
      <div className="page">
        <PageHeader title={t('nav.dns')} />
        <EmptyState title={t('dns.noServiceTitle')}>
          <p>{t('dns.noServiceText')}</p>
        </EmptyState>
      </div>
    );
  return (
    <div className="page page-wide dns-page">
      <PageHeader
        title={t('nav.dns')}
        subtitle={service.domain}
        actions={
          <div className="inline-field">
            {services.length > 1 && <ServicePicker services={services} value={service.id} onChange={setServiceId} />}
            <button type="button" className="button" onClick={() => setResolversOpen(true)}>
              {t('dns.resolvers')}
            </button>
          </div>
        }
      />
      <p className="muted">{t('dns.intro')}</p>
      <div className="dns-mode">
        {/* The fieldset's legend says it to screen readers; this says it to the eye, beside the choice. */}
        <span aria-hidden="true">{t('dns.mode')}</span>
        <Segmented
          legend={t('dns.mode')}
          hideLegend
          value={mode}
          onChange={setMode}
          options={(['live', 'overlay', 'planned'] as const).map((m) => ({ value: m, label: t(`dns.modes.${m}`) }))}
        />
      </div>
      <Overview key={`${service.id}-${mode}-${version}`} service={service} mode={mode} />
      <SpfEditor
        key={`spf-${service.id}-${mode}-${version}`}
        service={service}
        mode={mode}
        readOnly={!canManage}
        onSaved={() => setVersion((v) => v + 1)}
      />
      <SenderTest key={`eval-${service.id}-${mode}-${version}`} service={service} mode={mode} />
      <DmarcBuilder
        key={`dmarc-${service.id}-${version}`}
        service={service}
        readOnly={!canManage}
        onSaved={() => setVersion((v) => v + 1)}
      />
      <ZoneEditor key={`zone-${service.id}-${version}`} service={service} readOnly={!canManage} />
      {resolversOpen && <ResolversDialog onClose={() => setResolversOpen(false)} onSaved={() => setVersion((v) => v + 1)} />}
    </div>
  );
}

function Overview({ service, mode }: { service: MailService; mode: DnsMode }) {
  const { t } = useTranslation();
  const [selectors, setSelectors] = useState('');
  const [report, setReport] = useState<DnsCheckReport | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (
    list = selectors
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ) => {
    setRunning(true);
    setError(null);
    try {
      setReport(await api().dns.check({ mailServiceId: service.id, mode, selectors: list }));
    } catch (caught) {
      setError(caught);
    } finally {
      setRunning(false);
    }
  };
  // Each view (a service, a mode) is checked as it opens: a few dozen queries, well under a second.
  const first = useRef(true);
  useEffect(() => {
    if (!first.current) return;
    first.current = false;
    void run([]);
  });
  return (
    <section className="dns-card" aria-labelledby="dns-overview-title">
      <h2 id="dns-overview-title">{t('dns.overview')}</h2>
      <div className="toolbar">
        <Field
          label={t('dns.selectors')}
          value={selectors}
          placeholder="default, mail"
          onChange={(e) => setSelectors(e.target.value)}
          hint={t('dns.selectorsHint')}
        />
        <button type="button" className="button button-primary" onClick={() => void run()} disabled={running} aria-busy={running}>
          {t('dns.run')}
        </button>
      </div>
      {running && (
        <div className="progress-row" role="status">
          <progress aria-label={t('dns.running')} />
          <span>{t('dns.running')}</span>
        </div>
      )}
      {error !== null && <ErrorMessage error={error} />}
      {report && (
        <>
          <p role="status">{t('dns.summary', { errors: report.summary.errors, warnings: report.summary.warnings })}</p>
          <div className="dns-parts">
            {PARTS.map((part) => {
              const findings = report[part].findings;
              const tone = findings.some((f) => f.severity === 'error')
                ? 'red'
                : findings.some((f) => f.severity === 'warning')
                  ? 'amber'
                  : 'green';
              return (
                <article key={part} className={`dns-part ${tone}`} aria-label={t(`dns.parts.${part}`)}>
                  <h3>
                    <span className={`dns-light ${tone}`} aria-hidden="true" />
                    {t(`dns.parts.${part}`)} <span className="visually-hidden">{t(`dns.tones.${tone}`)}</span>
                  </h3>
                  <PartFacts report={report} part={part} />
                  <Findings findings={findings} />
                </article>
              );
            })}
          </div>
          <details>
            <summary>{t('dns.trace', { count: report.trace.length })}</summary>
            <table className="dns-trace">
              <thead>
                <tr>
                  <th scope="col">{t('dns.traceName')}</th>
                  <th scope="col">{t('dns.traceType')}</th>
                  <th scope="col">{t('dns.traceAnswer')}</th>
                  <th scope="col">{t('dns.traceMs')}</th>
                </tr>
              </thead>
              <tbody>
                {report.trace.map((q, i) => (
                  <tr key={i}>
                    <td className="mono">{q.name}</td>
                    <td>{q.type}</td>
                    <td className="mono small">
                      {q.cached ? t('dns.cached') : (q.error ?? q.answer?.join(' | ') ?? '')}
                      {q.source === 'planned' ? ` (${t('dns.fromPlan')})` : ''}
                    </td>
                    <td>{q.ms}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}

function PartFacts({ report, part }: { report: DnsCheckReport; part: PartKey }) {
  const { t } = useTranslation();
  switch (part) {
    case 'spf':
      return report.spf.record ? (
        <p className="small">
          <code>{report.spf.record}</code> —{' '}
          {t('dns.spf.lookupsShort', { count: report.spf.lookups, void: report.spf.voidLookups })}
        </p>
      ) : null;
    case 'dmarc':
      return report.dmarc.record ? (
        <p className="small">
          <code>{report.dmarc.record}</code>
        </p>
      ) : null;
    case 'mx':
      return <p className="small">{report.mx.hosts.map((h) => `${h.priority} ${h.exchange}`).join(', ')}</p>;
    case 'dkim':
      return report.dkim.selectors.length ? (
        <p className="small">
          {report.dkim.selectors.map((s) => `${s.selector}${s.keyBits ? `: ${s.keyType} ${s.keyBits} bit` : ''}`).join(', ')}
        </p>
      ) : (
        <p className="small muted">{t('dns.noSelectors')}</p>
      );
    default:
      return report[part].record ? (
        <p className="small">
          <code>{report[part].record}</code>
        </p>
      ) : null;
  }
}

function ZoneEditor({ service, readOnly }: { service: MailService; readOnly: boolean }) {
  const { t } = useTranslation();
  const [zone, setZone] = useState<PlannedZone | null>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const id = useId();
  useEffect(() => {
    let current = true;
    void api()
      .dns.zone({ mailServiceId: service.id })
      .then((z) => {
        if (!current) return;
        setZone(z);
        setText(z.text);
      }, setError);
    return () => {
      current = false;
    };
  }, [service.id]);
  if (!zone) return null;
  const save = async (next: string) => {
    setError(null);
    try {
      const saved = await api().dns.saveZone({ mailServiceId: service.id, text: next });
      setZone(saved);
      setText(saved.text);
      toast({ tone: 'success', message: t('dns.zoneSaved', { count: saved.records.length }) });
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <section className="dns-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('dns.zone')}</h2>
      <p className="muted small">{t('dns.zoneHint')}</p>
      <label htmlFor={id} className="visually-hidden">
        {t('dns.zoneText')}
      </label>
      <textarea
        id={id}
        className="input mono"
        rows={Math.min(18, Math.max(6, text.split('\n').length + 1))}
        value={text}
        readOnly={readOnly}
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
      />
      {zone.problems.length > 0 && (
        <ul className="field-warning">
          {zone.problems.map((p) => (
            <li key={`${p.line}-${p.message}`}>{t('dns.zoneProblem', { line: p.line, message: p.message })}</li>
          ))}
        </ul>
      )}
      {error !== null && <ErrorMessage error={error} />}
      <div className="dialog-actions">
        <label className={`button${readOnly ? ' disabled' : ''}`}>
          {t('dns.importZone')}
          <input
            type="file"
            className="visually-hidden"
            accept=".zone,.txt,.db,text/plain"
            disabled={readOnly}
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (file) setText(await file.text());
              e.target.value = '';
            }}
          />
        </label>
        <button
          type="button"
          className="button"
          disabled={text === ''}
          onClick={() => download(text, `${service.domain}.zone`, 'text/plain;charset=utf-8')}
        >
          {t('dns.exportZone')}
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={readOnly || text === zone.text}
          onClick={() => void save(text)}
        >
          {t('dns.saveZone')}
        </button>
      </div>
    </section>
  );
}

function ResolversDialog({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState<DnsSettings | null>(null);
  const [list, setList] = useState('');
  useEffect(() => {
    void api()
      .settings.get()
      .then((s) => {
        const dns = { resolvers: s.dns?.resolvers ?? [], timeoutMs: s.dns?.timeoutMs ?? 1500 };
        setValue(dns);
        setList(dns.resolvers.join(', '));
      });
  }, []);
  const resolvers = list.split(/[\s,]+/).filter(Boolean);
  const valid = resolvers.every((r) => /^(\d{1,3}(\.\d{1,3}){3}(:\d{1,5})?|\[[0-9a-f:.]+\](:\d{1,5})?|[0-9a-f:]+)$/i.test(r));
  return (
    <FormDialog
      title={t('dns.resolversTitle')}
      submitLabel={t('common.save')}
      submitDisabled={!value || !valid}
      onClose={onClose}
      onSubmit={async () => {
        await api().settings.update({ dns: { resolvers, timeoutMs: value?.timeoutMs ?? 1500 } });
        onSaved();
      }}
    >
      <Field
        label={t('dns.resolverList')}
        value={list}
        placeholder="9.9.9.9, 127.0.0.1:5353"
        onChange={(e) => setList(e.target.value)}
        hint={t('dns.resolverHint')}
        error={valid ? null : t('dns.resolverInvalid')}
      />
    </FormDialog>
  );
}
