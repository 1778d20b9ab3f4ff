/**
 * The service navigation: each capability adds the pages it offers, with the permission a
 * person needs to see the link. People are shown only what they may use.
 */
import { can, type Permission } from '../permissions/permissions.js';
import type { CurrentUser } from '../http/types.js';

export interface NavigationEntry {
  href: string;
  text: string;
  permission: Permission;
  /** Where the link stands in the navigation, smallest first. */
  order: number;
}

export interface NavigationItem {
  href: string;
  text: string;
  active: boolean;
}

export class Navigation {
  private readonly entries: NavigationEntry[] = [];

  add(entry: NavigationEntry): void {
    this.entries.push(entry);
    this.entries.sort((a, b) => a.order - b.order);
  }

  for(user: CurrentUser | null, currentPath: string): NavigationItem[] {
    if (user === null) return [];
    return this.entries
      .filter((entry) => can(user, entry.permission))
      .map((entry) => ({
        href: entry.href,
        text: entry.text,
        active: entry.href === '/' ? currentPath === '/' : currentPath === entry.href || currentPath.startsWith(`${entry.href}/`),
      }));
  }
}
