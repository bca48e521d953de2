import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DnsMode, MailService, SpfCost, SpfTreeNode } from '../../../../shared/contract';
import { withApexSpf } from '../../../../shared/domain/dns/zonefile';
import { addInclude } from '../../../../shared/domain/spf/lint';
import { parseSpf } from '../../../../shared/domain/spf/parse';
import { SPF_PRESETS } from '../../../../shared/domain/spf/presets';
import { api } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatNumber } from '../../i18n/format';
import { Findings } from './Findings';
import { RecordActions } from './RecordActions';

const QUALIFIERS = ['+', '-', '~', '?'] as const;

/** "v=spf1 a -all" → ['a', '-all']: the editor works on the terms as written. */
const termsOf = (record: string) => record.trim().split(/ +/).slice(1);
const recordOf = (terms: readonly string[]) => ['v=spf1', ...terms.filter((t) => t.trim() !== '')].join(' ');
const isMechanism = (term: string) => !/^[a-z][a-z0-9_.-]*=/i.test(term);
const split = (term: string): [string, string] => {
  const m = /^([+\-~?]?)(.*)$/.exec(term)!;
  return [m[1] || '+', m[2]!];
};

/**
 * The domain's SPF record as a list of terms: add, remove, reorder, change a qualifier, insert a known sender
 * before "all" — and before anything is saved, what it costs as receivers count it (lookups of the 10 allowed,
 * void lookups, size, TXT strings), the include tree, and the change from the record answering now.
 */
