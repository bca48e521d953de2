import { useEffect, useId, useState } from 'react';
import type { ImportAccount, ImportJob, ImportStatus, MailService } from '../../../../shared/contract';
import { api, ApiError } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { download } from '../../components/download';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime, formatRate } from '../../i18n/format';
import { useImportsStore } from '../../stores/use-imports-store';
import { toast } from '../../stores/use-toast-store';
import { ProgressBar, StatusBadge } from './ProgressBar';
import { ResumeDialog } from './ResumeDialog';
import { fraction, totals, useImportText } from './use-import-text';

const ACTIVE: readonly ImportStatus[] = ['queued', 'checking', 'running'];
const FINISHED: readonly ImportStatus[] = ['done', 'failed', 'cancelled'];

/** The import jobs of a mail service, newest first, each with its accounts, kept live by the worker's progress. */
export function JobList({ service }: { service: MailService }) {
  const { t } = useImportText();
  const jobs = useImportsStore((s) => s.jobs);
  const loaded = useImportsStore((s) => s.loaded && s.serviceId === service.id);
  const error = useImportsStore((s) => s.error);
  const headingId = useId();
  useEffect(() => {
    void useImportsStore.getState().load(service.id);
  }, [service.id]);
  const sorted = [...jobs].sort((a, b) => b.id - a.id);
  return (
    <section className="import-jobs-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('imports.jobs.title')}</h2>
      {error !== null && <ErrorMessage error={error} />}
      {loaded && error === null && sorted.length === 0 && <p className="muted">{t('imports.jobs.empty')}</p>}
      {sorted.length > 0 && (
        <ol className="import-jobs">
          {sorted.map((job) => (
            <li key={job.id}>
              <JobCard job={job} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Which accounts a `credentials-needed` refusal names; else every account that isn't done. */
function needingPasswords(job: ImportJob, error: ApiError): ImportAccount[] {
  const d = error.details ?? {};
  const listed = [d.accountIds, d.accounts].find(Array.isArray) as unknown[] | undefined;
  const ids = new Set(
    (listed ?? []).flatMap((item) => {
      if (typeof item === 'number') return [item];
      if (item && typeof item === 'object') {
        const o = item as { id?: unknown; accountId?: unknown };
        const id = o.accountId ?? o.id;
        return typeof id === 'number' ? [id] : [];
      }
      return [];
    }),
  );
  const named = job.accounts.filter((a) => ids.has(a.id));
  return named.length > 0 ? named : job.accounts.filter((a) => a.status !== 'done');
}

function JobCard({ job }: { job: ImportJob }) {
  const x = useImportText();
  const { t, lang, number } = x;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [confirm, setConfirm] = useState<'cancel' | 'remove' | null>(null);
  const [asking, setAsking] = useState<ImportAccount[] | null>(null);
  const titleId = useId();
  const name = job.name || t('imports.job.unnamed', { id: job.id });
  const sum = totals(job.accounts.map((a) => a.progress));
  const eta = job.accounts.reduce<number | null>(
    (max, a) => (a.status === 'running' && a.progress.etaSeconds !== null ? Math.max(max ?? 0, a.progress.etaSeconds) : max),
    null,
  );
  const done = job.accounts.filter((a) => a.status === 'done').length;

  const act = async (run: () => Promise<unknown>, message: string) => {
    setBusy(true);
    setError(null);
    try {
      await run();
      toast({ tone: 'success', message });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const resume = async () => {
    setBusy(true);
    setError(null);
    try {
      await api().imports.resume({ jobId: job.id });
      toast({ tone: 'success', message: t('imports.job.resumed', { name }) });
    } catch (caught) {
      // Passwords that weren't remembered are asked again.
      if (caught instanceof ApiError && (caught.code as string) === 'credentials-needed')
        setAsking(needingPasswords(job, caught));
      else setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const report = async () => {
    setBusy(true);
    setError(null);
    try {
      const { csv, fileName } = await api().imports.report({ jobId: job.id });
      download(csv, fileName);
      toast({ tone: 'success', message: t('imports.job.reportSaved', { file: fileName }) });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const facts = [
    t('imports.job.created', { date: formatDateTime(job.createdAt, lang) }),
    t('imports.job.accounts', { count: job.accounts.length, formatted: number(job.accounts.length), done: number(done) }),
    t('imports.job.connections', { count: job.options.connections }),
    job.accounts.length > 1 ? t('imports.job.parallel', { count: job.options.parallelAccounts }) : null,
    job.options.bytesPerSecond === null
      ? t('imports.job.noLimit')
      : t('imports.job.limit', { rate: formatRate(job.options.bytesPerSecond, lang) }),
    job.options.remember ? t('imports.job.remembered') : t('imports.job.notRemembered'),
  ];

  return (
    <article className={`import-job import-job-${job.status}`} aria-labelledby={titleId}>
      <header className="import-job-header">
        <h3 id={titleId}>{name}</h3>
        <StatusBadge status={job.status} />
      </header>
      <p className="muted small">{facts.filter(Boolean).join(' · ')}</p>
      <ProgressBar
        label={t('imports.job.progressLabel', { name })}
        fraction={fraction(sum)}
        text={x.progress({ ...sum, etaSeconds: eta }, job.status)}
        status={job.status}
      />
      {(sum.copied > 0 || sum.skipped > 0 || sum.failed > 0) && <p className="small">{x.counts(sum)}</p>}
      {error !== null && <ErrorMessage error={error} />}
      <div className="card-actions">
        {ACTIVE.includes(job.status) && (
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void act(() => api().imports.pause({ jobId: job.id }), t('imports.job.paused', { name }))}
          >
            {t('imports.job.pause')}
          </button>
        )}
        {(job.status === 'paused' || job.status === 'failed') && (
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void resume()}>
            {t('imports.job.resume')}
          </button>
        )}
        {!FINISHED.includes(job.status) && (
          <button type="button" className="button button-danger-ghost" disabled={busy} onClick={() => setConfirm('cancel')}>
            {t('imports.job.cancel')}
          </button>
        )}
        <button type="button" className="button" disabled={busy} onClick={() => void report()}>
          {t('imports.job.report')}
        </button>
        {FINISHED.includes(job.status) && (
          <button type="button" className="button button-danger-ghost" disabled={busy} onClick={() => setConfirm('remove')}>
            {t('imports.job.remove')}
          </button>
        )}
      </div>
      <ul className="import-accounts" aria-label={t('imports.job.accountsLabel', { name })}>
        {job.accounts.map((account) => (
          <AccountRow key={account.id} account={account} />
        ))}
      </ul>
      {confirm === 'cancel' && (
        <ConfirmDialog
          title={t('imports.job.cancelTitle', { name })}
          confirmLabel={t('imports.job.cancelConfirm')}
          onClose={() => setConfirm(null)}
          onConfirm={async () => {
            await api().imports.cancel({ jobId: job.id });
            toast({ tone: 'success', message: t('imports.job.cancelled', { name }) });
          }}
        >
          <p>{t('imports.job.cancelText')}</p>
        </ConfirmDialog>
      )}
      {confirm === 'remove' && (
        <ConfirmDialog
          title={t('imports.job.removeTitle', { name })}
          confirmLabel={t('imports.job.removeConfirm')}
          onClose={() => setConfirm(null)}
          onConfirm={async () => {
            await api().imports.remove({ jobId: job.id });
            toast({ tone: 'success', message: t('imports.job.removed', { name }) });
          }}
        >
          <p>{t('imports.job.removeText')}</p>
        </ConfirmDialog>
      )}
      {asking && <ResumeDialog job={job} name={name} accounts={asking} onClose={() => setAsking(null)} />}
    </article>
  );
}

function AccountRow({ account: a }: { account: ImportAccount }) {
  const x = useImportText();
  const { t, number } = x;
  const p = a.progress;
  const problem = a.code ? x.code(a.code) : null;
  return (
    <li className={`import-account import-account-${a.status}`}>
      <div className="import-account-head">
        <span className="mono">{a.source}</span>
        <span aria-hidden="true">→</span>
        <span className="visually-hidden">{t('imports.account.to')}</span>
        <span className="mono">{a.target}</span>
        <StatusBadge status={a.status} />
        {a.line !== null && <span className="muted small">{t('imports.account.line', { line: a.line })}</span>}
      </div>
      <ProgressBar
        label={t('imports.account.progressLabel', { source: a.source })}
        fraction={fraction(p)}
        text={x.progress(p, a.status)}
        status={a.status}
      />
      {a.status === 'running' && p.current.length > 0 && (
        <p className="small">{t('imports.account.current', { folders: p.current.join(', ') })}</p>
      )}
      {(p.foldersTotal > 0 || p.copied > 0 || p.skipped > 0 || p.failed > 0) && (
        <p className="small muted">
          {[
            p.foldersTotal > 0
              ? t('imports.account.folders', {
                  count: p.foldersTotal,
                  done: number(p.foldersDone),
                  total: number(p.foldersTotal),
                })
              : null,
            x.counts(p),
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
      )}
      {problem && (
        <div className={`import-problem${a.status === 'failed' ? ' import-problem-failed' : ''}`}>
          <p>
            <strong>{problem.known ? problem.title : t('imports.account.stopped')}</strong>{' '}
            <code className="import-code">{a.code}</code>
          </p>
          {problem.advice && <p>{problem.advice}</p>}
          {a.message && <p className="muted small">{a.message}</p>}
        </div>
      )}
      {!problem && a.message && a.status === 'failed' && <p className="import-problem">{a.message}</p>}
      {a.failures.length > 0 && (
        <details className="import-details">
          <summary>{t('imports.account.failures', { count: a.failures.length, formatted: number(a.failures.length) })}</summary>
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">{t('imports.account.failuresOf', { source: a.source })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('imports.check.folder')}</th>
                  <th scope="col">{t('imports.account.subject')}</th>
                  <th scope="col">{t('imports.account.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {a.failures.map((f) => (
                  <tr key={`${f.folder}:${f.uid}`}>
                    <td className="mono">{f.folder}</td>
                    <td>{f.subject || <span className="muted">{t('imports.account.noSubject', { uid: f.uid })}</span>}</td>
                    <td>{f.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
      {a.folders.length > 0 && (
        <details className="import-details">
          <summary>{t('imports.account.folderReport', { count: a.folders.length })}</summary>
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">{t('imports.account.foldersOf', { source: a.source })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('imports.account.from')}</th>
                  <th scope="col">{t('imports.account.into')}</th>
                  <th scope="col" className="numeric">
                    {t('imports.account.copied')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('imports.account.skipped')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('imports.account.failed')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {a.folders.map((f) => (
                  <tr key={f.source}>
                    <td className="mono">{f.source}</td>
                    <td className="mono">{f.target}</td>
                    <td className="numeric">{number(f.copied)}</td>
                    <td className="numeric">{number(f.skipped)}</td>
                    <td className="numeric">{number(f.failed)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </li>
  );
}
