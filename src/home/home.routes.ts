/**
 * The home page: what the signed-in person does next.
 */
import type { FastifyInstance } from 'fastify';
import { can } from '../platform/permissions/permissions.js';
import type { Navigation } from '../platform/views/navigation.js';
import type { HomeService } from './home.service.js';

interface Deps {
  home: HomeService;
  navigation: Navigation;
}

export function registerHomeRoutes(app: FastifyInstance, { home, navigation }: Deps): void {
  navigation.add({ href: '/', text: 'Home', permission: 'signed-in', order: 0 });

  app.get('/', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const user = request.currentUser;
    if (!user) return reply.redirect('/sign-in');
    const page = await home.for(user);
    return reply.view('home/views/home.njk', {
      pageTitle: 'Home',
      page,
      role: user.role,
      worksWithFamilies: can(user, 'families:work'),
      canMerge: can(user, 'people:merge'),
      canReviewBreakGlass: can(user, 'break-glass:review'),
      canAskForSupport: can(user, 'requests:make'),
      worksTheHub: can(user, 'hub:work'),
      allocates: can(user, 'allocation:manage'),
      receivesSafeguarding: can(user, 'social-care:receive'),
    });
  });
}
