import { create } from 'zustand';
import { ALL_CHANGE_AREAS, type AccessMatrix, type Me, type Member, type Role, type WorkGroup } from '../../../shared/contract';
import { roleAllows, type OrganisationAction, type ProductRight } from '../../../shared/domain/roles/permissions';
import { api } from '../api';
import { invalidate, onChange } from './invalidate';
import { useOrganisationsStore } from './use-organisations-store';

interface AccessState {
  me: Me | null;
  /** The current organisation's members, access matrix and work groups (what the acting user may see of them). */
  members: Member[];
  matrix: AccessMatrix | null;
  groups: WorkGroup[];
  loadMe(): Promise<void>;
  loadOrganisation(): Promise<void>;
  actAs(userId: number): Promise<void>;
}

export const useAccessStore = create<AccessState>()((set, get) => ({
  me: null,
  members: [],
  matrix: null,
  groups: [],
  async loadMe() {
    set({ me: await api().access.me() });
  },
  async loadOrganisation() {
    const organisationId = useOrganisationsStore.getState().currentId;
    if (organisationId === null) return set({ members: [], matrix: null, groups: [] });
    const role = roleIn(get().me, organisationId);
    const manages = roleAllows(role, 'manage-access');
    const [members, matrix, groups] = await Promise.all([
      role ? api().users.list({ organisationId }) : Promise.resolve([]),
      manages ? api().access.matrix({ organisationId }) : Promise.resolve(null),
      manages ? api().workGroups.list({ organisationId }) : Promise.resolve([]),
    ]);
    set({ members, matrix, groups });
  },
  async actAs(userId) {
    set({ me: await api().access.actAs({ userId }) });
    // Everything shown may change with who is looking.
    invalidate(ALL_CHANGE_AREAS);
  },
}));

export function roleIn(me: Me | null, organisationId: number | null): Role | undefined {
  return me?.memberships.find((m) => m.organisationId === organisationId)?.role;
}

/** The acting user's role in the current organisation. */
export function useMyRole(): Role | undefined {
  const currentId = useOrganisationsStore((s) => s.currentId);
  return useAccessStore((s) => roleIn(s.me, currentId));
}

export function useCan(action: OrganisationAction): boolean {
  return roleAllows(useMyRole(), action);
}

onChange(['access', 'organisations'], async () => {
  await useAccessStore.getState().loadMe();
  await useAccessStore.getState().loadOrganisation();
});
useOrganisationsStore.subscribe((state, previous) => {
  if (state.currentId !== previous.currentId) void useAccessStore.getState().loadOrganisation();
});

/** Whether the acting user holds a right on a product (the services check it again). */
export function useHasRight(productId: number | undefined, right: ProductRight): boolean {
  return useAccessStore((s) => s.me?.rights.some((r) => r.productId === productId && r.rights.includes(right)) ?? false);
}
