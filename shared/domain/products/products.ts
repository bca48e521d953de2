export const PRODUCT_KINDS = ['mail-service', 'domain', 'ksuite', 'hosting', 'drive', 'other'] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];
