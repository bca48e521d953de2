import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../stores/use-access-store';
import type { MailService } from '../../../../shared/contract';
import { checkDomain } from '../../../../shared/domain/address/domain';
import { api } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import { invalidate } from '../../stores/invalidate';
import { parseTags } from './ProductDialogs';
import { toast } from '../../stores/use-toast-store';

const QUOTA_MAX = 1_000_000;

function quotaError(value: string, t: (key: string, o?: Record<string, unknown>) => string, min = 1): string | null {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > QUOTA_MAX)
    return t('services.quotaInvalid', { min, max: QUOTA_MAX });
  return null;
}

export function AddMailServiceDialog({ organisationId, onClose }: { organisationId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const [domain, setDomain] = useState('');
  const [quota, setQuota] = useState('10');
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  const domainCheck = checkDomain(domain);
  const domainError = touched && !domainCheck.ok ? t('services.domainInvalid') : null;
  const qError = quotaError(quota, t);
  return (
    <FormDialog
      title={t('services.addTitle')}
      submitLabel={t('services.add')}
      onClose={onClose}
      onSubmit={async () => {
        setTouched(true);
        if (!domainCheck.ok) throw new Error(t('services.domainInvalid'));
        if (qError) throw new Error(qError);
        const created = await api().mailServices.create({
          organisationId,
          domain: domain.trim(),
          addressQuota: Number(quota),
          name: name.trim() || undefined,
        });
        invalidate(['mailServices', 'products', 'organisations']);
        toast({ tone: 'success', message: t('services.added', { domain: created.domain }) });
      }}
    >
      <Field
        label={t('services.domain')}
        value={domain}
        onChange={(e) => setDomain(e.target.value)}
        onBlur={() => setTouched(true)}
        placeholder="example.ch"
        autoFocus
        required
        spellCheck={false}
        autoCapitalize="off"
        hint={
          domainCheck.ok && domainCheck.ascii !== domainCheck.domain
            ? t('services.idnHint', { ascii: domainCheck.ascii })
            : t('services.domainHint')
        }
        error={domainError}
      />
      <Field
        label={t('services.quota')}
        type="number"
        inputMode="numeric"
        min={1}
        max={QUOTA_MAX}
        value={quota}
        onChange={(e) => setQuota(e.target.value)}
        required
        hint={t('services.quotaHint')}
        error={qError}
      />
      <Field
        label={t('services.name')}
        value={name}
        onChange={(e) => setName(e.target.value)}
        maxLength={120}
        hint={t('services.nameHint')}
      />
    </FormDialog>
  );
}

export function EditMailServiceDialog({ service, onClose }: { service: MailService; onClose: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(service.name);
  const [tags, setTags] = useState(service.tags.join(', '));
  const [quota, setQuota] = useState(String(service.addressQuota));
  const [maintenance, setMaintenance] = useState(service.maintenance);
  const canSwitchMaintenance = useCan('lock-product');
  const [confirming, setConfirming] = useState(false);
  const qError = quotaError(quota, t, Math.max(1, service.addressesUsed));
  const save = async () => {
    await api().mailServices.update({
      id: service.id,
      ...(service.locked ? {} : { name: name.trim() || service.domain, tags: parseTags(tags), addressQuota: Number(quota) }),
      // Only sent when it changed: switching it needs a role that managing the product alone doesn't give.
      ...(maintenance !== service.maintenance ? { maintenance } : {}),
    });
    invalidate(['mailServices', 'mailboxes', 'products']);
    toast({ tone: 'success', message: t('services.updated', { domain: service.domain }) });
  };
  if (confirming) {
    // Suspending every user's access is a big step: a red dialog says what it does before it happens.
    return (
      <ConfirmDialog
        title={t('services.maintenanceConfirmTitle', { domain: service.domain })}
        confirmLabel={t('services.maintenanceConfirm')}
        onClose={onClose}
        onConfirm={save}
      >
        <p>{t('services.maintenanceConfirmText', { domain: service.domain, count: service.addressesUsed })}</p>
      </ConfirmDialog>
    );
  }
  return (
    <FormDialog
      title={t('services.editTitle', { domain: service.domain })}
      submitLabel={t('common.save')}
      onClose={onClose}
      submitDisabled={qError !== null}
      onSubmit={async () => {
        if (maintenance && !service.maintenance) {
          setConfirming(true);
          return 'keep-open';
        }
        await save();
      }}
    >
      <Field
        label={t('services.name')}
        value={name}
        onChange={(e) => setName(e.target.value)}
        maxLength={120}
        disabled={service.locked}
        hint={t('services.renameHint', { domain: service.domain })}
      />
      <Field
        label={t('products.tags')}
        value={tags}
        onChange={(e) => setTags(e.target.value)}
        disabled={service.locked}
        hint={t('products.tagsHint')}
      />
      <Field
        label={t('services.quota')}
        type="number"
        inputMode="numeric"
        min={Math.max(1, service.addressesUsed)}
        max={QUOTA_MAX}
        value={quota}
        onChange={(e) => setQuota(e.target.value)}
        autoFocus
        hint={t('services.quotaInUse', { count: service.addressesUsed })}
        error={qError}
        disabled={service.locked}
      />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={maintenance}
          disabled={!canSwitchMaintenance}
          onChange={(e) => setMaintenance(e.target.checked)}
        />
        <span>
          {t('services.maintenance')}
          <span className="field-hint">{t('services.maintenanceHint')}</span>
        </span>
      </label>
      <p className="field-hint">{t('services.adminOnly')}</p>
      {service.locked && <p className="notice notice-warning">{t('services.lockedNotice')}</p>}
    </FormDialog>
  );
}

export function DeleteMailServiceDialog({ service, onClose }: { service: MailService; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <ConfirmDialog
      title={t('services.deleteTitle', { domain: service.domain })}
      confirmLabel={t('services.delete')}
      onClose={onClose}
      onConfirm={async () => {
        const result = await api().mailServices.delete({ id: service.id });
        invalidate(['mailServices', 'products', 'organisations', 'mailboxes']);
        toast({ tone: 'success', message: t('services.deleted', { domain: service.domain, count: result.mailboxesDeleted }) });
      }}
    >
      <p>{t('services.deleteText', { domain: service.domain, count: service.addressesUsed })}</p>
    </ConfirmDialog>
  );
}
