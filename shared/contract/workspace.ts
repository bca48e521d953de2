import { z } from 'zod';
import { EmptyInput, query } from './common';

export const WorkspaceInfo = z.object({
  /** Absolute path of the workspace database file. */
  path: z.string(),
  schemaVersion: z.int(),
  /** Which transport serves this session, for the About box and diagnostics. */
  host: z.enum(['desktop', 'web', 'cli', 'test']),
  appVersion: z.string(),
  /** The OS locale where the host knows it (Electron); the browser's own otherwise. */
  locale: z.string().nullable(),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfo>;

export const workspaceContract = {
  'workspace.info': query(EmptyInput, WorkspaceInfo),
};
