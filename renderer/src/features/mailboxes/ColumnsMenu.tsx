import { useTranslation } from 'react-i18next';
import { Popover } from '../../components/Popover';
import { useLayoutStore } from '../../stores/use-layout-store';
import { HIDEABLE_COLUMNS } from './columns';

/** Which columns show and in what order; remembered in the workspace. Widths: drag a header's edge. */
export function ColumnsMenu() {
  const { t } = useTranslation();
  const layout = useLayoutStore((s) => s.layout);
  const update = useLayoutStore((s) => s.update);
  const order = [
    ...layout.order.filter((id) => HIDEABLE_COLUMNS.includes(id)),
    ...HIDEABLE_COLUMNS.filter((id) => !layout.order.includes(id)),
  ];
  const move = (id: string, by: -1 | 1) => {
    const next = [...order];
    const at = next.indexOf(id);
    const to = at + by;
    if (to < 0 || to >= next.length) return;
    [next[at], next[to]] = [next[to]!, next[at]!];
    update({ order: ['address', ...next] });
  };
  return (
    <Popover label={t('mailboxes.columnsMenu')}>
      <ul className="column-list">
        {order.map((id, index) => {
          const label = t(`mailboxes.columns.${id}`);
          return (
            <li key={id}>
              <label className="checkbox-inline">
                <input
                  type="checkbox"
                  checked={!layout.hidden.includes(id)}
                  onChange={(e) =>
                    update({ hidden: e.target.checked ? layout.hidden.filter((h) => h !== id) : [...layout.hidden, id] })
                  }
                />
                {label}
              </label>
              <span className="column-move">
                <button
                  type="button"
                  className="icon-button"
                  disabled={index === 0}
                  onClick={() => move(id, -1)}
                  aria-label={t('mailboxes.moveUp', { column: label })}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="icon-button"
                  disabled={index === order.length - 1}
                  onClick={() => move(id, 1)}
                  aria-label={t('mailboxes.moveDown', { column: label })}
                >
                  ↓
                </button>
              </span>
            </li>
          );
        })}
      </ul>
      <button type="button" className="button button-small" onClick={() => update({ hidden: [], order: [], widths: {} })}>
        {t('mailboxes.resetColumns')}
      </button>
    </Popover>
  );
}
