import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type WebFrameMain } from 'electron';
import { IPC_INVOKE, type Result } from '../../shared/contract';
import type { Dispatcher } from '../rpc/dispatcher';
import { checkIpcSender, isInvokeMessage, type FrameFacts, type TrustedWindowFacts } from './ipc-checks';

export interface RegisterContractOptions {
  dispatcher: Dispatcher;
  /** The window whose main frame may call; null while none is open. */
  getWindow: () => BrowserWindow | null;
  /** Audit actor for every call from the desktop app, e.g. `desktop:anna`. */
  actor: string;
  /** Told about refused senders (for the log); never told the input. */
  onRefused?: (reason: string) => void;
}

/**
 * The only place in the app that touches ipcMain. One handler serves every
 * contract channel: it checks who is calling, checks the message shape and
 * hands the call to the same dispatcher the web host and the CLI use.
 * Returns a function that removes the handler.
 */
export function registerContract(options: RegisterContractOptions): () => void {
  ipcMain.handle(IPC_INVOKE, async (event, message: unknown): Promise<Result<unknown>> => {
    const verdict = checkIpcSender(
      { webContentsId: event.sender.id, frame: frameFacts(event) },
      trustedWindowFacts(options.getWindow()),
    );
    if (!verdict.trusted) {
      options.onRefused?.(verdict.reason);
      return { ok: false, error: { code: 'forbidden', message: `Call refused: ${verdict.reason}.` } };
    }
    if (!isInvokeMessage(message)) {
      return { ok: false, error: { code: 'invalid-input', message: 'Expected a message of the form {channel, input}.' } };
    }
    return options.dispatcher.dispatch(message.channel, message.input, { actor: options.actor });
  });
  return () => ipcMain.removeHandler(IPC_INVOKE);
}

function frameFacts(event: IpcMainInvokeEvent): FrameFacts | null {
  try {
    const frame: WebFrameMain | null = event.senderFrame;
    if (!frame || frame.isDestroyed() || frame.detached) return null;
    return { url: frame.url, frameTreeNodeId: frame.frameTreeNodeId, isTopLevel: frame.parent === null };
  } catch {
    // Reading a frame that was disposed mid-call throws: treat it as gone.
    return null;
  }
}

function trustedWindowFacts(window: BrowserWindow | null): TrustedWindowFacts | null {
  if (!window || window.isDestroyed()) return null;
  const contents = window.webContents;
  if (contents.isDestroyed()) return null;
  return { webContentsId: contents.id, mainFrameTreeNodeId: contents.mainFrame.frameTreeNodeId };
}
