/**
 * The audit actor for a request: the signed-in person.
 */
import type { FastifyRequest } from 'fastify';
import type { AuditActor } from './audit.service.js';

export function actorOf(request: FastifyRequest): AuditActor {
  const user = request.currentUser;
  if (!user) throw new Error('An audited action needs a signed-in person');
  return { userId: user.id, label: user.displayName };
}
