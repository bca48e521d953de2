import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Product } from '../../../../shared/contract';
import { PRODUCT_KINDS } from '../../../../shared/domain/products/products';
import { api } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field, SelectField } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import { invalidate } from '../../stores/invalidate';
import { toast } from '../../stores/use-toast-store';

type OtherKind = Exclude<(typeof PRODUCT_KINDS)[number], 'mail-service'>;
const OTHER_KINDS = PRODUCT_KINDS.filter((k): k is OtherKind => k !== 'mail-service');

export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((tag) => tag.trim())
        .filter((tag) => tag.length > 0),
    ),
  ];
}

export function AddProductDialog({ organisationId, onClose }: { organisationId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<OtherKind>('domain');
  const [name, setName] = useState('');
  const [tags, setTags] = useState('');
  return (
    <FormDialog
      title={t('products.addTitle')}
      submitLabel={t('products.add')}
      onClose={onClose}
      submitDisabled={name.trim() === ''}
      onSubmit={async () => {
        const created = await api().products.create({ organisationId, kind, name: name.trim(), tags: parseTags(tags) });
        invalidate(['products', 'organisations']);
        toast({ tone: 'success', message: t('products.added', { name: created.name }) });
      }}
    >
      <SelectField
        label={t('products.kind')}
        value={kind}
        onChange={(value) => setKind(value as OtherKind)}
        options={OTHER_KINDS.map((k) => ({ value: k, label: t(`products.kinds.${k}`) }))}
        hint={t('products.kindHint')}
      />
      <Field
        label={t('products.name')}
        value={name}
        onChange={(e) => setName(e.target.value)}
        maxLength={120}
        required
        autoFocus
      />
      <Field label={t('products.tags')} value={tags} onChange={(e) => setTags(e.target.value)} hint={t('products.tagsHint')} />
    </FormDialog>
  );
}

export function DeleteProductDialog({ product, onClose }: { product: Product; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <ConfirmDialog
      title={t('products.deleteTitle', { name: product.name })}
      confirmLabel={t('products.delete')}
      onClose={onClose}
      onConfirm={async () => {
        await api().products.delete({ id: product.id });
        invalidate(['products', 'organisations', 'mailServices']);
        toast({ tone: 'success', message: t('products.deleted', { name: product.name }) });
      }}
    >
      <p>{t('products.deleteText', { kind: t(`products.kinds.${product.kind}`) })}</p>
    </ConfirmDialog>
  );
}
