import { useId } from 'react';
import type { ImportCheckResult } from '../../../../shared/contract';
import { checkOutcome, useImportText } from './use-import-text';

/** What a refused check means and what to do, with the server's own words and the stable code. */
export function CheckProblem({ result }: { result: ImportCheckResult }) {
  const { t, code } = useImportText();
  const outcome = checkOutcome(result);
  const text = code(outcome.code, result.oauth);
  return (
    <div className="import-problem">
      <p>
        <strong>{text.title}</strong> {outcome.code && <code className="import-code">{outcome.code}</code>}
      </p>
      {text.advice && <p>{text.advice}</p>}
      {outcome.message && (
        <p className="muted small">
          {t('imports.check.serverSaid')} <q>{outcome.message}</q>
        </p>
      )}
    </div>
  );
}

/** One line for a table row: "40 messages in 3 folders · 1.2 MB · about 1 min". */
export function checkSummary(result: ImportCheckResult, x: ReturnType<typeof useImportText>): string {
  const parts = [
    x.t('imports.check.messagesInFolders', {
      count: result.messages,
      messages: x.number(result.messages),
      folders: x.t('imports.check.folders', { count: result.folders.length, formatted: x.number(result.folders.length) }),
    }),
  ];
  if (result.bytes !== null) parts.push(x.bytes(result.bytes));
  if (result.estimatedSeconds !== null) parts.push(x.t('imports.check.about', { time: x.duration(result.estimatedSeconds) }));
  return parts.join(' · ');
}

/** The folders of a source account with what they hold. */
export function FolderTable({ result, caption }: { result: ImportCheckResult; caption: string }) {
  const { t, number, bytes } = useImportText();
  return (
    <div className="table-wrap">
      <table className="table import-folders">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('imports.check.folder')}</th>
            <th scope="col" className="numeric">
              {t('imports.check.messages')}
            </th>
            <th scope="col" className="numeric">
              {t('imports.check.size')}
            </th>
          </tr>
        </thead>
        <tbody>
          {result.folders.map((f) => (
            <tr key={f.path}>
              <th scope="row" className="mono">
                {f.path}
                {f.specialUse && <span className="tag import-special">{f.specialUse.replace(/^\\/, '')}</span>}
              </th>
              <td className="numeric">{f.messages === null ? '—' : number(f.messages)}</td>
              <td className="numeric">{f.bytes === null ? '—' : bytes(f.bytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The whole result of a check of one account, for the single-account form. */
export function CheckResultView({
  result,
  stale,
  noTargetPassword,
}: {
  result: ImportCheckResult;
  stale: boolean;
  /** The target's login wasn't tried: no password given, none kept. */
  noTargetPassword: boolean;
}) {
  const x = useImportText();
  const { t, bytes } = x;
  const outcome = checkOutcome(result);
  const ready = outcome.ok && !noTargetPassword;
  const titleId = useId();
  return (
    <section className={`import-result ${ready ? 'import-result-ok' : 'import-result-failed'}`} aria-labelledby={titleId}>
      <h3 id={titleId} tabIndex={-1}>
        {ready ? t('imports.check.okTitle', { address: result.address }) : t('imports.check.failedTitle')}
      </h3>
      {stale && <p className="field-warning">{t('imports.check.stale')}</p>}
      {!outcome.ok && <CheckProblem result={result} />}
      {noTargetPassword && (
        <div className="import-problem">
          <p>
            <strong>{t('imports.file.noTargetPasswordTitle')}</strong>
          </p>
          <p>{t('imports.check.noTargetPassword')}</p>
        </div>
      )}
      {(result.ok || result.folders.length > 0) && (
        <>
          <dl className="facts">
            {result.server && (
              <>
                <dt>{t('imports.check.server')}</dt>
                <dd>
                  <span className="mono">{result.server}</span>
                  {result.foundBy && <span className="muted"> ({t(`imports.foundBy.${result.foundBy}`)})</span>}
                </dd>
              </>
            )}
            <dt>{t('imports.check.content')}</dt>
            <dd>{checkSummary(result, x)}</dd>
            {result.bytes === null && (
              <>
                <dt>{t('imports.check.size')}</dt>
                <dd className="muted">{t('imports.check.noSize')}</dd>
              </>
            )}
            {result.target && (
              <>
                <dt>{t('imports.check.target')}</dt>
                <dd>
                  {result.target.ok
                    ? result.target.freeBytes === null
                      ? t('imports.check.targetOk')
                      : t('imports.check.targetFree', { free: bytes(result.target.freeBytes) })
                    : t('imports.check.targetFailed')}
                </dd>
              </>
            )}
          </dl>
          {result.folders.length > 0 && (
            <details className="import-details">
              <summary>{t('imports.check.showFolders', { count: result.folders.length })}</summary>
              <FolderTable result={result} caption={t('imports.check.foldersOf', { address: result.address })} />
            </details>
          )}
        </>
      )}
    </section>
  );
}
