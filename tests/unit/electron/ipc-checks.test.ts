import { describe, expect, it } from 'vitest';
import { checkIpcSender, isInvokeMessage, type SenderFacts, type TrustedWindowFacts } from '../../../electron/ipc/ipc-checks';
import { isAppUrl } from '../../../electron/security/app-origin';

const trusted: TrustedWindowFacts = { webContentsId: 3, mainFrameTreeNodeId: 11 };
const mainFrame = { url: 'app://mailwright/mailboxes', frameTreeNodeId: 11, isTopLevel: true };
const fromMainFrame: SenderFacts = { webContentsId: 3, frame: mainFrame };

describe('checkIpcSender', () => {
  it('trusts the main frame of our window on app://mailwright', () => {
    expect(checkIpcSender(fromMainFrame, trusted)).toEqual({ trusted: true });
    const root = { ...fromMainFrame, frame: { ...mainFrame, url: 'app://mailwright/' } };
    expect(checkIpcSender(root, trusted)).toEqual({ trusted: true });
  });

  it.each([
    ['an https page', 'https://mailwright/'],
    ['another app host', 'app://evil/'],
    ['app host with a port', 'app://mailwright:8080/'],
    ['app URL with credentials', 'app://user@mailwright/'],
    ['a file page', 'file:///tmp/index.html'],
    ['about:blank', 'about:blank'],
    ['a data URL', 'data:text/html,hi'],
    ['an empty URL', ''],
  ])('refuses %s', (_label, url) => {
    const verdict = checkIpcSender({ ...fromMainFrame, frame: { ...mainFrame, url } }, trusted);
    expect(verdict).toEqual({ trusted: false, reason: 'sent from a foreign origin' });
  });

  it('refuses a subframe, even on our own origin', () => {
    const subframe = { url: 'app://mailwright/embedded.html', frameTreeNodeId: 12, isTopLevel: false };
    expect(checkIpcSender({ webContentsId: 3, frame: subframe }, trusted)).toMatchObject({
      trusted: false,
      reason: 'sent by a subframe',
    });
  });

  it('refuses a top-level frame that is not the main frame of our window', () => {
    const other = { ...mainFrame, frameTreeNodeId: 99 };
    expect(checkIpcSender({ webContentsId: 3, frame: other }, trusted)).toMatchObject({ trusted: false });
  });

  it('refuses another webContents', () => {
    expect(checkIpcSender({ ...fromMainFrame, webContentsId: 4 }, trusted)).toMatchObject({
      trusted: false,
      reason: 'not sent by the app window',
    });
  });

  it('refuses when the sending frame is missing', () => {
    expect(checkIpcSender({ webContentsId: 3, frame: null }, trusted)).toMatchObject({
      trusted: false,
      reason: 'the sending frame is gone',
    });
  });

  it('refuses everything while no window is open', () => {
    expect(checkIpcSender(fromMainFrame, null)).toMatchObject({ trusted: false });
  });
});

describe('isInvokeMessage', () => {
  it('accepts {channel, input}', () => {
    expect(isInvokeMessage({ channel: 'mailboxes.list', input: {} })).toBe(true);
    expect(isInvokeMessage({ channel: 'workspace.info' })).toBe(true);
  });

  it.each([
    ['null', null],
    ['a string', 'mailboxes.list'],
    ['an array', ['mailboxes.list', {}]],
    ['no channel', { input: {} }],
    ['a numeric channel', { channel: 1, input: {} }],
    ['an empty channel', { channel: '', input: {} }],
    ['an over-long channel', { channel: 'x'.repeat(101), input: {} }],
    ['extra keys', { channel: 'mailboxes.list', input: {}, actor: 'someone-else' }],
  ])('refuses %s', (_label, message) => {
    expect(isInvokeMessage(message)).toBe(false);
  });
});

describe('isAppUrl', () => {
  it('knows our origin by its parts (Node reports "null" as the origin of app: URLs)', () => {
    expect(isAppUrl('app://mailwright/assets/index.js')).toBe(true);
    expect(isAppUrl('app://mailwright.evil/')).toBe(false);
    expect(isAppUrl('APP://mailwright/')).toBe(true); // schemes are case-insensitive
    expect(isAppUrl(42)).toBe(false);
  });
});
