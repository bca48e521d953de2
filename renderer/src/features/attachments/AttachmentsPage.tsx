import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AttachmentVerdict, checkAttachment, REFUSED_EXTENSIONS } from '../../../../shared/domain/attachments/check';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { formatNumber } from '../../i18n/format';
import { DropOverlay } from '../bulk-create/BulkCreatePage';
import { useWindowDrop } from '../bulk-create/use-window-drop';

const MAX_FILES = 10_000;

/** Every file under the dropped entries (folders walked), with its path; bounded. */
async function filesOf(entries: FileSystemEntry[]): Promise<{ file: File; path: string }[]> {
  const out: { file: File; path: string }[] = [];
  const walk = async (entry: FileSystemEntry): Promise<void> => {
    if (out.length >= MAX_FILES) return;
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
      out.push({ file, path: entry.fullPath.replace(/^\//, '') });
      return;
    }
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries answers in batches until it answers none.
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) break;
      for (const child of batch) await walk(child);
    }
  };
  for (const entry of entries) await walk(entry);
  return out;
}

type Result = AttachmentVerdict & { path: string };

/** Drop files or folders (or pick them): each judged as the provider's filter would, zips opened, nothing uploaded. */
export function AttachmentsPage() {
  const { t, i18n } = useTranslation();
  const [results, setResults] = useState<Result[]>([]);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);

  const check = useCallback(async (files: { file: File; path: string }[]) => {
    setProgress({ done: 0, total: files.length });
    const next: Result[] = [];
    for (const [i, { file, path }] of files.entries()) {
      const verdict = checkAttachment(file.name, new Uint8Array(await file.arrayBuffer()));
      next.push({ ...verdict, path });
      setProgress({ done: i + 1, total: files.length });
    }
    // Refused first, then those not fully checked, then the rest; each group by path.
    const rank = (r: Result) => (r.refused ? 0 : r.findings.length ? 1 : 2);
    setResults(next.sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path)));
    setProgress(null);
  }, []);

  const onDrop = useCallback(
    (files: File[], entries: FileSystemEntry[]) => {
      void (entries.length ? filesOf(entries) : Promise.resolve(files.map((file) => ({ file, path: file.name })))).then(check);
    },
    [check],
  );
  const dragging = useWindowDrop(onDrop, progress === null);
  const refused = results.filter((r) => r.refused).length;

  return (
    <div className="page">
      <PageHeader title={t('nav.attachments')} subtitle={t('attachments.subtitle')} />
      <div className="card attachment-drop">
        <p>{t('attachments.dropHint')}</p>
        <div className="button-row">
          <label className="button button-primary">
            {t('attachments.pickFiles')}
            <input
              type="file"
              multiple
              className="visually-hidden"
              onChange={(e) => {
                const picked = [...(e.target.files ?? [])].map((file) => ({ file, path: file.name }));
                e.target.value = '';
                void check(picked);
              }}
            />
          </label>
          <label className="button">
            {t('attachments.pickFolder')}
            <input
              type="file"
              className="visually-hidden"
              // A folder picker (every browser engine Mailwright runs in supports it).
              {...{ webkitdirectory: '' }}
              onChange={(e) => {
                const picked = [...(e.target.files ?? [])].map((file) => ({ file, path: file.webkitRelativePath || file.name }));
                e.target.value = '';
                void check(picked);
              }}
            />
          </label>
        </div>
        <details className="details">
          <summary>{t('attachments.whichTitle')}</summary>
          <p className="mono small">{REFUSED_EXTENSIONS.map((e) => `.${e}`).join(' ')}</p>
          <p className="field-hint">{t('attachments.whichText')}</p>
        </details>
      </div>
      {progress && (
        <div className="progress-row" role="status">
          <progress max={progress.total} value={progress.done} aria-label={t('attachments.checking')} />
          <span>{t('attachments.progress', { done: progress.done, total: progress.total })}</span>
        </div>
      )}
      {results.length === 0 && !progress ? (
        <EmptyState title={t('attachments.emptyTitle')}>
          <p>{t('attachments.emptyText')}</p>
        </EmptyState>
      ) : (
        results.length > 0 && (
          <section aria-labelledby="attachment-results">
            <h2 id="attachment-results">{t('attachments.results')}</h2>
            <p role="status" className={refused ? 'notice notice-warning' : 'notice notice-success'}>
              {refused
                ? t('attachments.summaryRefused', { count: refused, total: results.length })
                : t('attachments.summaryOk', { count: results.length })}
            </p>
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">{t('attachments.results')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('attachments.file')}</th>
                    <th scope="col">{t('attachments.verdict')}</th>
                    <th scope="col">{t('attachments.why')}</th>
                  </tr>
                </thead>
                <tbody>
                  {results.map((r) => (
                    <tr key={r.path}>
                      <td className="mono">
                        {r.path}
                        <span className="field-hint">
                          {t('attachments.size', { size: formatNumber(Math.ceil(r.bytes / 1024), i18n.language) })}
                          {r.checked > 1 && ` · ${t('attachments.entries', { count: r.checked - 1 })}`}
                        </span>
                      </td>
                      <td>
                        <span
                          className={`badge ${r.refused ? 'badge-danger' : r.findings.length ? 'badge-warning' : 'badge-created'}`}
                        >
                          {t(r.refused ? 'attachments.refused' : r.findings.length ? 'attachments.notFully' : 'attachments.ok')}
                        </span>
                      </td>
                      <td>
                        {r.findings.length === 0 ? (
                          '—'
                        ) : (
                          <ul className="transfer-items">
                            {r.findings.map((f, i) => (
                              <li key={i}>
                                {f.path.length > 1 && <span className="mono">{f.path.slice(1).join(' › ')}: </span>}
                                {t(`attachments.findings.${f.code}`, { extension: f.extension ?? '' })}
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {refused > 0 && <p className="field-hint">{t('attachments.advice')}</p>}
          </section>
        )
      )}
      {dragging && <DropOverlay title={t('attachments.overlayTitle')} text={t('attachments.overlayText')} />}
    </div>
  );
}
