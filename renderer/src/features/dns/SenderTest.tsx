import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DnsMode, MailService, SpfEvalResult } from '../../../../shared/contract';
import { api } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';

const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}$/;
const looksLikeIp = (v: string) => IPV4.test(v) || (v.includes(':') && /^[0-9a-f:.]+$/i.test(v));

/** check_host() for one sending server, as receivers evaluate it (strict, and lenient where that differs). */
export function SenderTest({ service, mode }: { service: MailService; mode: DnsMode }) {
  const { t } = useTranslation();
  const [ip, setIp] = useState('');
  const [sender, setSender] = useState(`info@${service.domain}`);
  const [helo, setHelo] = useState('');
  const [result, setResult] = useState<SpfEvalResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const titleId = useId();
  const tone = (r: string) =>
    r === 'pass'
      ? 'success'
      : r === 'fail' || r === 'permerror'
        ? 'danger'
        : r === 'none' || r === 'neutral'
          ? 'info'
          : 'warning';
  return (
    <section className="dns-card" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('dns.eval.title')}</h2>
      <form
        className="form-grid-2"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          try {
            setResult(
              await api().dns.spfEval({
                mailServiceId: service.id,
                mode,
                ip: ip.trim(),
                sender: sender.trim(),
                helo: helo.trim(),
              }),
            );
          } catch (caught) {
            setError(caught);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Field
          label={t('dns.eval.ip')}
          value={ip}
          placeholder="192.0.2.25"
          onChange={(e) => setIp(e.target.value)}
          error={ip && !looksLikeIp(ip.trim()) ? t('dns.eval.ipInvalid') : null}
        />
        <Field
          label={t('dns.eval.sender')}
          value={sender}
          onChange={(e) => setSender(e.target.value)}
          hint={t('dns.eval.senderHint')}
        />
        <Field label={t('dns.eval.helo')} value={helo} placeholder="mail.example.com" onChange={(e) => setHelo(e.target.value)} />
        <div>
          <button type="submit" className="button button-primary" disabled={busy || !looksLikeIp(ip.trim())} aria-busy={busy}>
            {t('dns.eval.run')}
          </button>
        </div>
      </form>
      {error !== null && <ErrorMessage error={error} />}
      {result && (
        <div role="status" className="spf-eval">
          <p>
            <span className={`badge badge-${tone(result.result)}`}>{result.result}</span>{' '}
            {result.lenient ? t('dns.eval.lenient', { result: result.lenient }) : t('dns.eval.agree')}
          </p>
          {result.matched && result.matched.length > 0 && (
            <p className="small">
              {t('dns.eval.matched')} <code>{result.matched.map((m) => `${m.domain}: ${m.term}`).join(' → ')}</code>
            </p>
          )}
          <p className="small">{result.comment}</p>
          {result.explanation && <p className="small">{t('dns.eval.explanation', { text: result.explanation })}</p>}
          {result.lookups && (
            <p className="small muted">
              {t('dns.eval.lookups', { count: result.lookups.count, void: result.lookups.void, queries: result.trail.length })}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
