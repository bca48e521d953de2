import { WorkspaceSettings, type ParsedInput } from '../../shared/contract';
import type { ServiceContext } from './context';

/** Per-workspace UI preferences (the mailbox table's columns). Not audited: layout, not data. */
export class SettingsService {
  constructor(private readonly s: ServiceContext) {}

  get(): WorkspaceSettings {
    // Values written by another version may not fit today's schema: drop what doesn't, keep the rest.
    const stored = this.s.settings.all();
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(stored)) {
      const parsed = WorkspaceSettings.safeParse({ [key]: value });
      if (parsed.success) Object.assign(result, parsed.data);
    }
    return result as WorkspaceSettings;
  }

  update(input: ParsedInput<'settings.update'>): WorkspaceSettings {
    this.s.write((now) => this.s.settings.set(input, now));
    return this.get();
  }
}