export function SpfEditor({
  service,
  mode,
  readOnly,
  onSaved,
}: {
  service: MailService;
  mode: DnsMode;
  readOnly: boolean;
  onSaved: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [terms, setTerms] = useState<string[] | null>(null);
  const [cost, setCost] = useState<{ record: string; cost?: SpfCost; error?: unknown } | null>(null);
  const [adding, setAdding] = useState('');
  const [error, setError] = useState<unknown>(null);
  const presetId = useId();
  const addId = useId();
  const record = terms ? recordOf(terms) : null;
  const parsed = useMemo(() => (record ? parseSpf(record) : null), [record]);

  // The record answering now in this mode starts the editor.
  useEffect(() => {
    let current = true;
    api()
      .dns.spfCost({ mailServiceId: service.id, mode, record: 'v=spf1 -all' })
      .then(
        (c) => current && setTerms(termsOf(c.current ?? 'v=spf1 include:spf.infomaniak.ch -all')),
        (caught: unknown) => current && setError(caught),
      );
    return () => {
      current = false;
    };
  }, [service.id, mode]);

  // The cost of what is being edited, as it is typed (a short pause first: each asks DNS).
  useEffect(() => {
    if (!record || (parsed && !parsed.ok)) return;
    let current = true;
    const timer = setTimeout(() => {
      api()
        .dns.spfCost({ mailServiceId: service.id, mode, record })
        .then(
          (c) => current && setCost({ record, cost: c }),
          (caught: unknown) => current && setCost({ record, error: caught }),
        );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [service.id, mode, record, parsed]);

  if (error !== null) return <ErrorMessage error={error} />;
  if (!terms || !record) return <p className="muted">{t('common.loading')}</p>;
  const shown = cost?.record === record ? cost.cost : undefined;
  const fmt = (n: number) => formatNumber(n, i18n.language);
  const setTerm = (index: number, text: string) => setTerms(terms.map((x, i) => (i === index ? text : x)));
  const move = (index: number, by: number) => {
    const next = [...terms];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item!);
    setTerms(next);
  };
  const errorTerm = parsed && !parsed.ok ? parsed.error : null;
  const termStart = (index: number) => 'v=spf1 '.length + terms.slice(0, index).reduce((n, x) => n + x.length + 1, 0);
  const delta = shown ? shown.after - shown.before : 0;

  return (
    <section className="dns-card spf-editor" aria-labelledby={`${presetId}-title`}>
      <h2 id={`${presetId}-title`}>{t('dns.spf.editor')}</h2>
      <ol className="spf-terms" aria-label={t('dns.spf.terms')}>
        {terms.map((term, index) => {
          const [qualifier, body] = split(term);
          const mechanism = isMechanism(term);
          const bad = errorTerm && errorTerm.start >= termStart(index) && errorTerm.start < termStart(index) + term.length + 1;
          return (
            <li key={index} className={bad ? 'spf-term invalid' : 'spf-term'}>
              {mechanism ? (
                <select
                  className="input input-compact"
                  aria-label={t('dns.spf.qualifierOf', { term: body })}
                  value={qualifier}
                  disabled={readOnly}
                  onChange={(e) => setTerm(index, `${e.target.value === '+' ? '' : e.target.value}${body}`)}
                >
                  {QUALIFIERS.map((q) => (
                    <option key={q} value={q}>
                      {`${q} ${t(`dns.spf.qualifiers.${q}`)}`}
                    </option>
                  ))}
                </select>
              ) : (
                <span className="spf-modifier muted small">{t('dns.spf.modifier')}</span>
              )}
              <input
                className="input mono"
                aria-label={t('dns.spf.termN', { n: index + 1 })}
                aria-invalid={bad || undefined}
                value={mechanism ? body : term}
                readOnly={readOnly}
                spellCheck={false}
                onChange={(e) =>
                  setTerm(index, mechanism ? `${qualifier === '+' ? '' : qualifier}${e.target.value}` : e.target.value)
                }
              />
              <button
                type="button"
                className="icon-button"
                disabled={readOnly || index === 0}
                aria-label={t('dns.spf.up', { term })}
                onClick={() => move(index, -1)}
              >
                ↑
              </button>
              <button
                type="button"
                className="icon-button"
                disabled={readOnly || index === terms.length - 1}
                aria-label={t('dns.spf.down', { term })}
                onClick={() => move(index, 1)}
              >
                ↓
              </button>
              <button
                type="button"
                className="icon-button"
                disabled={readOnly}
                aria-label={t('dns.spf.remove', { term })}
                onClick={() => setTerms(terms.filter((_, i) => i !== index))}
              >
                ×
              </button>
            </li>
          );
        })}
      </ol>
      {errorTerm && (
        <p className="field-error" role="alert">
          {errorTerm.message}
        </p>
      )}
      <div className="spf-add">
        <label htmlFor={presetId}>{t('dns.spf.preset')}</label>
        <select
          id={presetId}
          className="input"
          value=""
          disabled={readOnly || !parsed?.ok}
          onChange={(e) => {
            const preset = SPF_PRESETS.find((p) => p.id === e.target.value);
            if (preset) setTerms(termsOf(addInclude(record, preset.include).record));
          }}
        >
          <option value="">{t('dns.spf.presetPick')}</option>
          {SPF_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {`${p.label} (include:${p.include})`}
            </option>
          ))}
        </select>
        <label htmlFor={addId}>{t('dns.spf.addTerm')}</label>
        <input
          id={addId}
          className="input mono"
          value={adding}
          placeholder="ip4:192.0.2.0/24"
          readOnly={readOnly}
          spellCheck={false}
          onChange={(e) => setAdding(e.target.value)}
        />
        <button
          type="button"
          className="button"
          disabled={readOnly || adding.trim() === ''}
          onClick={() => {
            // A new mechanism goes before "all" (nothing after it is ever evaluated), a modifier at the end.
            const all = terms.findIndex((x) => /^[+\-~?]?all$/i.test(x));
            const term = adding.trim();
            setTerms(all >= 0 && isMechanism(term) ? [...terms.slice(0, all), term, ...terms.slice(all)] : [...terms, term]);
            setAdding('');
          }}
        >
          {t('dns.spf.add')}
        </button>
      </div>

      <div className="spf-cost" role="status" aria-live="polite">
        {!shown ? (
          <p className="muted">{parsed?.ok ? t('dns.spf.costing') : t('dns.spf.fixFirst')}</p>
        ) : (
          <>
            <p className={shown.after > shown.limit ? 'spf-budget over' : 'spf-budget'}>
              <strong>
                {t('dns.spf.lookups', {
                  delta: `${delta >= 0 ? '+' : ''}${fmt(delta)}`,
                  after: fmt(shown.after),
                  limit: fmt(shown.limit),
                })}
              </strong>
              <meter
                min={0}
                max={shown.limit}
                high={shown.limit - 1}
                optimum={0}
                value={Math.min(shown.after, shown.limit)}
                aria-label={t('dns.spf.budget')}
              />
            </p>
            <p className="small">
              {t('dns.spf.facts', { void: fmt(shown.voidLookups), bytes: fmt(shown.bytes), strings: fmt(shown.strings.length) })}
            </p>
            {shown.tree && (
              <details open>
                <summary>{t('dns.spf.tree')}</summary>
                <SpfTree node={shown.tree} />
              </details>
            )}
            <Findings findings={shown.findings} />
            <div className="spf-diff" aria-label={t('dns.spf.diff')}>
              <code className="diff-old">− {shown.current ?? t('dns.spf.noRecord')}</code>
              <code className="diff-new">+ {record}</code>
            </div>
          </>
        )}
      </div>
      <RecordActions
        service={service}
        record={record}
        copyLabel={t('dns.spf.copy')}
        savedMessage={t('dns.spf.saved')}
        disabled={readOnly || !parsed?.ok}
        change={(zoneText) => withApexSpf(zoneText, service.domain, shown?.strings ?? [record])}
        onSaved={onSaved}
        onError={setError}
      />
    </section>
  );
}

function SpfTree({ node }: { node: SpfTreeNode }) {
  const { t } = useTranslation();
  return (
    <ul className="spf-tree">
      <li>
        <span className="mono">{node.via === 'root' ? node.domain : `${node.via}:${node.domain}`}</span>{' '}
        <span className="muted small">
          {t('dns.spf.branch', { own: node.lookups, total: node.total })}
          {node.problem ? ` — ${node.problem}` : ''}
        </span>
        {node.children.length > 0 && node.children.map((child, i) => <SpfTree key={`${child.domain}-${i}`} node={child} />)}
      </li>
    </ul>
  );
}
