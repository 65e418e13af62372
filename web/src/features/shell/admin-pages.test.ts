import { describe, expect, it } from 'vitest';
import { adminPagesFor, adminRedirect } from './admin-pages.ts';

describe('admin pages by capability', () => {
  it('lists only the pages of the capabilities held', () => {
    const pages = adminPagesFor({ capabilities: ['manageFunnels', 'exportPeople'] }).map((p) => p.to);
    expect(pages).toEqual(['/admin/pipelines', '/admin/opportunity-settings']);
    expect(adminPagesFor({ capabilities: [] })).toEqual([]);
    expect(adminPagesFor({ capabilities: ['manageIntegrations'] }).map((p) => p.to)).toEqual([
      '/admin/integrations',
      '/admin/webhooks',
      '/admin/deliveries',
      '/admin/intake',
      '/admin/intake-log',
    ]);
  });

  it('lets a holder stay on the page and sends others to their first page or out of the area', () => {
    const funnels = { capabilities: ['manageFunnels'] as const };
    expect(adminRedirect(funnels, '/admin/pipelines')).toBeNull();
    expect(adminRedirect(funnels, '/admin/users')).toBe('/admin/pipelines');
    expect(adminRedirect(funnels, '/admin')).toBe('/admin/pipelines');
    expect(adminRedirect({ capabilities: ['exportPeople'] }, '/admin/pipelines')).toBe('/people');
  });
});
