import { useId, useState, type ReactNode } from 'react';
import type { MailService } from '../../../../shared/contract';
import { defaultDelimiterFor, toCsv } from '../../../../shared/domain/csv/write';
import { download } from '../../components/download';
import { formatLocale } from '../../i18n/format';
import { useErrorText } from '../../i18n/use-error-text';
import { api } from '../../api';
import { toast } from '../../stores/use-toast-store';
import { FilePickButton } from '../bulk-create/FileInput';
import { CheckProblem, checkSummary, FolderTable } from './CheckResultView';
import { DEFAULT_OPTIONS, OptionsFields, readOptions, type OptionsDraft } from './OptionsFields';
import { checkRefusal, startable, toAccount, useImportFileStore, type FileRow } from './use-import-file-store';
import { StartError } from './StartError';
import { checkOutcome, useImportText } from './use-import-text';

const DELIMITER_NAMES = { ',': 'comma', ';': 'semicolon', '\t': 'tab' } as const;

/** The accounts CSV: dropped or picked, every row checked, the sources checked 4 at a time, then started by batch. */
export function CsvImport({ service, onFile }: { service: MailService; onFile: (file: File) => void }) {
  const file = useImportFileStore((s) => s.file);
  const problem = useImportFileStore((s) => s.problem);
  return (
    <div className="import-file">
      {problem && <Unusable name={problem.name} problem={problem.problem} onFile={onFile} />}
      {file ? <LoadedFile service={service} onFile={onFile} /> : <FileInput onFile={onFile} />}
    </div>
  );
}

function TemplateButton() {
  const { t, lang } = useImportText();
  return (
    <button
      type="button"
      className="button"
      onClick={() => {
        const csv = toCsv(
          [
            t('imports.file.templateSource'),
            t('imports.file.templatePassword'),
            t('imports.file.templateServer'),
            t('imports.file.templateTarget'),
            t('imports.file.templateTargetPassword'),
          ],
          [],
          { delimiter: defaultDelimiterFor(formatLocale(lang)) },
        );
        download(csv, t('imports.file.templateName'));
      }}
    >
      {t('imports.file.template')}
    </button>
  );
}

function FileInput({ onFile }: { onFile: (file: File) => void }) {
  const { t } = useImportText();
  const headingId = useId();
  return (
    <section className="drop-zone import-drop" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('imports.file.title')}</h3>
      <p className="drop-zone-lead">{t('imports.file.drop')}</p>
      <div className="button-row drop-zone-actions">
        <FilePickButton primary label={t('imports.file.choose')} onFile={onFile} />
        <TemplateButton />
      </div>
      <details className="columns-help">
        <summary>{t('imports.file.columnsTitle')}</summary>
        <ol className="columns-list">
          {(['A', 'B', 'C', 'D', 'E'] as const).map((column) => (
            <li key={column}>
              <strong>{column}</strong> {t(`imports.file.column${column}`)}
            </li>
          ))}
        </ol>
        <p className="muted small">{t('imports.file.headers')}</p>
        <p className="muted small">{t('imports.file.batches')}</p>
      </details>
    </section>
  );
}

function Unusable({ name, problem, onFile }: { name: string; problem: string; onFile: (file: File) => void }) {
  const { t } = useImportText();
  return (
    <div className="unusable" role="alert">
      <p className="muted small mono unusable-file">{name}</p>
      <h3>{t(`imports.file.unusable.${problem}.title`)}</h3>
      <p>{t(`imports.file.unusable.${problem}.text`)}</p>
      <div className="button-row">
        <FilePickButton primary label={t('imports.file.another')} onFile={onFile} />
      </div>
    </div>
  );
}

