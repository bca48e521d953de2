import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AutoReply, MailboxDetails } from '../../../../../shared/contract';
import { autoReplyStatus, normaliseExclusion, REPLY_INTERVAL_DAYS } from '../../../../../shared/domain/auto-reply/auto-reply';
import { api } from '../../../api';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { Field } from '../../../components/Field';
import { formatDateTime, formatLocale } from '../../../i18n/format';
import { invalidate } from '../../../stores/invalidate';
import { toast } from '../../../stores/use-toast-store';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0]; // Monday first, as calendars here show it

/** `2026-12-24T17:00:00.000Z` → the value a datetime-local input shows, in local time. */
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function fromLocalInput(value: string): string | null {
  return value ? new Date(value).toISOString() : null;
}

export function AutoReplyTab({ details, readOnly }: { details: MailboxDetails; readOnly: boolean }) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState<AutoReply | 'new' | null>(details.autoReplies.length === 0 ? 'new' : null);
  const [deleting, setDeleting] = useState<AutoReply | null>(null);
  const [error, setError] = useState<unknown>(null);
  const act = async (fn: () => Promise<unknown>, message: string) => {
    setError(null);
    try {
      await fn();
      invalidate(['mailboxes']);
      toast({ tone: 'success', message });
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <div className="tab-content">
      <p className="muted small">{t('autoReply.rule', { days: REPLY_INTERVAL_DAYS })}</p>
      {details.autoReplies.length > 0 && (
        <ul className="reply-list">
          {details.autoReplies.map((reply) => {
            const status = autoReplyStatus(reply, new Date());
            return (
              <li key={reply.id} className={reply.active ? 'active' : undefined}>
                <div>
                  <strong>{reply.name}</strong> <span className={`badge badge-${status}`}>{t(`autoReply.status.${status}`)}</span>
                  <div className="muted small">
                    {reply.startsAt || reply.endsAt
                      ? t('autoReply.period', {
                          from: reply.startsAt ? formatDateTime(reply.startsAt, i18n.language) : '…',
                          to: reply.endsAt ? formatDateTime(reply.endsAt, i18n.language) : '…',
                        })
                      : t('autoReply.noPeriod')}
                    {reply.counterResetAt &&
                      ` · ${t('autoReply.resetAt', { date: formatDateTime(reply.counterResetAt, i18n.language) })}`}
                  </div>
                </div>
                <div className="row-actions">
                  <button
                    type="button"
                    className="button button-small"
                    disabled={readOnly}
                    onClick={() =>
                      act(
                        () => api().autoReplies.setActive({ id: reply.id, active: !reply.active }),
                        t(reply.active ? 'autoReply.turnedOff' : 'autoReply.turnedOn', { name: reply.name }),
                      )
                    }
                  >
                    {reply.active ? t('autoReply.turnOff') : t('autoReply.turnOn')}
                  </button>
                  <button type="button" className="button button-small" disabled={readOnly} onClick={() => setEditing(reply)}>
                    {t('common.edit')}
                  </button>
                  <button
                    type="button"
                    className="button button-small"
                    disabled={readOnly}
                    onClick={() => act(() => api().autoReplies.resetCounter({ id: reply.id }), t('autoReply.counterReset'))}
                  >
                    {t('autoReply.resetCounter')}
                  </button>
                  <button
                    type="button"
                    className="button button-small button-danger-ghost"
                    disabled={readOnly}
                    aria-label={t('autoReply.deleteNamed', { name: reply.name })}
                    onClick={() => setDeleting(reply)}
                  >
                    {t('common.delete')}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {error !== null && <ErrorMessage error={error} />}
      {editing === null ? (
        <button type="button" className="button" disabled={readOnly} onClick={() => setEditing('new')}>
          {t('autoReply.new')}
        </button>
      ) : (
        <ReplyEditor
          key={editing === 'new' ? 'new' : editing.id}
          mailboxId={details.mailbox.id}
          reply={editing === 'new' ? null : editing}
          readOnly={readOnly}
          onDone={() => setEditing(null)}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={t('autoReply.deleteTitle', { name: deleting.name })}
          confirmLabel={t('common.delete')}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api().autoReplies.delete({ id: deleting.id });
            invalidate(['mailboxes']);
          }}
        >
          <p>{t('autoReply.deleteText')}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function ReplyEditor({
  mailboxId,
  reply,
  readOnly,
  onDone,
}: {
  mailboxId: number;
  reply: AutoReply | null;
  readOnly: boolean;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [name, setName] = useState(reply?.name ?? t('autoReply.defaultName'));
  const [subject, setSubject] = useState(reply?.subject ?? '');
  const [message, setMessage] = useState(reply?.message ?? '');
  const [startsAt, setStartsAt] = useState(toLocalInput(reply?.startsAt ?? null));
  const [endsAt, setEndsAt] = useState(toLocalInput(reply?.endsAt ?? null));
  const [weekdays, setWeekdays] = useState<number[]>(reply?.weekdays ?? []);
  const [sender, setSender] = useState(reply?.senderAddress ?? '');
  const [excluded, setExcluded] = useState((reply?.excluded ?? []).join('\n'));
  const [activate, setActivate] = useState(reply === null);
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const exclusions = excluded
    .split(/[\n,;]+/)
    .map((x) => x.trim())
    .filter(Boolean);
  const badExclusions = exclusions.filter((x) => normaliseExclusion(x) === null);
  const endBeforeStart = startsAt !== '' && endsAt !== '' && new Date(endsAt) <= new Date(startsAt);
  const weekdayName = (day: number) =>
    new Intl.DateTimeFormat(formatLocale(i18n.language), { weekday: 'short' }).format(new Date(Date.UTC(2024, 0, 7 + day)));

  const save = async () => {
    setError(null);
    try {
      const saved = await api().autoReplies.save({
        mailboxId,
        id: reply?.id,
        fields: {
          name: name.trim(),
          subject,
          message,
          startsAt: fromLocalInput(startsAt),
          endsAt: fromLocalInput(endsAt),
          weekdays,
          senderAddress: sender.trim() || null,
          excluded: exclusions,
        },
      });
      if (activate && !saved.active) await api().autoReplies.setActive({ id: saved.id, active: true });
      invalidate(['mailboxes']);
      toast({ tone: 'success', message: t('autoReply.saved', { name: saved.name }) });
      onDone();
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <form
      className="reply-editor"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h3>{reply ? t('autoReply.editTitle', { name: reply.name }) : t('autoReply.newTitle')}</h3>
      <Field label={t('autoReply.name')} value={name} onChange={(e) => setName(e.target.value)} maxLength={80} required />
      <Field
        label={t('autoReply.subject')}
        value={subject}
        onChange={(e) => setSubject(e.target.value)}
        maxLength={200}
        hint={t('autoReply.subjectHint')}
      />
      <div className="field">
        <label htmlFor={`reply-message-${reply?.id ?? 'new'}`}>{t('autoReply.message')}</label>
        <textarea
          id={`reply-message-${reply?.id ?? 'new'}`}
          className="input"
          rows={6}
          value={message}
          onChange={(e) => setMessage(e.target.value)}
          onBlur={() => setTouched(true)}
          aria-invalid={touched && message.trim() === '' ? true : undefined}
          required
        />
      </div>
      <div className="field-pair">
        <Field
          label={t('autoReply.startsAt')}
          type="datetime-local"
          value={startsAt}
          onChange={(e) => setStartsAt(e.target.value)}
        />
        <Field
          label={t('autoReply.endsAt')}
          type="datetime-local"
          value={endsAt}
          onChange={(e) => setEndsAt(e.target.value)}
          error={endBeforeStart ? t('autoReply.endBeforeStart') : null}
        />
      </div>
      <fieldset className="weekdays">
        <legend>{t('autoReply.weekdays')}</legend>
        {WEEKDAYS.map((day) => (
          <label key={day} className="checkbox-inline">
            <input
              type="checkbox"
              checked={weekdays.includes(day)}
              onChange={(e) => setWeekdays(e.target.checked ? [...weekdays, day] : weekdays.filter((d) => d !== day))}
            />
            {weekdayName(day)}
          </label>
        ))}
        <p className="field-hint">{t('autoReply.weekdaysHint')}</p>
      </fieldset>
      <Field
        label={t('autoReply.sender')}
        type="email"
        value={sender}
        onChange={(e) => setSender(e.target.value)}
        hint={t('autoReply.senderHint')}
      />
      <div className="field">
        <label htmlFor={`reply-excluded-${reply?.id ?? 'new'}`}>{t('autoReply.excluded')}</label>
        <textarea
          id={`reply-excluded-${reply?.id ?? 'new'}`}
          className="input mono"
          rows={3}
          value={excluded}
          onChange={(e) => setExcluded(e.target.value)}
          aria-invalid={badExclusions.length > 0 ? true : undefined}
          placeholder={'boss@example.com\n@newsletter.example'}
        />
        <p className="field-hint">{t('autoReply.excludedHint')}</p>
        {badExclusions.length > 0 && (
          <p className="field-error">{t('autoReply.badExclusions', { list: badExclusions.join(', ') })}</p>
        )}
      </div>
      {!reply?.active && (
        <label className="checkbox">
          <input type="checkbox" checked={activate} onChange={(e) => setActivate(e.target.checked)} />
          <span>
            {t('autoReply.activateNow')}
            <span className="field-hint">{t('autoReply.activateHint')}</span>
          </span>
        </label>
      )}
      {error !== null && <ErrorMessage error={error} />}
      <div className="button-row">
        <button type="button" className="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
        <button
          type="submit"
          className="button button-primary"
          disabled={readOnly || message.trim() === '' || name.trim() === '' || endBeforeStart || badExclusions.length > 0}
        >
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}
