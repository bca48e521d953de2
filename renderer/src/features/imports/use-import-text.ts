import { useTranslation } from 'react-i18next';
import type { ImportCheckCode, ImportCheckResult, ImportProgress, ImportStatus } from '../../../../shared/contract';
import { ApiError } from '../../api';
import { formatBytes, formatDuration, formatNumber, formatRate } from '../../i18n/format';

/** What a check found, source first: the code to explain and the server's own words. */
export interface CheckOutcome {
  ok: boolean;
  code: ImportCheckCode | null;
  message: string;
}

export function checkOutcome(result: ImportCheckResult): CheckOutcome {
  if (!result.ok) return { ok: false, code: result.code, message: result.message };
  if (result.target && !result.target.ok) return { ok: false, code: result.target.code, message: result.target.message };
  return { ok: true, code: null, message: '' };
}

/**
 * The source can be read, but the target's login wasn't tried: no password was given and Mailwright keeps none for
 * that mailbox (it keeps those of mailboxes it created). Starting would be refused.
 */
export function targetPasswordMissing(result: ImportCheckResult, passwordGiven: boolean): boolean {
  return result.ok && result.target === null && !passwordGiven;
}

/** The target mailboxes a refused start names as having no password (`credentials-needed`), else null. */
export function missingTargets(error: unknown): string[] | null {
  if (!(error instanceof ApiError) || (error.code as string) !== 'credentials-needed') return null;
  const targets = error.details?.targets;
  return Array.isArray(targets) && targets.every((x) => typeof x === 'string') ? (targets as string[]) : null;
}

/** Sums of a job's accounts: one bar for the whole job. */
export function totals(progress: readonly ImportProgress[]) {
  return progress.reduce(
    (sum, p) => ({
      messagesDone: sum.messagesDone + p.messagesDone,
      messagesTotal: sum.messagesTotal + p.messagesTotal,
      bytesDone: sum.bytesDone + p.bytesDone,
      bytesTotal: sum.bytesTotal + p.bytesTotal,
      copied: sum.copied + p.copied,
      skipped: sum.skipped + p.skipped,
      failed: sum.failed + p.failed,
      rate: sum.rate + p.rate,
    }),
    { messagesDone: 0, messagesTotal: 0, bytesDone: 0, bytesTotal: 0, copied: 0, skipped: 0, failed: 0, rate: 0 },
  );
}

/** Done as a share of the whole (0–1), by messages where they are known, else by bytes; null when nothing is known. */
export function fraction(p: { messagesDone: number; messagesTotal: number; bytesDone: number; bytesTotal: number }) {
  if (p.messagesTotal > 0) return Math.min(1, p.messagesDone / p.messagesTotal);
  if (p.bytesTotal > 0) return Math.min(1, p.bytesDone / p.bytesTotal);
  return null;
}

/** The import's numbers, codes and states in the user's language, with the app's number and size formats. */
export function useImportText() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const number = (n: number) => formatNumber(n, lang);
  const bytes = (n: number) => formatBytes(n, lang);
  const duration = (s: number) => formatDuration(s, lang);

  /** A code of the check (or of an account that failed): what it means and what to do. */
  const code = (value: string | null, oauth?: 'google' | 'microsoft' | null) => {
    const key = `imports.codes.${value}`;
    if (value === null || !i18n.exists(`${key}.title`)) return { title: t('imports.codes.unknown'), advice: '', known: false };
    const advice = value === 'oauth-provider' && oauth ? t(`imports.oauth.${oauth}`) : t(`${key}.advice`);
    return { title: t(`${key}.title`), advice, known: true };
  };

  /** "1,234 of 5,000 messages · 120 MB of 400 MB · 12 MB/s · 2 min left" */
  const progress = (
    p: Pick<ImportProgress, 'messagesDone' | 'messagesTotal' | 'bytesDone' | 'bytesTotal' | 'rate'> & {
      etaSeconds?: number | null;
      phase?: ImportProgress['phase'];
    },
    status: ImportStatus,
  ) => {
    const parts: string[] = [];
    if (p.messagesTotal > 0)
      parts.push(
        t('imports.progress.messages', {
          count: p.messagesTotal,
          done: number(p.messagesDone),
          total: number(p.messagesTotal),
        }),
      );
    else if (p.phase && p.phase !== 'copying' && p.phase !== 'finished' && status !== 'done')
      parts.push(t(`imports.phase.${p.phase}`));
    else if (status === 'done') parts.push(t('imports.progress.noMessages'));
    if (p.bytesTotal > 0) parts.push(t('imports.progress.bytes', { done: bytes(p.bytesDone), total: bytes(p.bytesTotal) }));
    else if (p.bytesDone > 0) parts.push(bytes(p.bytesDone));
    if (status === 'running') {
      if (p.rate > 0) parts.push(formatRate(p.rate, lang));
      if (p.etaSeconds !== null && p.etaSeconds !== undefined)
        parts.push(t('imports.progress.left', { time: duration(p.etaSeconds) }));
    }
    return parts.join(' · ');
  };

  const counts = (p: Pick<ImportProgress, 'copied' | 'skipped' | 'failed'>) =>
    t('imports.progress.counts', { copied: number(p.copied), skipped: number(p.skipped), failed: number(p.failed) });

  const status = (value: ImportStatus) => t(`imports.status.${value}`);

  return { t, lang, number, bytes, duration, code, progress, counts, status };
}

export const STATUS_TONE: Record<ImportStatus, 'info' | 'warning' | 'success' | 'danger' | 'off'> = {
  queued: 'off',
  checking: 'info',
  running: 'info',
  paused: 'warning',
  done: 'success',
  failed: 'danger',
  cancelled: 'off',
};
