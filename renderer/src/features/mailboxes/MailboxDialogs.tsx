import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_STORAGE_QUOTA_MB, type Mailbox, type MailboxState, type MailService } from '../../../../shared/contract';
import { checkLocalPart } from '../../../../shared/domain/address/local-part';
import { api } from '../../api';
import { formatNumber } from '../../i18n/format';
import { Field, SelectField } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import { invalidate } from '../../stores/invalidate';
import { toast } from '../../stores/use-toast-store';
import { useTemplatesStore } from '../../stores/use-templates-store';
import { templateSummary } from '../templates/summary';

const MB_PER_GB = 1024;

/** Storage in GB for display, in the user's number format. */
export function gbText(mb: number, language: string): string {
  return formatNumber(mb / MB_PER_GB, language, { maximumFractionDigits: 2 });
}

/** The same for an <input type="number">, which wants "20.5", never "1’024,5". */
function gbInputValue(mb: number): string {
  return String(Math.round((mb / MB_PER_GB) * 100) / 100);
}

/** "20", "20.5" or "20,5" GB → MB; null when it isn't a usable storage quota. */
export function quotaMb(gb: string): number | null {
  const value = Number(gb.replace(',', '.'));
  if (!Number.isFinite(value) || value <= 0) return null;
  const mb = Math.round(value * MB_PER_GB);
  return mb >= 1 && mb <= 10_000_000 ? mb : null;
}

interface MailboxDialogProps {
  service: MailService;
  /** Absent: create a new mailbox. */
  mailbox?: Mailbox;
  onClose: () => void;
}

export function MailboxDialog({ service, mailbox, onClose }: MailboxDialogProps) {
  const { t, i18n } = useTranslation();
  const [localPart, setLocalPart] = useState(mailbox?.localPart ?? '');
  const [displayName, setDisplayName] = useState(mailbox?.displayName ?? '');
  const [quota, setQuota] = useState(gbInputValue(mailbox?.storageQuotaMb ?? DEFAULT_STORAGE_QUOTA_MB));
  const [state, setState] = useState<MailboxState>(mailbox?.state ?? 'planned');
  const [touched, setTouched] = useState(false);
  const templates = useTemplatesStore((s) => s.templates);
  const loadTemplates = useTemplatesStore((s) => s.load);
  const [templateId, setTemplateId] = useState('');
  useEffect(() => {
    if (!mailbox) void loadTemplates(service.id);
  }, [mailbox, loadTemplates, service.id]);
  const template = templates.find((x) => String(x.id) === templateId);
  const check = checkLocalPart(localPart, service.domain);
  const addressError = !mailbox && touched && !check.ok ? t(`address.${check.code}`, { domain: service.domain }) : null;
  const mb = quotaMb(quota);
  return (
    <FormDialog
      title={
        mailbox ? t('mailboxes.editTitle', { address: mailbox.address }) : t('mailboxes.addTitle', { domain: service.domain })
      }
      submitLabel={mailbox ? t('common.save') : t('mailboxes.create')}
      onClose={onClose}
      onSubmit={async () => {
        setTouched(true);
        if (mb === null) throw new Error(t('mailboxes.quotaInvalid'));
        if (mailbox) {
          await api().mailboxes.update({ id: mailbox.id, displayName: displayName.trim(), storageQuotaMb: mb, state });
          toast({ tone: 'success', message: t('mailboxes.updated', { address: mailbox.address }) });
        } else {
          if (!check.ok) throw new Error(t(`address.${check.code}`, { domain: service.domain }));
          const created = await api().mailboxes.create({
            mailServiceId: service.id,
            localPart: check.localPart,
            displayName: displayName.trim(),
            storageQuotaMb: mb,
            state,
            templateId: template?.id,
          });
          toast({ tone: 'success', message: t('mailboxes.created', { address: created.address }) });
        }
        invalidate(['mailboxes', 'mailServices']);
      }}
    >
      {!mailbox && (
        <Field
          label={t('mailboxes.address')}
          value={localPart}
          onChange={(e) => setLocalPart(e.target.value)}
          onBlur={() => setTouched(true)}
          suffix={`@${service.domain}`}
          autoFocus
          required
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          maxLength={320}
          hint={t('mailboxes.addressHint')}
          error={addressError}
        />
      )}
      <Field
        label={t('mailboxes.displayName')}
        value={displayName}
        onChange={(e) => setDisplayName(e.target.value)}
        maxLength={120}
        autoFocus={Boolean(mailbox)}
        hint={t('mailboxes.displayNameHint')}
      />
      <Field
        label={t('mailboxes.quotaGb')}
        type="number"
        inputMode="decimal"
        min={0.001}
        step="any"
        value={quota}
        onChange={(e) => setQuota(e.target.value)}
        error={mb === null ? t('mailboxes.quotaInvalid') : null}
        hint={mb !== null ? t('mailboxes.quotaHint', { mb: formatNumber(mb, i18n.language) }) : undefined}
      />
      <SelectField
        label={t('mailboxes.state')}
        value={state}
        onChange={(value) => setState(value as MailboxState)}
        options={[
          { value: 'planned', label: t('mailboxes.states.planned') },
          { value: 'created', label: t('mailboxes.states.created') },
        ]}
        hint={t('mailboxes.stateHint')}
      />
      {!mailbox && templates.length > 0 && (
        <SelectField
          label={t('templates.onCreate')}
          value={templateId}
          onChange={(value) => {
            setTemplateId(value);
            // The template's quota is what the mailbox will get: show it rather than let the field say otherwise.
            const picked = templates.find((x) => String(x.id) === value);
            if (picked?.settings.storageQuotaMb) setQuota(gbInputValue(picked.settings.storageQuotaMb));
          }}
          options={[
            { value: '', label: t('templates.onCreateNone') },
            ...templates.map((x) => ({ value: String(x.id), label: x.name })),
          ]}
          hint={
            template ? t('templates.onCreateHint', { summary: templateSummary(template.settings, t, i18n.language) }) : undefined
          }
        />
      )}
    </FormDialog>
  );
}
