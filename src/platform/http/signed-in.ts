/**
 * The signed-in person of a request, for routes whose permission already requires one.
 */
import type { FastifyRequest } from 'fastify';
import type { CurrentUser } from './types.js';

export function signedIn(request: FastifyRequest): CurrentUser {
  if (!request.currentUser) throw new Error('This page needs a signed-in person');
  return request.currentUser;
}
