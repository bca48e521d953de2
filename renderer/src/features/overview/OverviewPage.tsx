import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailService, Product } from '../../../../shared/contract';
import { api } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Icon } from '../../components/icons';
import { PageHeader } from '../../components/PageHeader';
import { QuotaBar } from '../../components/QuotaBar';
import { invalidate } from '../../stores/invalidate';
import { useMailboxesStore } from '../../stores/use-mailboxes-store';
import { useCurrentOrganisation } from '../../stores/use-organisations-store';
import { useProductsStore } from '../../stores/use-products-store';
import { useCan } from '../../stores/use-access-store';
import { useRouteStore } from '../../stores/use-route-store';
import { toast } from '../../stores/use-toast-store';
import { DeleteOrganisationDialog, RenameOrganisationDialog } from '../organisations/OrganisationDialogs';
import { AddMailServiceDialog, DeleteMailServiceDialog, EditMailServiceDialog } from './MailServiceDialogs';
import { AddProductDialog, DeleteProductDialog } from './ProductDialogs';

type Open =
  | { kind: 'rename' | 'delete-org' | 'add-service' | 'add-product' }
  | { kind: 'edit-service' | 'delete-service'; service: MailService }
  | { kind: 'delete-product'; product: Product }
  | null;

export function OverviewPage() {
  const { t } = useTranslation();
  const organisation = useCurrentOrganisation();
  const services = useProductsStore((s) => s.services);
  const products = useProductsStore((s) => s.products);
  const loaded = useProductsStore((s) => s.loaded);
  const [open, setOpen] = useState<Open>(null);
  // The services refuse what the acting user may not do; the page doesn't offer it either.
  const manager = useCan('create-product');
  const legalRepresentative = useCan('delete');
  const close = () => setOpen(null);
  if (!organisation) return null;
  const others = products.filter((p) => p.kind !== 'mail-service');

  return (
    <div className="page">
      <PageHeader
        title={organisation.name}
        subtitle={t('overview.subtitle', { count: organisation.productCount })}
        actions={
          <>
            {manager && (
              <button type="button" className="button" onClick={() => setOpen({ kind: 'rename' })}>
                {t('organisations.rename')}
              </button>
            )}
            {legalRepresentative && (
              <button type="button" className="button button-danger-ghost" onClick={() => setOpen({ kind: 'delete-org' })}>
                {t('organisations.delete')}
              </button>
            )}
          </>
        }
      />

      <section className="section" aria-labelledby="services-heading">
        <div className="section-header">
          <h2 id="services-heading">{t('services.title')}</h2>
          {manager && (
            <button type="button" className="button button-primary" onClick={() => setOpen({ kind: 'add-service' })}>
              <Icon name="plus" size={16} />
              {t('services.add')}
            </button>
          )}
        </div>
        {loaded && services.length === 0 ? (
          <EmptyState title={t('services.emptyTitle')}>
            <p>{t('services.emptyText')}</p>
          </EmptyState>
        ) : (
          <ul className="cards">
            {services.map((service) => (
              <MailServiceCard
                key={service.id}
                service={service}
                onEdit={() => setOpen({ kind: 'edit-service', service })}
                onDelete={() => setOpen({ kind: 'delete-service', service })}
              />
            ))}
          </ul>
        )}
      </section>

      <section className="section" aria-labelledby="products-heading">
        <div className="section-header">
          <h2 id="products-heading">{t('products.title')}</h2>
          {manager && (
            <button type="button" className="button" onClick={() => setOpen({ kind: 'add-product' })}>
              <Icon name="plus" size={16} />
              {t('products.add')}
            </button>
          )}
        </div>
        {others.length === 0 ? (
          <p className="muted">{t('products.empty')}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('products.name')}</th>
                <th scope="col">{t('products.kind')}</th>
                <th scope="col">{t('products.tags')}</th>
                <th scope="col">{t('products.status')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {others.map((product) => (
                <tr key={product.id}>
                  <td>{product.name}</td>
                  <td>{t(`products.kinds.${product.kind}`)}</td>
                  <td>
                    {product.tags.map((tag) => (
                      <span key={tag} className="tag">
                        {tag}
                      </span>
                    ))}
                  </td>
                  <td>
                    {product.locked ? <span className="badge badge-warning">{t('products.locked')}</span> : t('products.active')}
                  </td>
                  <td className="row-actions">
                    {manager && (
                      <>
                        <LockButton product={product} small />
                        <button
                          type="button"
                          className="button button-small button-danger-ghost"
                          onClick={() => setOpen({ kind: 'delete-product', product })}
                          aria-label={t('products.deleteNamed', { name: product.name })}
                        >
                          {t('common.delete')}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {open?.kind === 'rename' && <RenameOrganisationDialog organisation={organisation} onClose={close} />}
      {open?.kind === 'delete-org' && <DeleteOrganisationDialog organisation={organisation} onClose={close} />}
      {open?.kind === 'add-service' && <AddMailServiceDialog organisationId={organisation.id} onClose={close} />}
      {open?.kind === 'edit-service' && <EditMailServiceDialog service={open.service} onClose={close} />}
      {open?.kind === 'delete-service' && <DeleteMailServiceDialog service={open.service} onClose={close} />}
      {open?.kind === 'add-product' && <AddProductDialog organisationId={organisation.id} onClose={close} />}
      {open?.kind === 'delete-product' && <DeleteProductDialog product={open.product} onClose={close} />}
    </div>
  );
}

function MailServiceCard({ service, onEdit, onDelete }: { service: MailService; onEdit: () => void; onDelete: () => void }) {
  const { t } = useTranslation();
  const manager = useCan('create-product');
  const go = useRouteStore((s) => s.go);
  const setService = useMailboxesStore((s) => s.setService);
  return (
    <li className="card">
      <div className="card-header">
        <h3>{service.domain}</h3>
        <div className="badges">
          {service.maintenance && <span className="badge badge-warning">{t('services.maintenanceBadge')}</span>}
          {service.locked && <span className="badge badge-danger">{t('products.locked')}</span>}
        </div>
      </div>
      {service.name !== service.domain && <p className="muted">{service.name}</p>}
      <QuotaBar
        used={service.addressesUsed}
        quota={service.addressQuota}
        label={t('services.quotaLabel', { domain: service.domain })}
      />
      <div className="card-actions">
        <button
          type="button"
          className="button button-primary"
          onClick={() => {
            setService(service.id);
            go('mailboxes');
          }}
          aria-label={t('services.openMailboxesOf', { domain: service.domain })}
        >
          {t('services.openMailboxes')}
        </button>
        <button
          type="button"
          className="button"
          onClick={onEdit}
          aria-label={t('services.editNamed', { domain: service.domain })}
        >
          {t('common.edit')}
        </button>
        {manager && (
          <>
            <LockButton product={{ id: service.productId, name: service.domain, locked: service.locked }} />
            <button
              type="button"
              className="button button-danger-ghost"
              onClick={onDelete}
              aria-label={t('services.deleteNamed', { domain: service.domain })}
            >
              {t('common.delete')}
            </button>
          </>
        )}
      </div>
    </li>
  );
}

function LockButton({ product, small = false }: { product: Pick<Product, 'id' | 'name' | 'locked'>; small?: boolean }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState(false);
  const toggle = async () => {
    await api().products.update({ id: product.id, locked: !product.locked });
    invalidate(['products', 'mailServices']);
    toast({
      tone: 'success',
      message: t(product.locked ? 'products.unlockedToast' : 'products.lockedToast', { name: product.name }),
    });
  };
  return (
    <>
      <button
        type="button"
        className={small ? 'button button-small' : 'button'}
        onClick={() => {
          setError(null);
          // Locking stops every change to the product: confirmed in a red dialog. Unlocking needs no second thought.
          if (product.locked) toggle().catch(setError);
          else setConfirming(true);
        }}
        aria-label={t(product.locked ? 'products.unlockNamed' : 'products.lockNamed', { name: product.name })}
      >
        {product.locked ? t('products.unlock') : t('products.lock')}
      </button>
      {confirming && (
        <ConfirmDialog
          title={t('products.lockConfirmTitle', { name: product.name })}
          confirmLabel={t('products.lockConfirm')}
          onClose={() => setConfirming(false)}
          onConfirm={toggle}
        >
          <p>{t('products.lockConfirmText', { name: product.name })}</p>
          <p className="field-hint">{t('services.adminOnly')}</p>
        </ConfirmDialog>
      )}
      {error !== null && <ErrorMessage error={error} />}
    </>
  );
}
