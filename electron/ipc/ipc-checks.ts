import { isAppUrl } from '../security/app-origin';

/**
 * Pure checks for the IPC adapter (register-contract.ts), kept free of
 * 'electron' so they run in unit tests. The adapter copies the facts it needs
 * out of Electron's objects and asks these functions for a verdict.
 */

export interface FrameFacts {
  url: string;
  /** Browser-wide id of the frame, fixed for its lifetime (`frame.frameTreeNodeId`). */
  frameTreeNodeId: number;
  /** `frame.parent === null`: the frame is a top-level document. */
  isTopLevel: boolean;
}

export interface SenderFacts {
  /** `event.sender.id` */
  webContentsId: number;
  /** `event.senderFrame`: null when the frame navigated away or was destroyed. */
  frame: FrameFacts | null;
}

/** Our one window: its webContents and that webContents' main frame. */
export interface TrustedWindowFacts {
  webContentsId: number;
  mainFrameTreeNodeId: number;
}

export type SenderVerdict = { trusted: true } | { trusted: false; reason: string };

/**
 * A call is trusted only from the main frame of our own window showing our own
 * origin. Anything else — an iframe, another window, a page that navigated
 * elsewhere, a frame that is gone — gets no access to the workspace.
 */
export function checkIpcSender(sender: SenderFacts, trusted: TrustedWindowFacts | null): SenderVerdict {
  if (!trusted) return { trusted: false, reason: 'the app window is not open' };
  if (!sender.frame) return { trusted: false, reason: 'the sending frame is gone' };
  if (sender.webContentsId !== trusted.webContentsId) return { trusted: false, reason: 'not sent by the app window' };
  const frame = sender.frame;
  if (!frame.isTopLevel) return { trusted: false, reason: 'sent by a subframe' };
  if (frame.frameTreeNodeId !== trusted.mainFrameTreeNodeId) return { trusted: false, reason: 'not sent by the main frame' };
  if (!isAppUrl(frame.url)) return { trusted: false, reason: 'sent from a foreign origin' };
  return { trusted: true };
}

export interface InvokeMessage {
  channel: string;
  input: unknown;
}

/** The one message shape the preload bridge sends: `{channel, input}` and nothing else. */
export function isInvokeMessage(message: unknown): message is InvokeMessage {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return false;
  const keys = Object.keys(message);
  if (!keys.every((key) => key === 'channel' || key === 'input')) return false;
  const channel = (message as { channel?: unknown }).channel;
  return typeof channel === 'string' && channel.length > 0 && channel.length <= 100;
}
