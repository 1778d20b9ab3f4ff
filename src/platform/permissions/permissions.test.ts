import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, permissionsOf } from './permissions.js';
import { ROLES } from './roles.js';

describe('who may do what', () => {
  it('lets nobody who is signed out do anything but public things', () => {
    for (const permission of PERMISSIONS) expect(can(null, permission)).toBe(permission === 'public');
  });

  it('gives administration only to administrators', () => {
    for (const role of ROLES) {
      const actor = { id: 'x', role };
      expect(can(actor, 'users:manage')).toBe(role === 'administrator');
      expect(can(actor, 'partnership:manage')).toBe(role === 'administrator');
      expect(can(actor, 'audit:view')).toBe(role === 'administrator');
    }
  });

  it('lets every member of staff see the shape of the partnership, but not family members', () => {
    for (const role of ROLES) expect(can({ id: 'x', role }, 'partnership:view')).toBe(role !== 'family_member');
  });

  it('lists what a role holds', () => {
    expect(permissionsOf('family_member')).toEqual(['public', 'signed-in']);
    expect(permissionsOf('administrator')).toEqual([
      'public',
      'signed-in',
      'partnership:view',
      'partnership:manage',
      'users:manage',
      'audit:view',
      'notifications:view',
      'api-tokens:manage',
    ]);
    expect(permissionsOf('hub_officer')).toEqual([
      'public',
      'signed-in',
      'partnership:view',
      'families:work',
      'people:merge',
      'requests:make',
      'hub:work',
      'hub:figures',
    ]);
  });
});
