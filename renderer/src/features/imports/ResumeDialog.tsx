import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportAccount, ImportJob } from '../../../../shared/contract';
import { api } from '../../api';
import { Field } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import { toast } from '../../stores/use-toast-store';

/**
 * A job whose passwords weren't remembered (or were lost with a restart) asks for them again before it resumes:
 * both sides of every account that still has mail to copy.
 */
export function ResumeDialog({
  job,
  name,
  accounts,
  onClose,
}: {
  job: ImportJob;
  name: string;
  accounts: ImportAccount[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [passwords, setPasswords] = useState<Record<number, { source: string; target: string }>>({});
  const [touched, setTouched] = useState(false);
  const of = (id: number) => passwords[id] ?? { source: '', target: '' };
  // The target's password may be left out for a mailbox Mailwright created: the one it keeps is used.
  const complete = accounts.every((a) => of(a.id).source !== '');
  return (
    <FormDialog
      title={t('imports.resume.title', { name })}
      submitLabel={t('imports.resume.submit')}
      onClose={onClose}
      size="large"
      onSubmit={async () => {
        setTouched(true);
        if (!complete) return 'keep-open';
        await api().imports.resume({
          jobId: job.id,
          passwords: accounts.map((a) => ({
            accountId: a.id,
            sourcePassword: of(a.id).source,
            targetPassword: of(a.id).target || undefined,
          })),
        });
        toast({ tone: 'success', message: t('imports.job.resumed', { name }) });
      }}
    >
      <p>{t('imports.resume.text', { count: accounts.length })}</p>
      {accounts.map((a) => (
        <fieldset key={a.id} className="import-resume-account">
          <legend>
            <span className="mono">{a.source}</span> → <span className="mono">{a.target}</span>
          </legend>
          <div className="field-pair">
            <Field
              label={t('imports.resume.source', { address: a.source })}
              type="password"
              autoComplete="off"
              value={of(a.id).source}
              onChange={(e) => setPasswords((p) => ({ ...p, [a.id]: { ...of(a.id), source: e.target.value } }))}
              error={touched && of(a.id).source === '' ? t('imports.single.passwordRequired') : null}
            />
            <Field
              label={t('imports.resume.target', { address: a.target })}
              type="password"
              autoComplete="off"
              value={of(a.id).target}
              onChange={(e) => setPasswords((p) => ({ ...p, [a.id]: { ...of(a.id), target: e.target.value } }))}
              hint={t('imports.single.targetPasswordHint')}
            />
          </div>
        </fieldset>
      ))}
    </FormDialog>
  );
}