function LoadedFile({ service, onFile }: { service: MailService; onFile: (file: File) => void }) {
  const x = useImportText();
  const { t, number } = x;
  const file = useImportFileStore((s) => s.file)!;
  const rows = useImportFileStore((s) => s.rows);
  const progress = useImportFileStore((s) => s.progress);
  const headingId = useId();
  const tableId = useId();

  const withProblems = rows.filter((r) => r.problems.length > 0).length;
  const checkable = rows.filter((r) => r.problems.length === 0 && r.jobId === null).length;
  const checked = rows.filter((r) => r.check?.state === 'done' || r.check?.state === 'error');
  const refused = checked.filter((r) => checkRefusal(r) !== null);
  const batches = Math.max(0, ...rows.map((r) => r.batch ?? 0));

  return (
    <section className="import-loaded" aria-labelledby={headingId}>
      <div className="file-card-header">
        <div>
          <h3 id={headingId} className="file-name">
            {file.name}
          </h3>
          <p className="muted small">
            {t('imports.file.detected', {
              encoding: t(`imports.file.encodings.${file.encoding}`),
              delimiter: t(`imports.file.delimiters.${DELIMITER_NAMES[file.delimiter]}`),
            })}
          </p>
        </div>
        <div className="button-row">
          <FilePickButton label={t('imports.file.another')} onFile={onFile} />
          <button type="button" className="button" onClick={() => useImportFileStore.getState().clear()}>
            {t('imports.file.remove')}
          </button>
        </div>
      </div>
      {!file.targetPasswords && <p className="notice notice-info">{t('imports.file.noTargetPasswords')}</p>}
      <p className="summary-line">
        {[
          t('imports.file.accounts', { count: rows.length, formatted: number(rows.length) }),
          withProblems > 0 ? t('imports.file.withProblems', { count: withProblems, formatted: number(withProblems) }) : null,
          t('imports.file.batchCount', { count: batches, formatted: number(batches) }),
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>

      <div className="import-check-bar">
        {progress ? (
          <>
            <div className="progress-row">
              <progress
                aria-label={t('imports.file.checkingLabel')}
                max={progress.total}
                value={progress.done}
                aria-valuetext={t('imports.file.checked', { done: number(progress.done), total: number(progress.total) })}
              />
              <span>{t('imports.file.checked', { done: number(progress.done), total: number(progress.total) })}</span>
              <button type="button" className="button button-small" onClick={() => useImportFileStore.getState().stop()}>
                {t('imports.file.stopChecking')}
              </button>
            </div>
          </>
        ) : (
          <button
            type="button"
            className="button button-primary"
            disabled={checkable === 0}
            onClick={() => void useImportFileStore.getState().checkAll()}
          >
            {checked.length > 0 ? t('imports.file.checkAgain') : t('imports.file.checkAll')}
          </button>
        )}
        <p className="muted small" role="status">
          {!progress && checked.length > 0
            ? t('imports.file.checkedSummary', {
                count: checked.length,
                formatted: number(checked.length),
                ready: number(checked.length - refused.length),
                refused: number(refused.length),
              })
            : ''}
        </p>
      </div>

      <div className="table-wrap import-rows">
        <table className="table" id={tableId}>
          <caption className="visually-hidden">{t('imports.file.rowsOf', { file: file.name })}</caption>
          <thead>
            <tr>
              <th scope="col" className="numeric">
                {t('imports.file.line')}
              </th>
              <th scope="col">{t('imports.file.source')}</th>
              <th scope="col">{t('imports.file.target')}</th>
              <th scope="col" className="numeric">
                {t('imports.file.batch')}
              </th>
              <th scope="col">{t('imports.file.status')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <RowView key={row.line} row={row} />
            ))}
          </tbody>
        </table>
      </div>
      <StartBatches service={service} />
    </section>
  );
}

function RowView({ row }: { row: FileRow }) {
  const x = useImportText();
  const { t } = x;
  const errorText = useErrorText();
  const problems = row.problems.filter((p) => p !== 'oauth-provider');
  let status: ReactNode;
  if (row.jobId !== null) status = <span className="badge badge-created">{t('imports.file.inJob')}</span>;
  else if (row.problems.length > 0)
    status = (
      <div className="import-row-problems">
        {problems.length > 0 && (
          <ul className="issue-list">
            {problems.map((p) => (
              <li key={p} className="issue-chip issue-error">
                {t(`imports.file.problems.${p}`)}
              </li>
            ))}
          </ul>
        )}
        {row.oauth && (
          <p className="import-oauth">
            <strong>{t(`imports.file.oauthTitle.${row.oauth}`)}</strong> {t(`imports.oauth.${row.oauth}`)}
          </p>
        )}
      </div>
    );
  else if (!row.check) status = <span className="muted">{t('imports.file.notChecked')}</span>;
  else if (row.check.state === 'waiting') status = <span className="muted">{t('imports.file.waiting')}</span>;
  else if (row.check.state === 'checking') status = <span aria-busy="true">{t('imports.file.checking')}</span>;
  else if (row.check.state === 'error')
    status = (
      <p className="import-problem">
        <strong>{t('imports.file.checkError')}</strong> {errorText(row.check.error)}
      </p>
    );
  else {
    const result = row.check.result;
    const noTargetPassword = checkRefusal(row) === 'target-password';
    status = checkOutcome(result).ok ? (
      <div>
        <p>
          {noTargetPassword ? (
            <strong>{t('imports.file.noTargetPasswordTitle')}</strong>
          ) : (
            <span className="badge badge-success">{t('imports.file.ready')}</span>
          )}{' '}
          {checkSummary(result, x)}
        </p>
        {noTargetPassword && <p>{t('imports.file.noTargetPasswordText', { target: row.target })}</p>}
        {result.folders.length > 0 && (
          <details className="import-details">
            <summary>{t('imports.check.showFolders', { count: result.folders.length })}</summary>
            <FolderTable result={result} caption={t('imports.check.foldersOf', { address: result.address })} />
          </details>
        )}
      </div>
    ) : (
      <CheckProblem result={result} />
    );
  }
  const bad = row.problems.length > 0 || checkRefusal(row) !== null;
  return (
    <tr className={bad ? 'import-row-bad' : undefined}>
      <td className="numeric">{row.line}</td>
      <td className="mono">
        {row.source || <span className="cell-empty">{t('imports.file.empty')}</span>}
        {row.server && <div className="muted small">{row.server}</div>}
      </td>
      <td className="mono">{row.target || <span className="cell-empty">{t('imports.file.empty')}</span>}</td>
      <td className="numeric">{row.batch ?? '—'}</td>
      <td>{status}</td>
    </tr>
  );
}

