import type { Page, Route } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { sql } from './support/agent.ts';
import { demoPage, newAccount, screenshot, signUp } from './support/dashboard.ts';
import { PDF, PHOTO, SCREENSHOT } from './support/files.ts';
import { browserPages } from './support/pages.ts';
import { say, widget, widgetReady } from './support/widget-page.ts';

const baseUrl = inject('baseUrl');
const hostUrl = inject('hostUrl');
const databaseUrl = inject('databaseUrl');

const { newPage } = browserPages({ width: 1280, height: 800 });

/** Drops a file on an element the way a browser does: dragover, then drop, with a DataTransfer. */
async function dropFile(target: ReturnType<Page['locator']>, name: string, type: string, bytes: Buffer) {
  await target.evaluate(
    (el, file) => {
      const data = new DataTransfer();
      data.items.add(
        new File([Uint8Array.from(atob(file.b64), (c) => c.charCodeAt(0))], file.name, { type: file.type }),
      );
      el.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    { name, type, b64: bytes.toString('base64') },
  );
}

/** Pastes a file into a text box as a screenshot tool's clipboard does. */
async function pasteFile(target: ReturnType<Page['locator']>, name: string, type: string, bytes: Buffer) {
  await target.evaluate(
    (el, file) => {
      const data = new DataTransfer();
      data.items.add(
        new File([Uint8Array.from(atob(file.b64), (c) => c.charCodeAt(0))], file.name, { type: file.type }),
      );
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    { name, type, b64: bytes.toString('base64') },
  );
}

/** An image that the browser has actually decoded (not a broken link). */
const decoded = (img: ReturnType<Page['locator']>) =>
  img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0);

/** Requests the page sent to an attachment upload route. */
function countUploads(page: Page): { count: number } {
  const seen = { count: 0 };
  page.on('request', (req) => {
    if (req.method() === 'POST' && /\/attachments$/.test(new URL(req.url()).pathname)) seen.count++;
  });
  return seen;
}

const JOURNEY_MS = 180_000;

describe('attachments from both sides', () => {
  it(
    'a visitor sends an image and a PDF, the agent a pasted screenshot; limits refuse before upload and on the server',
    async () => {
      const agent = await newPage();
      const manager = newAccount('attach', 'Ada Agent');
      const projectId = await signUp(agent, baseUrl, manager, 'Fjord Bikes');
      const [project] = await sql<{ widget_key: string }>(
        databaseUrl,
        'select widget_key from projects where id = $1',
        [projectId],
      );
      const widgetKey = project?.widget_key ?? '';
      const demo = demoPage(hostUrl, baseUrl, widgetKey);

      // The visitor: the file button says what the project accepts before anything is sent.
      const visitor = await newPage();
      const visitorUploads = countUploads(visitor);
      await visitor.goto(demo);
      await widgetReady(visitor);
      const w = widget(visitor);
      await w.launcher.click();
      const attach = w.host.locator('label.attach');
      await expect
        .poll(() => attach.getAttribute('title'))
        .toBe('PNG, JPEG, GIF, WEBP, PDF, Word, Excel, PowerPoint · up to 10 MB');
      await say(visitor, 'Hi! My bike arrived with a scratch, photo and invoice attached.');
      await w.host
        .locator('input[type=file]')
        .setInputFiles({ name: 'scratch.png', mimeType: 'image/png', buffer: PHOTO });
      await dropFile(w.panel, 'invoice-2291.pdf', 'application/pdf', PDF);

      // Both reach the visitor's own thread (through the room) and the agent's.
      const visitorThumbs = w.host.locator('li.msg.own .thumb img');
      await visitorThumbs.first().waitFor();
      await w.host.locator('li.msg.own a.file-card').filter({ hasText: 'invoice-2291.pdf' }).waitFor();
      expect(visitorUploads.count).toBe(2);
      const row = agent.getByTestId('conversation-list').locator('li').first();
      // The preview names the last file that arrived.
      await row.getByText(/invoice-2291\.pdf|scratch\.png/).waitFor();
      await row.locator('a').click();
      const agentImage = agent.getByTestId('visitor-message').getByTestId('attachment-image').locator('img');
      await agentImage.waitFor();
      await expect.poll(() => decoded(agentImage)).toBe(true);
      const card = agent.getByTestId('attachment-file').filter({ hasText: 'invoice-2291.pdf' });
      await card.waitFor();
      expect(await card.textContent()).toContain('1 KB');
      expect(await agent.getByTestId('composer-attach').getAttribute('title')).toBe(
        'PNG, JPEG, GIF, WEBP, PDF, Word, Excel, PowerPoint · up to 10 MB',
      );

      // The agent pastes a screenshot into the reply box; the visitor sees it and opens it.
      await pasteFile(agent.getByTestId('composer-input'), 'screenshot.png', 'image/png', SCREENSHOT);
      await agent.getByTestId('agent-message').getByTestId('attachment-image').waitFor();
      await agent.getByTestId('composer-input').fill('Sorry about that! Is this the spot on the frame?');
      await agent.getByTestId('composer-input').press('Enter');
      const teamThumb = w.host.locator('li.msg.team .thumb');
      await teamThumb.waitFor();
      await expect.poll(() => decoded(teamThumb.locator('img'))).toBe(true);
      await w.host.locator('li.msg.team .bubble').filter({ hasText: 'spot on the frame' }).waitFor();
      await screenshot(visitor, 'attachments-widget');
      await screenshot(agent, 'attachments-dashboard');
      await agentImage.click();
      const lightboxImage = agent.getByRole('dialog').locator('img');
      await lightboxImage.waitFor();
      await expect.poll(() => decoded(lightboxImage)).toBe(true);
      await agent.keyboard.press('Escape');
      await expect.poll(() => lightboxImage.count()).toBe(0);

      await teamThumb.click();
      const lightbox = w.host.locator('.lightbox');
      await lightbox.waitFor();
      expect(await lightbox.getAttribute('aria-label')).toBe('screenshot.png');
      await visitor.keyboard.press('Escape');
      await expect.poll(() => lightbox.count()).toBe(0);
      expect(await w.panel.isVisible()).toBe(true);

      // An upload can be cancelled while it travels: nothing is sent.
      // Held: the upload stays in flight until cancelled. Playwright keeps the intercepted request
      // after the browser aborts it, and may let it through on unroute: it is aborted here as well,
      // so the held file never reaches the server (once it did, and the visitor saw two images).
      let held: Route | undefined;
      await agent.route('**/attachments', (route) => {
        held = route;
      });
      await agent
        .getByTestId('composer-file-input')
        .setInputFiles({ name: 'held.png', mimeType: 'image/png', buffer: PHOTO });
      const progress = agent.getByTestId('upload-progress');
      await progress.waitFor();
      await agent.getByRole('button', { name: 'Cancel upload of held.png' }).click();
      await expect.poll(() => progress.count()).toBe(0);
      await held?.abort().catch(() => {});
      await agent.unrouteAll({ behavior: 'ignoreErrors' });

      // The phone: the same conversation, full screen.
      const phone = await newPage({ width: 390, height: 844 });
      // The same visitor on a phone: their token is in place before the widget starts.
      const tokenKey = `parley:${widgetKey}:visitor`;
      const token = await visitor.evaluate((k) => localStorage.getItem(k), tokenKey);
      await phone.context().addInitScript(
        ([key, value]) => {
          if (key && value) localStorage.setItem(key, value);
        },
        [tokenKey, token],
      );
      await phone.goto(demo);
      await widgetReady(phone);
      await widget(phone).launcher.click();
      await widget(phone).host.locator('li.msg.team .thumb img').waitFor();
      await expect.poll(() => decoded(widget(phone).host.locator('li.msg.team .thumb img'))).toBe(true);
      await screenshot(phone, 'attachments-widget-phone');

      // A Manager narrows the limits: images only, up to 1 MB.
      await agent.goto(`${baseUrl}/p/${projectId}/settings/attachments`);
      const form = agent.getByTestId('attachment-limits-form');
      await form.getByLabel('Largest file (MB)').fill('1');
      for (const label of ['PDF', 'Word documents', 'Excel spreadsheets', 'PowerPoint presentations']) {
        await form.getByRole('checkbox', { name: label }).uncheck();
      }
      await form.getByRole('button', { name: 'Save limits' }).click();
      await agent.getByRole('status').filter({ hasText: 'Attachment limits saved' }).first().waitFor();
      const [audit] = await sql<{ data: Record<string, string> }>(
        databaseUrl,
        `select data from audit_events where project_id = $1 and type = 'project.settings_changed'`,
        [projectId],
      );
      expect(audit?.data).toMatchObject({ fields: 'attachmentMaxBytes,attachmentTypes' });

      // The widget learns them with its next session and refuses before uploading.
      await visitor.reload();
      await widgetReady(visitor);
      const uploadsBefore = visitorUploads.count;
      await w.launcher.click();
      await expect.poll(() => attach.getAttribute('title')).toBe('PNG, JPEG, GIF, WEBP · up to 1 MB');
      await w.host
        .locator('input[type=file]')
        .setInputFiles({ name: 'contract.pdf', mimeType: 'application/pdf', buffer: PDF });
      const refusal = w.host.locator('.upload.failed');
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain(
        '“contract.pdf” can’t be sent here. Accepted: PNG, JPEG, GIF, WEBP.',
      );
      await w.host.getByRole('button', { name: 'Dismiss' }).click();
      const big = Buffer.concat([PHOTO, Buffer.alloc(1024 * 1024 + 10)]);
      await dropFile(w.panel, 'huge.png', 'image/png', big);
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain('“huge.png” is 1.1 MB: files can be up to 1 MB here.');
      expect(visitorUploads.count).toBe(uploadsBefore);

      // The dashboard explains the same before uploading.
      await agent.goto(`${baseUrl}/p/${projectId}/inbox`);
      await agent.getByTestId('conversation-list').locator('li a').first().click();
      await agent.getByTestId('composer-attach').waitFor();
      const agentUploads = countUploads(agent);
      await agent
        .getByTestId('composer-file-input')
        .setInputFiles({ name: 'terms.pdf', mimeType: 'application/pdf', buffer: PDF });
      const agentRefusal = agent.getByTestId('upload-error');
      await agentRefusal.waitFor();
      expect(await agentRefusal.textContent()).toContain(
        '“terms.pdf” can’t be sent: this project accepts PNG, JPEG, GIF, WEBP.',
      );
      expect(agentUploads.count).toBe(0);

      // A client that skips the check is refused by the server, with nothing stored.
      const conversationId = /\/inbox\/([0-9a-f-]{36})/.exec(agent.url())?.[1] ?? '';
      const forced = await visitor.evaluate(
        async ({ apiBase, key, id, pdf, bigSize }) => {
          const token = JSON.parse(localStorage.getItem(key) ?? '""') as string;
          const post = async (bytes: Uint8Array<ArrayBuffer>, name: string) => {
            const form = new FormData();
            form.set('file', new File([bytes], name, { type: 'image/png' }));
            form.set('clientId', crypto.randomUUID());
            const res = await fetch(`${apiBase}/api/widget/conversations/${id}/attachments`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}` },
              body: form,
            });
            return { status: res.status, body: await res.json() };
          };
          const big = new Uint8Array(bigSize);
          big.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
          return [
            await post(
              Uint8Array.from(atob(pdf), (c) => c.charCodeAt(0)),
              'looks-like.png',
            ),
            await post(big, 'big.png'),
          ];
        },
        {
          apiBase: baseUrl,
          key: `parley:${widgetKey}:visitor`,
          id: conversationId,
          pdf: PDF.toString('base64'),
          bigSize: 1024 * 1024 + 10,
        },
      );
      expect(forced[0]).toMatchObject({ status: 415, body: { error: { code: 'unsupported_type' } } });
      expect(forced[1]).toMatchObject({ status: 413, body: { error: { code: 'attachment_too_large' } } });
      const stored = await sql<{ attachment_name: string }>(
        databaseUrl,
        'select attachment_name from messages where conversation_id = $1 and attachment_key is not null order by seq',
        [conversationId],
      );
      expect(stored.map((m) => m.attachment_name).sort()).toEqual([
        'invoice-2291.pdf',
        'scratch.png',
        'screenshot.png',
      ]);
    },
    JOURNEY_MS,
  );
});
