import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccessMatrix, Member } from '../../../../shared/contract';
import { PRODUCT_KINDS, type ProductKind } from '../../../../shared/domain/products/products';
import { PRODUCT_RIGHTS, type ProductRight, rightsFromList, rightsOfKind } from '../../../../shared/domain/roles/permissions';
import { FormDialog } from '../../components/FormDialog';
import { api } from '../../api';
import { useErrorText } from '../../i18n/use-error-text';
import { useAccessStore } from '../../stores/use-access-store';
import { invalidate } from '../../stores/invalidate';
import { useOrganisationsStore } from '../../stores/use-organisations-store';
import { toast } from '../../stores/use-toast-store';

export const toRights = rightsFromList;

/** `manage` brings `use`; taking `use` takes `manage` too. */
export function toggleRight(list: readonly ProductRight[], right: ProductRight, on: boolean): ProductRight[] {
  const next = new Set(list);
  if (on) next.add(right);
  else next.delete(right);
  if (right === 'manage' && on) next.add('use');
  if (right === 'use' && !on) next.delete('manage');
  return PRODUCT_RIGHTS.filter((r) => next.has(r));
}

/** Users × products: managers hold everything; collaborators' and externals' rights are ticked here. */
export function AccessMatrixView() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const matrix = useAccessStore((s) => s.matrix);
  if (!matrix) return null;
  if (matrix.products.length === 0) return <p className="muted">{t('access.noProducts')}</p>;
  const grant = async (member: Member, productId: number, rights: ProductRight[]) => {
    // Shown at once; the answer (or a refusal) brings the stored state back.
    const others = matrix.grants.filter((g) => !(g.userId === member.id && g.productId === productId));
    useAccessStore.setState({
      matrix: { ...matrix, grants: rights.length ? [...others, { userId: member.id, productId, rights }] : others },
    });
    try {
      await api().access.grant({ userId: member.id, productId, rights: toRights(rights) });
      invalidate(['access']);
    } catch (error) {
      toast({ tone: 'error', message: errorText(error) });
      invalidate(['access']);
    }
  };
  return (
    <div className="table-wrap">
      <table className="table access-matrix">
        <caption className="visually-hidden">{t('access.matrixCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('access.user')}</th>
            {matrix.products.map((p) => (
              <th scope="col" key={p.id}>
                {p.name}
                <span className="field-hint">{t(`products.kinds.${p.kind}`)}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.members.map((m) => (
            <tr key={m.id}>
              <th scope="row">
                <span className="mono">{m.email}</span>
                <span className="field-hint">{t(`roles.${m.role}`)}</span>
              </th>
              {matrix.products.map((p) => (
                <td key={p.id}>
                  <MatrixCell matrix={matrix} member={m} product={p} onChange={(rights) => void grant(m, p.id, rights)} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MatrixCell({
  matrix,
  member,
  product,
  onChange,
}: {
  matrix: AccessMatrix;
  member: Member;
  product: AccessMatrix['products'][number];
  onChange: (rights: ProductRight[]) => void;
}) {
  const { t } = useTranslation();
  if (member.role === 'legal-representative' || member.role === 'administrator') {
    return <span className="muted">{t('access.allRights')}</span>;
  }
  const direct = matrix.grants.find((g) => g.userId === member.id && g.productId === product.id)?.rights ?? [];
  const via = matrix.viaGroups.find((g) => g.userId === member.id && g.productId === product.id);
  return (
    <fieldset className="rights">
      <legend className="visually-hidden">{t('access.rightsOf', { user: member.email, product: product.name })}</legend>
      {product.rights.map((right) => (
        <label key={right} className="checkbox-inline">
          <input
            type="checkbox"
            checked={direct.includes(right)}
            onChange={(e) => onChange(toggleRight(direct, right, e.target.checked))}
            aria-label={t('access.rightOf', { right: t(`rights.${right}`), user: member.email, product: product.name })}
          />
          <span aria-hidden="true">{t(`rights.${right}`)}</span>
        </label>
      ))}
      {via && (
        <span className="field-hint">
          {t('access.viaGroups', { rights: via.rights.map((r) => t(`rights.${r}`)).join(', '), groups: via.groups.join(', ') })}
        </span>
      )}
    </fieldset>
  );
}

/** "Grant on future products of this kind": rights a collaborator gets on every product of a kind that arrives later. */
export function FutureGrantsDialog({ member, onClose }: { member: Member; onClose: () => void }) {
  const { t } = useTranslation();
  const matrix = useAccessStore((s) => s.matrix);
  const organisationId = useOrganisationsStore((s) => s.currentId)!;
  const [initial] = useState<Record<ProductKind, ProductRight[]>>(() => {
    const start = Object.fromEntries(PRODUCT_KINDS.map((k) => [k, [] as ProductRight[]])) as Record<ProductKind, ProductRight[]>;
    for (const f of matrix?.future ?? []) if (f.userId === member.id) start[f.kind] = f.rights;
    return start;
  });
  const [draft, setDraft] = useState(initial);
  return (
    <FormDialog
      title={t('access.futureTitle', { user: member.email })}
      submitLabel={t('common.save')}
      onClose={onClose}
      onSubmit={async () => {
        // Only the kinds that changed: one activity entry each.
        for (const kind of PRODUCT_KINDS.filter((k) => draft[k].join() !== initial[k].join())) {
          await api().access.setFuture({ organisationId, userId: member.id, kind, rights: toRights(draft[kind]) });
        }
        invalidate(['access']);
        toast({ tone: 'success', message: t('access.futureSaved', { user: member.email }) });
      }}
    >
      <p>{t('access.futureText')}</p>
      {PRODUCT_KINDS.map((kind) => (
        <fieldset key={kind} className="rights rights-row">
          <legend>{t(`products.kinds.${kind}`)}</legend>
          {rightsOfKind(kind).map((right) => (
            <label key={right} className="checkbox-inline">
              <input
                type="checkbox"
                checked={draft[kind].includes(right)}
                onChange={(e) => setDraft({ ...draft, [kind]: toggleRight(draft[kind], right, e.target.checked) })}
              />
              <span>{t(`rights.${right}`)}</span>
            </label>
          ))}
        </fieldset>
      ))}
    </FormDialog>
  );
}
