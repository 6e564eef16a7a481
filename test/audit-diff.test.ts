// The audit log's field-level diffs: a settings change records each changed field before → after
// (widget settings by key, the project's name), unchanged fields are left out, and a field that
// names a secret, token, password, hash or key never has its values written.
import { describe, expect, it } from 'vitest';
import { auditDiff } from '../contract/rest/audit.ts';
import { fieldDiff } from '../worker/tenancy/audit-diff.ts';
import { signUp } from './helpers/accounts.ts';
import { httpJson } from './helpers/http.ts';

interface Events {
  events: { type: string; data: Record<string, string | number | boolean | null> }[];
}

describe('audit diffs', () => {
  it('record what a settings change changed, before → after', async () => {
    const owner = await signUp();
    const path = `/api/projects/${owner.projectId}/settings`;
    const first = await httpJson('PATCH', path, {
      token: owner.accessToken,
      json: { widgetSettings: { color: '#2563eb', greeting: 'Hi' }, allowedDomains: ['https://shop.example'] },
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const second = await httpJson('PATCH', path, {
      token: owner.accessToken,
      json: {
        widgetSettings: { color: '#059669', greeting: 'Hi', preChatForm: true },
        allowedDomains: ['https://shop.example'],
      },
    });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    const rename = await httpJson('PATCH', `/api/projects/${owner.projectId}`, {
      token: owner.accessToken,
      json: { name: 'Acme Outdoor' },
    });
    expect(rename.status, JSON.stringify(rename.body)).toBe(200);

    const audit = await httpJson<Events>(
      'GET',
      `/api/projects/${owner.projectId}/audit?type=project.settings_changed`,
      {
        token: owner.accessToken,
      },
    );
    const [renamed, latest, earlier] = audit.body.events;
    expect(renamed?.data.fields).toBe('name');
    expect(auditDiff.parse(JSON.parse(String(renamed?.data.diff)))).toEqual([
      { field: 'name', from: expect.any(String), to: 'Acme Outdoor' },
    ]);
    expect(latest?.data.fields).toBe('allowedDomains,widgetSettings');
    // The greeting and the domains did not change: only the colour and the pre-chat form are listed.
    expect(auditDiff.parse(JSON.parse(String(latest?.data.diff)))).toEqual([
      { field: 'widgetSettings.color', from: '#2563eb', to: '#059669' },
      { field: 'widgetSettings.preChatForm', from: null, to: true },
    ]);
    expect(auditDiff.parse(JSON.parse(String(earlier?.data.diff)))).toEqual([
      { field: 'allowedDomains', from: '', to: 'https://shop.example' },
      { field: 'widgetSettings.color', from: null, to: '#2563eb' },
      { field: 'widgetSettings.greeting', from: null, to: 'Hi' },
    ]);
  });

  it('never writes the values of secrets, tokens, passwords, hashes or keys', () => {
    const before = {
      identitySecret: 'v1:old-ciphertext',
      webhook: { url: 'https://a.example/hook', signingSecret: 'whsec_old', apiToken: 'tok_old' },
      widgetKey: 'pk_old',
      passwordHash: 'h1',
    };
    const after = {
      identitySecret: 'v1:new-ciphertext',
      webhook: { url: 'https://b.example/hook', signingSecret: 'whsec_new', apiToken: 'tok_new' },
      widgetKey: 'pk_new',
      passwordHash: 'h2',
    };
    const diff = fieldDiff(before, after, Object.keys(after));
    expect(diff).toEqual([
      { field: 'identitySecret', from: '[redacted]', to: '[redacted]' },
      { field: 'passwordHash', from: '[redacted]', to: '[redacted]' },
      { field: 'webhook.apiToken', from: '[redacted]', to: '[redacted]' },
      { field: 'webhook.signingSecret', from: '[redacted]', to: '[redacted]' },
      { field: 'webhook.url', from: 'https://a.example/hook', to: 'https://b.example/hook' },
      { field: 'widgetKey', from: '[redacted]', to: '[redacted]' },
    ]);
    const written = JSON.stringify(diff);
    for (const secret of ['old-ciphertext', 'new-ciphertext', 'whsec_', 'tok_', 'pk_', 'h1', 'h2']) {
      expect(written).not.toContain(secret);
    }
  });
});
