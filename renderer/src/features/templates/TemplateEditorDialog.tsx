import { useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DEFAULT_STORAGE_QUOTA_MB,
  type MailboxTemplate,
  type MailService,
  type TemplateField,
  type TemplateSettings,
} from '../../../../shared/contract';
import { checkEmailAddress } from '../../../../shared/domain/address/email';
import { normaliseEntry } from '../../../../shared/domain/filters/lists';
import { parseSieve } from '../../../../shared/domain/sieve/parse';
import { api } from '../../api';
import { Field } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import { formatNumber } from '../../i18n/format';
import { invalidate } from '../../stores/invalidate';
import { toast } from '../../stores/use-toast-store';
import { SieveEditor } from '../mailboxes/details/SieveEditor';
import { TargetsField } from '../mailboxes/details/TargetsField';
import { quotaMb } from '../mailboxes/MailboxDialogs';

const DEFAULT_FILTERS = {
  spam: true,
  spamFolder: 'Spam',
  promotions: false,
  promotionsFolder: 'Promotions',
  social: false,
  socialFolder: 'Social networks',
};

/** The form's state: every part has its values kept while unticked, so ticking it again loses nothing. */
interface Draft {
  name: string;
  description: string;
  on: Record<TemplateField, boolean>;
  quotaGb: string;
  forwardMode: 'forward' | 'off';
  targets: string[];
  keepCopy: boolean;
  reply: { name: string; subject: string; message: string; active: boolean };
  filters: typeof DEFAULT_FILTERS;
  allow: string;
  block: string;
  sieve: { name: string; content: string; activate: boolean };
}