function StartBatches({ service }: { service: MailService }) {
  const x = useImportText();
  const { t, number } = x;
  const file = useImportFileStore((s) => s.file)!;
  const rows = useImportFileStore((s) => s.rows);
  const checking = useImportFileStore((s) => s.progress !== null);
  const [options, setOptions] = useState<OptionsDraft>(DEFAULT_OPTIONS);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const headingId = useId();
  const parsed = readOptions(options).options;

  const batchNumbers = [...new Set(rows.flatMap((r) => (r.batch === null ? [] : [r.batch])))].sort((a, b) => a - b);
  if (batchNumbers.length === 0) return null;
  const ofBatch = (n: number) => rows.filter((r) => r.batch === n);

  const start = async (numbers: number[]) => {
    if (!parsed) return;
    setBusy(true);
    setError(null);
    let started = 0;
    try {
      // One job per batch: the provider imports at most 25 accounts at a time.
      for (const n of numbers) {
        const accounts = ofBatch(n).filter(startable);
        if (accounts.length === 0) continue;
        const { jobId } = await api().imports.start({
          mailServiceId: service.id,
          name: t('imports.file.jobName', { file: file.name, batch: n }),
          accounts: accounts.map(toAccount),
          options: parsed,
        });
        useImportFileStore.getState().started(
          accounts.map((r) => r.line),
          jobId,
        );
        started++;
      }
      if (started > 0) toast({ tone: 'success', message: t('imports.file.startedToast', { count: started }) });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const open = batchNumbers.filter((n) => ofBatch(n).some(startable));
  return (
    <section className="import-start" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('imports.file.startTitle')}</h3>
      <OptionsFields value={options} onChange={setOptions} />
      {error !== null && <StartError error={error} />}
      <ul className="import-batches">
        {batchNumbers.map((n) => {
          const batch = ofBatch(n);
          const ready = batch.filter(startable);
          const started = batch.filter((r) => r.jobId !== null).length;
          const left = batch.length - ready.length - started;
          const unchecked = ready.filter((r) => r.check?.state !== 'done').length;
          return (
            <li key={n} className="import-batch">
              <div>
                <strong>{t('imports.file.batchTitle', { batch: n })}</strong>{' '}
                <span>{t('imports.file.batchAccounts', { count: ready.length, formatted: number(ready.length) })}</span>
                <p className="muted small">
                  {[
                    started > 0 ? t('imports.file.batchStarted', { count: started, formatted: number(started) }) : null,
                    left > 0 ? t('imports.file.batchLeftOut', { count: left, formatted: number(left) }) : null,
                    unchecked > 0 ? t('imports.file.batchUnchecked', { count: unchecked, formatted: number(unchecked) }) : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
              </div>
              <button
                type="button"
                className={`button${batchNumbers.length === 1 ? ' button-primary' : ''}`}
                disabled={busy || checking || ready.length === 0 || !parsed}
                onClick={() => void start([n])}
              >
                {t('imports.file.startBatch', { batch: n })}
              </button>
            </li>
          );
        })}
      </ul>
      {batchNumbers.length > 1 && (
        <button
          type="button"
          className="button button-primary"
          disabled={busy || checking || open.length === 0 || !parsed}
          onClick={() => void start(open)}
        >
          {t('imports.file.startAll', { count: open.length })}
        </button>
      )}
    </section>
  );
}
