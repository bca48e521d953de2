import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../i18n/use-error-text';
import { useAccessStore, useMyRole } from '../../stores/use-access-store';
import { toast } from '../../stores/use-toast-store';

/** Who the app acts as: every call is checked against this user's role and rights (in the services, not only here). */
export function ActingUserMenu() {
  const { t } = useTranslation();
  const id = useId();
  const errorText = useErrorText();
  const me = useAccessStore((s) => s.me);
  const loadMe = useAccessStore((s) => s.loadMe);
  const actAs = useAccessStore((s) => s.actAs);
  const role = useMyRole();
  useEffect(() => {
    void loadMe();
  }, [loadMe]);
  if (!me) return null;
  return (
    <div className="acting-user">
      <label htmlFor={id} className="sidebar-label">
        {t('access.actingAs')}
      </label>
      <select
        id={id}
        className="input"
        value={me.user?.id ?? ''}
        aria-describedby={`${id}-role`}
        onChange={(e) =>
          actAs(Number(e.target.value)).then(
            () => toast({ tone: 'info', message: t('access.nowActingAs', { user: e.target.selectedOptions[0]?.text ?? '' }) }),
            (error: unknown) => toast({ tone: 'error', message: errorText(error) }),
          )
        }
      >
        {me.user === null && <option value="">{t('access.nobody')}</option>}
        {me.users.map((u) => (
          <option key={u.id} value={u.id}>
            {u.displayName || u.email}
          </option>
        ))}
      </select>
      <p id={`${id}-role`} className="sidebar-note">
        {role ? t(`roles.${role}`) : t('access.noRoleHere')}
        {me.user?.displayName && <span className="sidebar-email">{me.user.email}</span>}
      </p>
    </div>
  );
}
