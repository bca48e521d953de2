import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';

export type PlannedSection = 'mail-import';

/** A section that isn't built yet says so plainly and what it will do — no dead buttons. */
export function PlannedSectionPage({ section }: { section: PlannedSection }) {
  const { t } = useTranslation();
  const points = t(`planned.${section}.points`, { returnObjects: true }) as string[];
  return (
    <div className="page">
      <PageHeader title={t(`nav.${section}`)} />
      <div className="planned">
        <p className="badge badge-info">{t('planned.status')}</p>
        <p className="planned-lead">{t(`planned.${section}.lead`)}</p>
        <ul>
          {points.map((point) => (
            <li key={point}>{point}</li>
          ))}
        </ul>
        <p className="muted">{t('planned.meanwhile')}</p>
      </div>
    </div>
  );
}
