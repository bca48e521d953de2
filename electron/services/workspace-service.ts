import type { WorkspaceInfo } from '../../shared/contract';
import { schemaVersion } from '../store/database';
import type { ServiceContext } from './context';

export class WorkspaceService {
  constructor(private readonly s: ServiceContext) {}

  info(): WorkspaceInfo {
    return {
      path: this.s.db.name,
      schemaVersion: schemaVersion(this.s.db),
      host: this.s.hostInfo.host,
      appVersion: this.s.hostInfo.appVersion,
      locale: this.s.hostInfo.locale,
    };
  }
}
