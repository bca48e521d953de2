import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { MailService } from '../../../../shared/contract';
import { api } from '../../api';
import { toast } from '../../stores/use-toast-store';

/** Copies a record (or a fix) and says so. */
export function copyText(text: string, t: TFunction): void {
  void navigator.clipboard?.writeText(text).then(() => toast({ tone: 'success', message: t('dns.copied') }));
}

/**
 * "Copy" and "Save to the planned zone" for a record built on the DNS page: the zone is read fresh, changed by
 * `change` (which record it replaces is the caller's rule), and saved whole.
 */
export function RecordActions({
  service,
  record,
  copyLabel,
  savedMessage,
  disabled,
  change,
  onSaved,
  onError,
}: {
  service: MailService;
  record: string;
  copyLabel: string;
  savedMessage: string;
  disabled: boolean;
  change: (zoneText: string) => string;
  onSaved: () => void;
  onError: (error: unknown) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="dialog-actions">
      <button type="button" className="button" onClick={() => copyText(record, t)}>
        {copyLabel}
      </button>
      <button
        type="button"
        className="button button-primary"
        disabled={disabled}
        onClick={async () => {
          try {
            const zone = await api().dns.zone({ mailServiceId: service.id });
            await api().dns.saveZone({ mailServiceId: service.id, text: change(zone.text) });
            toast({ tone: 'success', message: savedMessage });
            onSaved();
          } catch (caught) {
            onError(caught);
          }
        }}
      >
        {t('dns.spf.save')}
      </button>
    </div>
  );
}