function draftOf(template: MailboxTemplate | undefined, t: (k: string) => string): Draft {
  const s = template?.settings;
  return {
    name: template?.name ?? '',
    description: template?.description ?? '',
    on: {
      storageQuota: s !== undefined && s.storageQuotaMb !== null,
      forwarding: Boolean(s?.forwarding),
      autoReply: Boolean(s?.autoReply),
      filters: Boolean(s?.filters),
      sieve: Boolean(s?.sieve),
    },
    quotaGb: String((s?.storageQuotaMb ?? DEFAULT_STORAGE_QUOTA_MB) / 1024),
    forwardMode: s?.forwarding && s.forwarding.targets.length === 0 ? 'off' : 'forward',
    targets: s?.forwarding?.targets.length ? [...s.forwarding.targets] : [''],
    keepCopy: s?.forwarding?.keepCopy ?? true,
    reply: s?.autoReply ?? { name: t('bulk.autoReplyDefaultName'), subject: '', message: '', active: false },
    filters: s?.filters?.settings ?? DEFAULT_FILTERS,
    allow: s?.filters?.allow.join('\n') ?? '',
    block: s?.filters?.block.join('\n') ?? '',
    sieve: s?.sieve ?? { name: '', content: 'require ["fileinto"];\n\n', activate: true },
  };
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** Creates or changes a template: each part is ticked to be set, and checked as it is typed. */
export function TemplateEditorDialog({
  service,
  template,
  onClose,
}: {
  service: MailService;
  template?: MailboxTemplate;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [d, setD] = useState<Draft>(() => draftOf(template, t));
  const set = (patch: Partial<Draft>) => setD((old) => ({ ...old, ...patch }));
  const mb = quotaMb(d.quotaGb);
  const sieveCheck = useMemo(() => (d.on.sieve ? parseSieve(d.sieve.content) : null), [d.on.sieve, d.sieve.content]);
  const badEntries = [...lines(d.allow), ...lines(d.block)].filter((e) => normaliseEntry(e) === undefined);
  const targets = d.targets.map((x) => x.trim()).filter(Boolean);
  const problems = {
    storageQuota: d.on.storageQuota && mb === null ? t('mailboxes.quotaInvalid') : null,
    // Each invalid target is marked at its field; here only what no field says.
    forwarding: d.on.forwarding && d.forwardMode === 'forward' && targets.length === 0 ? t('templates.forwardRequired') : null,
    autoReply:
      d.on.autoReply && (d.reply.message.trim() === '' || d.reply.name.trim() === '') ? t('templates.replyRequired') : null,
    filters: d.on.filters && badEntries.length > 0 ? t('filters.problems.invalid-entry', { entry: badEntries[0] }) : null,
    // The script's own errors are shown under the editor, with line and column.
    sieve: d.on.sieve && d.sieve.name.trim() === '' ? t('templates.scriptNameRequired') : null,
  } satisfies Record<TemplateField, string | null>;
  const nothing = !Object.values(d.on).some(Boolean);
  const badTarget = d.on.forwarding && d.forwardMode === 'forward' && targets.some((x) => !checkEmailAddress(x).ok);
  const invalid =
    d.name.trim() === '' ||
    Object.values(problems).some((p) => p !== null) ||
    badTarget ||
    (sieveCheck !== null && !sieveCheck.ok);

  const settings = (): TemplateSettings => ({
    storageQuotaMb: d.on.storageQuota ? mb : null,
    forwarding: d.on.forwarding ? { targets: d.forwardMode === 'off' ? [] : targets, keepCopy: d.keepCopy } : null,
    autoReply: d.on.autoReply ? { ...d.reply, name: d.reply.name.trim() } : null,
    filters: d.on.filters ? { settings: d.filters, allow: lines(d.allow), block: lines(d.block) } : null,
    sieve: d.on.sieve ? { ...d.sieve, name: d.sieve.name.trim() } : null,
  });

  const part = (field: TemplateField, children: ReactNode) => (
    <Part
      label={t(`templates.parts.${field}`)}
      legend={t(`templates.parts.${field}`)}
      on={d.on[field]}
      onToggle={(on) => set({ on: { ...d.on, [field]: on } })}
      problem={problems[field]}
    >
      {children}
    </Part>
  );

  return (
    <FormDialog
      size="large"
      title={template ? t('templates.editTitle', { name: template.name }) : t('templates.newTitle', { domain: service.domain })}
      submitLabel={t('common.save')}
      submitDisabled={invalid}
      onClose={onClose}
      onSubmit={async () => {
        const saved = await api().templates.save({
          mailServiceId: service.id,
          id: template?.id,
          name: d.name.trim(),
          description: d.description.trim(),
          settings: settings(),
        });
        invalidate(['mailboxes']);
        toast({ tone: 'success', message: t('templates.saved', { name: saved.name }) });
      }}
    >
      <div className="form-grid-2">
        <Field
          label={t('templates.name')}
          value={d.name}
          placeholder={t('templates.namePlaceholder')}
          onChange={(e) => set({ name: e.target.value })}
          maxLength={80}
          required
          autoFocus
        />
        <Field
          label={t('templates.description')}
          value={d.description}
          onChange={(e) => set({ description: e.target.value })}
          maxLength={500}
          hint={t('templates.descriptionHint')}
        />
      </div>
      <p className={nothing ? 'notice notice-info' : 'muted small'}>
        {nothing ? t('templates.setsNothing') : t('templates.leaveHint')}
      </p>

      {part(
        'storageQuota',
        <Field
          label={t('mailboxes.quotaGb')}
          type="number"
          inputMode="decimal"
          min={0.001}
          step="any"
          value={d.quotaGb}
          onChange={(e) => set({ quotaGb: e.target.value })}
          hint={mb !== null ? t('mailboxes.quotaHint', { mb: formatNumber(mb, i18n.language) }) : undefined}
        />,
      )}

      {part(
        'forwarding',
        <>
          <div className="radio-row" role="radiogroup" aria-label={t('templates.parts.forwarding')}>
            {(['forward', 'off'] as const).map((mode) => (
              <label key={mode} className="checkbox">
                <input
                  type="radio"
                  name="template-forward-mode"
                  checked={d.forwardMode === mode}
                  onChange={() => set({ forwardMode: mode })}
                />
                <span>{t(mode === 'forward' ? 'templates.forwardTo' : 'templates.forwardOff')}</span>
              </label>
            ))}
          </div>
          {d.forwardMode === 'forward' && (
            <>
              <TargetsField targets={d.targets} onChange={(next) => set({ targets: next })} />
              <label className="checkbox">
                <input type="checkbox" checked={d.keepCopy} onChange={(e) => set({ keepCopy: e.target.checked })} />
                <span>{t('templates.keepCopy')}</span>
              </label>
            </>
          )}
        </>,
      )}

      {part(
        'autoReply',
        <>
          <Field
            label={t('templates.replyName')}
            value={d.reply.name}
            onChange={(e) => set({ reply: { ...d.reply, name: e.target.value } })}
            maxLength={80}
            hint={t('templates.replyNameHint')}
          />
          <Field
            label={t('templates.replySubject')}
            value={d.reply.subject}
            onChange={(e) => set({ reply: { ...d.reply, subject: e.target.value } })}
            maxLength={200}
          />
          <TextArea
            label={t('templates.replyMessage')}
            value={d.reply.message}
            rows={4}
            onChange={(message) => set({ reply: { ...d.reply, message } })}
          />
          <label className="checkbox">
            <input
              type="checkbox"
              checked={d.reply.active}
              onChange={(e) => set({ reply: { ...d.reply, active: e.target.checked } })}
            />
            <span>{t('templates.replyActive')}</span>
          </label>
        </>,
      )}

      {part(
        'filters',
        <>
          {(
            [
              ['spam', 'spamFolder'],
              ['promotions', 'promotionsFolder'],
              ['social', 'socialFolder'],
            ] as const
          ).map(([key, folderKey]) => (
            <div key={key} className="filter-row">
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={d.filters[key]}
                  onChange={(e) => set({ filters: { ...d.filters, [key]: e.target.checked } })}
                />
                <span>{t(`filters.${key}`)}</span>
              </label>
              <input
                className="input input-compact"
                aria-label={t('filters.folderOf', { filter: t(`filters.${key}`) })}
                value={d.filters[folderKey]}
                disabled={!d.filters[key]}
                maxLength={100}
                onChange={(e) => set({ filters: { ...d.filters, [folderKey]: e.target.value } })}
              />
            </div>
          ))}
          <div className="form-grid-2">
            <TextArea
              label={t('filters.allowList')}
              hint={t('templates.listHint')}
              value={d.allow}
              rows={3}
              onChange={(allow) => set({ allow })}
            />
            <TextArea
              label={t('filters.blockList')}
              hint={t('templates.listHint')}
              value={d.block}
              rows={3}
              onChange={(block) => set({ block })}
            />
          </div>
        </>,
      )}

      {part(
        'sieve',
        <>
          <Field
            label={t('templates.scriptName')}
            value={d.sieve.name}
            onChange={(e) => set({ sieve: { ...d.sieve, name: e.target.value } })}
            maxLength={80}
            hint={t('templates.scriptNameHint')}
          />
          <SieveScriptField
            value={d.sieve.content}
            error={sieveCheck && !sieveCheck.ok ? sieveCheck.error : null}
            onChange={(content) => set({ sieve: { ...d.sieve, content } })}
          />
          <label className="checkbox">
            <input
              type="checkbox"
              checked={d.sieve.activate}
              onChange={(e) => set({ sieve: { ...d.sieve, activate: e.target.checked } })}
            />
            <span>{t('templates.scriptActivate')}</span>
          </label>
        </>,
      )}
    </FormDialog>
  );
}

/** One part of a template: a checkbox that says whether the template sets it, and its fields while it does. */
function Part({
  label,
  legend,
  on,
  onToggle,
  problem,
  children,
}: {
  label: string;
  legend: string;
  on: boolean;
  onToggle: (on: boolean) => void;
  problem: string | null;
  children: ReactNode;
}) {
  return (
    <fieldset className={`template-part${on ? ' on' : ''}`}>
      <legend className="visually-hidden">{legend}</legend>
      <label className="checkbox template-part-toggle">
        <input type="checkbox" checked={on} onChange={(e) => onToggle(e.target.checked)} />
        <span>{label}</span>
      </label>
      {on && (
        <div className="template-part-body">
          {children}
          {problem && <p className="field-error">{problem}</p>}
        </div>
      )}
    </fieldset>
  );
}

function TextArea({
  label,
  hint,
  value,
  rows,
  onChange,
}: {
  label: string;
  hint?: string;
  value: string;
  rows: number;
  onChange: (v: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        className="input"
        rows={rows}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}

function SieveScriptField({
  value,
  error,
  onChange,
}: {
  value: string;
  error: { line: number; column: number; message: string } | null;
  onChange: (v: string) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t('sieve.content')}</label>
      <SieveEditor
        id={id}
        rows={Math.min(16, Math.max(6, value.split('\n').length + 1))}
        value={value}
        spellCheck={false}
        aria-invalid={error !== null || undefined}
        aria-describedby={`${id}-status`}
        onChange={(e) => onChange(e.target.value)}
        error={error}
      />
      <p id={`${id}-status`} className={error ? 'field-error' : 'field-hint'} role="status">
        {error ? t('sieve.errorAt', error) : t('sieve.valid')}
      </p>
    </div>
  );
}
